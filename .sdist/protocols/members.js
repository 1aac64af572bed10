import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime';
export var LeaderClaim;
(function (LeaderClaim) {
    let _codec;
    LeaderClaim.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.role != null && obj.role !== '')) {
                    w.uint32(10);
                    w.string(obj.role);
                }
                if ((obj.id != null && obj.id !== '')) {
                    w.uint32(18);
                    w.string(obj.id);
                }
                if ((obj.term != null && obj.term !== 0)) {
                    w.uint32(24);
                    w.uint64Number(obj.term);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    role: '',
                    id: '',
                    term: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.role = reader.string();
                            break;
                        }
                        case 2: {
                            obj.id = reader.string();
                            break;
                        }
                        case 3: {
                            obj.term = reader.uint64Number();
                            break;
                        }
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
                return obj;
            }, function* (reader, length, prefix, opts = {}) {
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.role`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.id`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.term`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
            });
        }
        return _codec;
    };
    function encode(obj) {
        return encodeMessage(obj, LeaderClaim.codec());
    }
    LeaderClaim.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, LeaderClaim.codec(), opts);
    }
    LeaderClaim.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, LeaderClaim.codec(), opts);
    }
    LeaderClaim.stream = stream;
})(LeaderClaim || (LeaderClaim = {}));
export var Heartbeat;
(function (Heartbeat) {
    let _codec;
    Heartbeat.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.id != null && obj.id !== '')) {
                    w.uint32(10);
                    w.string(obj.id);
                }
                if (obj.addrs != null && obj.addrs.length > 0) {
                    for (const value of obj.addrs) {
                        w.uint32(18);
                        w.string(value);
                    }
                }
                if (obj.roles != null && obj.roles.length > 0) {
                    for (const value of obj.roles) {
                        w.uint32(26);
                        w.string(value);
                    }
                }
                if (obj.leaders != null && obj.leaders.length > 0) {
                    for (const value of obj.leaders) {
                        w.uint32(34);
                        LeaderClaim.codec().encode(value, w);
                    }
                }
                if ((obj.freeDisk != null && obj.freeDisk !== 0)) {
                    w.uint32(40);
                    w.uint64Number(obj.freeDisk);
                }
                if ((obj.load != null && obj.load !== 0)) {
                    w.uint32(49);
                    w.double(obj.load);
                }
                if (obj.council != null && obj.council.length > 0) {
                    for (const value of obj.council) {
                        w.uint32(58);
                        w.string(value);
                    }
                }
                if ((obj.voter != null && obj.voter !== false)) {
                    w.uint32(64);
                    w.bool(obj.voter);
                }
                if ((obj.startedAt != null && obj.startedAt !== 0)) {
                    w.uint32(72);
                    w.uint64Number(obj.startedAt);
                }
                if ((obj.full != null && obj.full !== false)) {
                    w.uint32(80);
                    w.bool(obj.full);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    id: '',
                    addrs: [],
                    roles: [],
                    leaders: [],
                    freeDisk: 0,
                    load: 0,
                    council: [],
                    voter: false,
                    startedAt: 0,
                    full: false
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.id = reader.string();
                            break;
                        }
                        case 2: {
                            if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements');
                            }
                            obj.addrs.push(reader.string());
                            break;
                        }
                        case 3: {
                            if (opts.limits?.roles != null && obj.roles.length === opts.limits.roles) {
                                throw new MaxLengthError('Decode error - repeated field "roles" had too many elements');
                            }
                            obj.roles.push(reader.string());
                            break;
                        }
                        case 4: {
                            if (opts.limits?.leaders != null && obj.leaders.length === opts.limits.leaders) {
                                throw new MaxLengthError('Decode error - repeated field "leaders" had too many elements');
                            }
                            obj.leaders.push(LeaderClaim.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.leaders$
                            }));
                            break;
                        }
                        case 5: {
                            obj.freeDisk = reader.uint64Number();
                            break;
                        }
                        case 6: {
                            obj.load = reader.double();
                            break;
                        }
                        case 7: {
                            if (opts.limits?.council != null && obj.council.length === opts.limits.council) {
                                throw new MaxLengthError('Decode error - repeated field "council" had too many elements');
                            }
                            obj.council.push(reader.string());
                            break;
                        }
                        case 8: {
                            obj.voter = reader.bool();
                            break;
                        }
                        case 9: {
                            obj.startedAt = reader.uint64Number();
                            break;
                        }
                        case 10: {
                            obj.full = reader.bool();
                            break;
                        }
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
                return obj;
            }, function* (reader, length, prefix, opts = {}) {
                const obj = {
                    addrs: 0,
                    roles: 0,
                    leaders: 0,
                    council: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.id`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            if (opts.limits?.addrs != null && obj.addrs === opts.limits.addrs) {
                                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements');
                            }
                            yield {
                                field: `${prefix}.addrs[]`,
                                index: obj.addrs,
                                value: reader.string()
                            };
                            obj.addrs++;
                            break;
                        }
                        case 3: {
                            if (opts.limits?.roles != null && obj.roles === opts.limits.roles) {
                                throw new MaxLengthError('Streaming decode error - repeated field "roles" had too many elements');
                            }
                            yield {
                                field: `${prefix}.roles[]`,
                                index: obj.roles,
                                value: reader.string()
                            };
                            obj.roles++;
                            break;
                        }
                        case 4: {
                            if (opts.limits?.leaders != null && obj.leaders === opts.limits.leaders) {
                                throw new MaxLengthError('Streaming decode error - repeated field "leaders" had too many elements');
                            }
                            for (const evt of LeaderClaim.codec().stream(reader, reader.uint32(), `${prefix}.leaders[]`, {
                                limits: opts.limits?.leaders$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.leaders
                                };
                            }
                            obj.leaders++;
                            break;
                        }
                        case 5: {
                            yield {
                                field: `${prefix}.freeDisk`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 6: {
                            yield {
                                field: `${prefix}.load`,
                                value: reader.double()
                            };
                            break;
                        }
                        case 7: {
                            if (opts.limits?.council != null && obj.council === opts.limits.council) {
                                throw new MaxLengthError('Streaming decode error - repeated field "council" had too many elements');
                            }
                            yield {
                                field: `${prefix}.council[]`,
                                index: obj.council,
                                value: reader.string()
                            };
                            obj.council++;
                            break;
                        }
                        case 8: {
                            yield {
                                field: `${prefix}.voter`,
                                value: reader.bool()
                            };
                            break;
                        }
                        case 9: {
                            yield {
                                field: `${prefix}.startedAt`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 10: {
                            yield {
                                field: `${prefix}.full`,
                                value: reader.bool()
                            };
                            break;
                        }
                        default: {
                            reader.skipType(tag & 7);
                            break;
                        }
                    }
                }
            });
        }
        return _codec;
    };
    function encode(obj) {
        return encodeMessage(obj, Heartbeat.codec());
    }
    Heartbeat.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, Heartbeat.codec(), opts);
    }
    Heartbeat.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, Heartbeat.codec(), opts);
    }
    Heartbeat.stream = stream;
})(Heartbeat || (Heartbeat = {}));
//# sourceMappingURL=members.js.map