import { decodeMessage, encodeMessage, MaxLengthError, MaxSizeError, message, streamMessage } from 'protons-runtime';
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc';
export var RaftEntry;
(function (RaftEntry) {
    let _codec;
    RaftEntry.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.index != null && obj.index !== 0)) {
                    w.uint32(8);
                    w.uint64Number(obj.index);
                }
                if ((obj.term != null && obj.term !== 0)) {
                    w.uint32(16);
                    w.uint64Number(obj.term);
                }
                if ((obj.type != null && obj.type !== 0)) {
                    w.uint32(24);
                    w.uint32(obj.type);
                }
                if ((obj.data != null && obj.data.byteLength > 0)) {
                    w.uint32(34);
                    w.bytes(obj.data);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    index: 0,
                    term: 0,
                    type: 0,
                    data: uint8ArrayAlloc(0)
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.index = reader.uint64Number();
                            break;
                        }
                        case 2: {
                            obj.term = reader.uint64Number();
                            break;
                        }
                        case 3: {
                            obj.type = reader.uint32();
                            break;
                        }
                        case 4: {
                            obj.data = reader.bytes();
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
                                field: `${prefix}.index`,
                                value: reader.uint64Number()
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
                        case 3: {
                            yield {
                                field: `${prefix}.type`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.data`,
                                value: reader.bytes()
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
        return encodeMessage(obj, RaftEntry.codec());
    }
    RaftEntry.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, RaftEntry.codec(), opts);
    }
    RaftEntry.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, RaftEntry.codec(), opts);
    }
    RaftEntry.stream = stream;
})(RaftEntry || (RaftEntry = {}));
export var RaftConfState;
(function (RaftConfState) {
    let RaftConfState$incarnationsEntry;
    (function (RaftConfState$incarnationsEntry) {
        let _codec;
        RaftConfState$incarnationsEntry.codec = () => {
            if (_codec == null) {
                _codec = message((obj, w, opts = {}) => {
                    if (opts.lengthDelimited !== false) {
                        w.fork();
                    }
                    if ((obj.key != null && obj.key !== '')) {
                        w.uint32(10);
                        w.string(obj.key);
                    }
                    if ((obj.value != null && obj.value !== '')) {
                        w.uint32(18);
                        w.string(obj.value);
                    }
                    if (opts.lengthDelimited !== false) {
                        w.ldelim();
                    }
                }, (reader, length, opts = {}) => {
                    const obj = {
                        key: '',
                        value: ''
                    };
                    const end = length == null ? reader.len : reader.pos + length;
                    while (reader.pos < end) {
                        const tag = reader.uint32();
                        switch (tag >>> 3) {
                            case 1: {
                                obj.key = reader.string();
                                break;
                            }
                            case 2: {
                                obj.value = reader.string();
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
                                    field: `${prefix}.key`,
                                    value: reader.string()
                                };
                                break;
                            }
                            case 2: {
                                yield {
                                    field: `${prefix}.value`,
                                    value: reader.string()
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
            return encodeMessage(obj, RaftConfState$incarnationsEntry.codec());
        }
        RaftConfState$incarnationsEntry.encode = encode;
        function decode(buf, opts) {
            return decodeMessage(buf, RaftConfState$incarnationsEntry.codec(), opts);
        }
        RaftConfState$incarnationsEntry.decode = decode;
        function stream(buf, opts) {
            return streamMessage(buf, RaftConfState$incarnationsEntry.codec(), opts);
        }
        RaftConfState$incarnationsEntry.stream = stream;
    })(RaftConfState$incarnationsEntry = RaftConfState.RaftConfState$incarnationsEntry || (RaftConfState.RaftConfState$incarnationsEntry = {}));
    let _codec;
    RaftConfState.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.voters != null && obj.voters.length > 0) {
                    for (const value of obj.voters) {
                        w.uint32(10);
                        w.string(value);
                    }
                }
                if (obj.learners != null && obj.learners.length > 0) {
                    for (const value of obj.learners) {
                        w.uint32(18);
                        w.string(value);
                    }
                }
                if (obj.incarnations != null && obj.incarnations.size > 0) {
                    for (const [key, value] of obj.incarnations.entries()) {
                        w.uint32(26);
                        RaftConfState.RaftConfState$incarnationsEntry.codec().encode({ key, value }, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    voters: [],
                    learners: [],
                    incarnations: new Map()
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.voters != null && obj.voters.length === opts.limits.voters) {
                                throw new MaxLengthError('Decode error - repeated field "voters" had too many elements');
                            }
                            obj.voters.push(reader.string());
                            break;
                        }
                        case 2: {
                            if (opts.limits?.learners != null && obj.learners.length === opts.limits.learners) {
                                throw new MaxLengthError('Decode error - repeated field "learners" had too many elements');
                            }
                            obj.learners.push(reader.string());
                            break;
                        }
                        case 3: {
                            if (opts.limits?.incarnations != null && obj.incarnations.size === opts.limits.incarnations) {
                                throw new MaxSizeError('Decode error - map field "incarnations" had too many elements');
                            }
                            const entry = RaftConfState.RaftConfState$incarnationsEntry.codec().decode(reader, reader.uint32(), {
                                limits: {
                                    value: opts.limits?.incarnations$value
                                }
                            });
                            obj.incarnations.set(entry.key, entry.value);
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
                    voters: 0,
                    learners: 0,
                    incarnations: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
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
                        case 2: {
                            if (opts.limits?.learners != null && obj.learners === opts.limits.learners) {
                                throw new MaxLengthError('Streaming decode error - repeated field "learners" had too many elements');
                            }
                            yield {
                                field: `${prefix}.learners[]`,
                                index: obj.learners,
                                value: reader.string()
                            };
                            obj.learners++;
                            break;
                        }
                        case 3: {
                            if (opts.limits?.incarnations != null && obj.incarnations === opts.limits.incarnations) {
                                throw new MaxLengthError('Decode error - map field "incarnations" had too many elements');
                            }
                            yield* RaftConfState.RaftConfState$incarnationsEntry.codec().stream(reader, reader.uint32(), `${prefix}.incarnations{}`, {
                                limits: {
                                    value: opts.limits?.incarnations$value
                                }
                            });
                            obj.incarnations++;
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
        return encodeMessage(obj, RaftConfState.codec());
    }
    RaftConfState.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, RaftConfState.codec(), opts);
    }
    RaftConfState.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, RaftConfState.codec(), opts);
    }
    RaftConfState.stream = stream;
})(RaftConfState || (RaftConfState = {}));
export var RaftSnapshot;
(function (RaftSnapshot) {
    let _codec;
    RaftSnapshot.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.index != null && obj.index !== 0)) {
                    w.uint32(8);
                    w.uint64Number(obj.index);
                }
                if ((obj.term != null && obj.term !== 0)) {
                    w.uint32(16);
                    w.uint64Number(obj.term);
                }
                if (obj.conf != null) {
                    w.uint32(26);
                    RaftConfState.codec().encode(obj.conf, w);
                }
                if ((obj.data != null && obj.data.byteLength > 0)) {
                    w.uint32(34);
                    w.bytes(obj.data);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    index: 0,
                    term: 0,
                    data: uint8ArrayAlloc(0)
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.index = reader.uint64Number();
                            break;
                        }
                        case 2: {
                            obj.term = reader.uint64Number();
                            break;
                        }
                        case 3: {
                            obj.conf = RaftConfState.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.conf
                            });
                            break;
                        }
                        case 4: {
                            obj.data = reader.bytes();
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
                                field: `${prefix}.index`,
                                value: reader.uint64Number()
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
                        case 3: {
                            yield* RaftConfState.codec().stream(reader, reader.uint32(), `${prefix}.conf`, {
                                limits: opts.limits?.conf
                            });
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.data`,
                                value: reader.bytes()
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
        return encodeMessage(obj, RaftSnapshot.codec());
    }
    RaftSnapshot.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, RaftSnapshot.codec(), opts);
    }
    RaftSnapshot.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, RaftSnapshot.codec(), opts);
    }
    RaftSnapshot.stream = stream;
})(RaftSnapshot || (RaftSnapshot = {}));
export var RaftMessage;
(function (RaftMessage) {
    let _codec;
    RaftMessage.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.group != null && obj.group !== '')) {
                    w.uint32(10);
                    w.string(obj.group);
                }
                if ((obj.type != null && obj.type !== 0)) {
                    w.uint32(16);
                    w.uint32(obj.type);
                }
                if ((obj.from != null && obj.from !== '')) {
                    w.uint32(26);
                    w.string(obj.from);
                }
                if ((obj.to != null && obj.to !== '')) {
                    w.uint32(34);
                    w.string(obj.to);
                }
                if ((obj.term != null && obj.term !== 0)) {
                    w.uint32(40);
                    w.uint64Number(obj.term);
                }
                if ((obj.logIndex != null && obj.logIndex !== 0)) {
                    w.uint32(48);
                    w.uint64Number(obj.logIndex);
                }
                if ((obj.logTerm != null && obj.logTerm !== 0)) {
                    w.uint32(56);
                    w.uint64Number(obj.logTerm);
                }
                if (obj.entries != null && obj.entries.length > 0) {
                    for (const value of obj.entries) {
                        w.uint32(66);
                        RaftEntry.codec().encode(value, w);
                    }
                }
                if ((obj.commit != null && obj.commit !== 0)) {
                    w.uint32(72);
                    w.uint64Number(obj.commit);
                }
                if ((obj.reject != null && obj.reject !== false)) {
                    w.uint32(80);
                    w.bool(obj.reject);
                }
                if ((obj.rejectHint != null && obj.rejectHint !== 0)) {
                    w.uint32(88);
                    w.uint64Number(obj.rejectHint);
                }
                if (obj.snapshot != null) {
                    w.uint32(98);
                    RaftSnapshot.codec().encode(obj.snapshot, w);
                }
                if (obj.transfer != null) {
                    w.uint32(104);
                    w.bool(obj.transfer);
                }
                if (obj.context != null) {
                    w.uint32(112);
                    w.uint64Number(obj.context);
                }
                if (obj.quiesce != null) {
                    w.uint32(120);
                    w.bool(obj.quiesce);
                }
                if (obj.incarnation != null) {
                    w.uint32(130);
                    w.string(obj.incarnation);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    group: '',
                    type: 0,
                    from: '',
                    to: '',
                    term: 0,
                    logIndex: 0,
                    logTerm: 0,
                    entries: [],
                    commit: 0,
                    reject: false,
                    rejectHint: 0
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
                            obj.type = reader.uint32();
                            break;
                        }
                        case 3: {
                            obj.from = reader.string();
                            break;
                        }
                        case 4: {
                            obj.to = reader.string();
                            break;
                        }
                        case 5: {
                            obj.term = reader.uint64Number();
                            break;
                        }
                        case 6: {
                            obj.logIndex = reader.uint64Number();
                            break;
                        }
                        case 7: {
                            obj.logTerm = reader.uint64Number();
                            break;
                        }
                        case 8: {
                            if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements');
                            }
                            obj.entries.push(RaftEntry.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.entries$
                            }));
                            break;
                        }
                        case 9: {
                            obj.commit = reader.uint64Number();
                            break;
                        }
                        case 10: {
                            obj.reject = reader.bool();
                            break;
                        }
                        case 11: {
                            obj.rejectHint = reader.uint64Number();
                            break;
                        }
                        case 12: {
                            obj.snapshot = RaftSnapshot.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.snapshot
                            });
                            break;
                        }
                        case 13: {
                            obj.transfer = reader.bool();
                            break;
                        }
                        case 14: {
                            obj.context = reader.uint64Number();
                            break;
                        }
                        case 15: {
                            obj.quiesce = reader.bool();
                            break;
                        }
                        case 16: {
                            obj.incarnation = reader.string();
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
                    entries: 0
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
                            yield {
                                field: `${prefix}.type`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.from`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.to`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 5: {
                            yield {
                                field: `${prefix}.term`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 6: {
                            yield {
                                field: `${prefix}.logIndex`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 7: {
                            yield {
                                field: `${prefix}.logTerm`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 8: {
                            if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements');
                            }
                            for (const evt of RaftEntry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                                limits: opts.limits?.entries$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.entries
                                };
                            }
                            obj.entries++;
                            break;
                        }
                        case 9: {
                            yield {
                                field: `${prefix}.commit`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 10: {
                            yield {
                                field: `${prefix}.reject`,
                                value: reader.bool()
                            };
                            break;
                        }
                        case 11: {
                            yield {
                                field: `${prefix}.rejectHint`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 12: {
                            yield* RaftSnapshot.codec().stream(reader, reader.uint32(), `${prefix}.snapshot`, {
                                limits: opts.limits?.snapshot
                            });
                            break;
                        }
                        case 13: {
                            yield {
                                field: `${prefix}.transfer`,
                                value: reader.bool()
                            };
                            break;
                        }
                        case 14: {
                            yield {
                                field: `${prefix}.context`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 15: {
                            yield {
                                field: `${prefix}.quiesce`,
                                value: reader.bool()
                            };
                            break;
                        }
                        case 16: {
                            yield {
                                field: `${prefix}.incarnation`,
                                value: reader.string()
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
        return encodeMessage(obj, RaftMessage.codec());
    }
    RaftMessage.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, RaftMessage.codec(), opts);
    }
    RaftMessage.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, RaftMessage.codec(), opts);
    }
    RaftMessage.stream = stream;
})(RaftMessage || (RaftMessage = {}));
export var RaftBatch;
(function (RaftBatch) {
    let _codec;
    RaftBatch.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.from != null && obj.from !== '')) {
                    w.uint32(10);
                    w.string(obj.from);
                }
                if ((obj.to != null && obj.to !== '')) {
                    w.uint32(18);
                    w.string(obj.to);
                }
                if (obj.messages != null && obj.messages.length > 0) {
                    for (const value of obj.messages) {
                        w.uint32(26);
                        RaftMessage.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    from: '',
                    to: '',
                    messages: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.from = reader.string();
                            break;
                        }
                        case 2: {
                            obj.to = reader.string();
                            break;
                        }
                        case 3: {
                            if (opts.limits?.messages != null && obj.messages.length === opts.limits.messages) {
                                throw new MaxLengthError('Decode error - repeated field "messages" had too many elements');
                            }
                            obj.messages.push(RaftMessage.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.messages$
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
                    messages: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.from`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.to`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 3: {
                            if (opts.limits?.messages != null && obj.messages === opts.limits.messages) {
                                throw new MaxLengthError('Streaming decode error - repeated field "messages" had too many elements');
                            }
                            for (const evt of RaftMessage.codec().stream(reader, reader.uint32(), `${prefix}.messages[]`, {
                                limits: opts.limits?.messages$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.messages
                                };
                            }
                            obj.messages++;
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
        return encodeMessage(obj, RaftBatch.codec());
    }
    RaftBatch.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, RaftBatch.codec(), opts);
    }
    RaftBatch.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, RaftBatch.codec(), opts);
    }
    RaftBatch.stream = stream;
})(RaftBatch || (RaftBatch = {}));
export var RaftSnapshotHeader;
(function (RaftSnapshotHeader) {
    let _codec;
    RaftSnapshotHeader.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.message != null) {
                    w.uint32(10);
                    RaftMessage.codec().encode(obj.message, w);
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
                        case 1: {
                            obj.message = RaftMessage.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.message
                            });
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
                            yield* RaftMessage.codec().stream(reader, reader.uint32(), `${prefix}.message`, {
                                limits: opts.limits?.message
                            });
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
        return encodeMessage(obj, RaftSnapshotHeader.codec());
    }
    RaftSnapshotHeader.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, RaftSnapshotHeader.codec(), opts);
    }
    RaftSnapshotHeader.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, RaftSnapshotHeader.codec(), opts);
    }
    RaftSnapshotHeader.stream = stream;
})(RaftSnapshotHeader || (RaftSnapshotHeader = {}));
//# sourceMappingURL=raft.js.map