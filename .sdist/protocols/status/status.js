/* eslint-disable require-yield */
import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime';
export var StatusRequest;
(function (StatusRequest) {
    let _codec;
    StatusRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {};
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
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
        return encodeMessage(obj, StatusRequest.codec());
    }
    StatusRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, StatusRequest.codec(), opts);
    }
    StatusRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, StatusRequest.codec(), opts);
    }
    StatusRequest.stream = stream;
})(StatusRequest || (StatusRequest = {}));
export var PeerState;
(function (PeerState) {
    let _codec;
    PeerState.codec = () => {
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
                if ((obj.state != null && obj.state !== '')) {
                    w.uint32(34);
                    w.string(obj.state);
                }
                if ((obj.full != null && obj.full !== false)) {
                    w.uint32(40);
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
                    state: '',
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
                            obj.state = reader.string();
                            break;
                        }
                        case 5: {
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
                    roles: 0
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
                            yield {
                                field: `${prefix}.state`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 5: {
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
        return encodeMessage(obj, PeerState.codec());
    }
    PeerState.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, PeerState.codec(), opts);
    }
    PeerState.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, PeerState.codec(), opts);
    }
    PeerState.stream = stream;
})(PeerState || (PeerState = {}));
export var Leader;
(function (Leader) {
    let _codec;
    Leader.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.id != null && obj.id !== '')) {
                    w.uint32(10);
                    w.string(obj.id);
                }
                if ((obj.term != null && obj.term !== 0)) {
                    w.uint32(16);
                    w.uint64Number(obj.term);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    id: '',
                    term: 0
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
                                field: `${prefix}.id`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
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
        return encodeMessage(obj, Leader.codec());
    }
    Leader.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, Leader.codec(), opts);
    }
    Leader.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, Leader.codec(), opts);
    }
    Leader.stream = stream;
})(Leader || (Leader = {}));
export var GroupState;
(function (GroupState) {
    let _codec;
    GroupState.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.group != null && obj.group !== '')) {
                    w.uint32(10);
                    w.string(obj.group);
                }
                if (obj.leader != null) {
                    w.uint32(18);
                    Leader.codec().encode(obj.leader, w);
                }
                if (obj.voters != null && obj.voters.length > 0) {
                    for (const value of obj.voters) {
                        w.uint32(26);
                        w.string(value);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    group: '',
                    voters: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.group = reader.string();
                            break;
                        }
                        case 2: {
                            obj.leader = Leader.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.leader
                            });
                            break;
                        }
                        case 3: {
                            if (opts.limits?.voters != null && obj.voters.length === opts.limits.voters) {
                                throw new MaxLengthError('Decode error - repeated field "voters" had too many elements');
                            }
                            obj.voters.push(reader.string());
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
                    voters: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.group`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield* Leader.codec().stream(reader, reader.uint32(), `${prefix}.leader`, {
                                limits: opts.limits?.leader
                            });
                            break;
                        }
                        case 3: {
                            if (opts.limits?.voters != null && obj.voters === opts.limits.voters) {
                                throw new MaxLengthError('Streaming decode error - repeated field "voters" had too many elements');
                            }
                            yield {
                                field: `${prefix}.voters[]`,
                                index: obj.voters,
                                value: reader.string()
                            };
                            obj.voters++;
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
        return encodeMessage(obj, GroupState.codec());
    }
    GroupState.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, GroupState.codec(), opts);
    }
    GroupState.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, GroupState.codec(), opts);
    }
    GroupState.stream = stream;
})(GroupState || (GroupState = {}));
export var StatusResponse;
(function (StatusResponse) {
    let _codec;
    StatusResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.self != null && obj.self !== '')) {
                    w.uint32(10);
                    w.string(obj.self);
                }
                if (obj.peers != null && obj.peers.length > 0) {
                    for (const value of obj.peers) {
                        w.uint32(18);
                        PeerState.codec().encode(value, w);
                    }
                }
                if (obj.groups != null && obj.groups.length > 0) {
                    for (const value of obj.groups) {
                        w.uint32(26);
                        GroupState.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    self: '',
                    peers: [],
                    groups: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.self = reader.string();
                            break;
                        }
                        case 2: {
                            if (opts.limits?.peers != null && obj.peers.length === opts.limits.peers) {
                                throw new MaxLengthError('Decode error - repeated field "peers" had too many elements');
                            }
                            obj.peers.push(PeerState.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.peers$
                            }));
                            break;
                        }
                        case 3: {
                            if (opts.limits?.groups != null && obj.groups.length === opts.limits.groups) {
                                throw new MaxLengthError('Decode error - repeated field "groups" had too many elements');
                            }
                            obj.groups.push(GroupState.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.groups$
                            }));
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
                    peers: 0,
                    groups: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.self`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            if (opts.limits?.peers != null && obj.peers === opts.limits.peers) {
                                throw new MaxLengthError('Streaming decode error - repeated field "peers" had too many elements');
                            }
                            for (const evt of PeerState.codec().stream(reader, reader.uint32(), `${prefix}.peers[]`, {
                                limits: opts.limits?.peers$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.peers
                                };
                            }
                            obj.peers++;
                            break;
                        }
                        case 3: {
                            if (opts.limits?.groups != null && obj.groups === opts.limits.groups) {
                                throw new MaxLengthError('Streaming decode error - repeated field "groups" had too many elements');
                            }
                            for (const evt of GroupState.codec().stream(reader, reader.uint32(), `${prefix}.groups[]`, {
                                limits: opts.limits?.groups$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.groups
                                };
                            }
                            obj.groups++;
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
        return encodeMessage(obj, StatusResponse.codec());
    }
    StatusResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, StatusResponse.codec(), opts);
    }
    StatusResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, StatusResponse.codec(), opts);
    }
    StatusResponse.stream = stream;
})(StatusResponse || (StatusResponse = {}));
//# sourceMappingURL=status.js.map