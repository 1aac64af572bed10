import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime';
export var Server;
(function (Server) {
    let _codec;
    Server.codec = () => {
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
                if ((obj.state != null && obj.state !== '')) {
                    w.uint32(26);
                    w.string(obj.state);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    id: '',
                    addrs: [],
                    state: ''
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
                            obj.state = reader.string();
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
                    addrs: 0
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
                            yield {
                                field: `${prefix}.state`,
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
        return encodeMessage(obj, Server.codec());
    }
    Server.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, Server.codec(), opts);
    }
    Server.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, Server.codec(), opts);
    }
    Server.stream = stream;
})(Server || (Server = {}));
export var Chunk;
(function (Chunk) {
    let _codec;
    Chunk.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.cid != null && obj.cid !== '')) {
                    w.uint32(10);
                    w.string(obj.cid);
                }
                if ((obj.size != null && obj.size !== 0)) {
                    w.uint32(16);
                    w.uint64Number(obj.size);
                }
                if (obj.replicas != null && obj.replicas.length > 0) {
                    for (const value of obj.replicas) {
                        w.uint32(26);
                        Server.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    cid: '',
                    size: 0,
                    replicas: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.cid = reader.string();
                            break;
                        }
                        case 2: {
                            obj.size = reader.uint64Number();
                            break;
                        }
                        case 3: {
                            if (opts.limits?.replicas != null && obj.replicas.length === opts.limits.replicas) {
                                throw new MaxLengthError('Decode error - repeated field "replicas" had too many elements');
                            }
                            obj.replicas.push(Server.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.replicas$
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
                    replicas: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.cid`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.size`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 3: {
                            if (opts.limits?.replicas != null && obj.replicas === opts.limits.replicas) {
                                throw new MaxLengthError('Streaming decode error - repeated field "replicas" had too many elements');
                            }
                            for (const evt of Server.codec().stream(reader, reader.uint32(), `${prefix}.replicas[]`, {
                                limits: opts.limits?.replicas$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.replicas
                                };
                            }
                            obj.replicas++;
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
        return encodeMessage(obj, Chunk.codec());
    }
    Chunk.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, Chunk.codec(), opts);
    }
    Chunk.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, Chunk.codec(), opts);
    }
    Chunk.stream = stream;
})(Chunk || (Chunk = {}));
export var MasterRequest;
(function (MasterRequest) {
    let _codec;
    MasterRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.op != null && obj.op !== '')) {
                    w.uint32(10);
                    w.string(obj.op);
                }
                if ((obj.path != null && obj.path !== '')) {
                    w.uint32(18);
                    w.string(obj.path);
                }
                if ((obj.to != null && obj.to !== '')) {
                    w.uint32(26);
                    w.string(obj.to);
                }
                if (obj.chunks != null && obj.chunks.length > 0) {
                    for (const value of obj.chunks) {
                        w.uint32(34);
                        Chunk.codec().encode(value, w);
                    }
                }
                if ((obj.chunkSize != null && obj.chunkSize !== 0)) {
                    w.uint32(40);
                    w.uint64Number(obj.chunkSize);
                }
                if ((obj.replicas != null && obj.replicas !== 0)) {
                    w.uint32(48);
                    w.uint32(obj.replicas);
                }
                if ((obj.force != null && obj.force !== false)) {
                    w.uint32(56);
                    w.bool(obj.force);
                }
                if ((obj.recursive != null && obj.recursive !== false)) {
                    w.uint32(64);
                    w.bool(obj.recursive);
                }
                if ((obj.clientId != null && obj.clientId !== '')) {
                    w.uint32(98);
                    w.string(obj.clientId);
                }
                if ((obj.seq != null && obj.seq !== 0)) {
                    w.uint32(104);
                    w.uint64Number(obj.seq);
                }
                if ((obj.firstUnanswered != null && obj.firstUnanswered !== 0)) {
                    w.uint32(112);
                    w.uint64Number(obj.firstUnanswered);
                }
                if (obj.exclude != null && obj.exclude.length > 0) {
                    for (const value of obj.exclude) {
                        w.uint32(82);
                        w.string(value);
                    }
                }
                if ((obj.putId != null && obj.putId !== '')) {
                    w.uint32(90);
                    w.string(obj.putId);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    op: '',
                    path: '',
                    to: '',
                    chunks: [],
                    chunkSize: 0,
                    replicas: 0,
                    force: false,
                    recursive: false,
                    clientId: '',
                    seq: 0,
                    firstUnanswered: 0,
                    exclude: [],
                    putId: ''
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.op = reader.string();
                            break;
                        }
                        case 2: {
                            obj.path = reader.string();
                            break;
                        }
                        case 3: {
                            obj.to = reader.string();
                            break;
                        }
                        case 4: {
                            if (opts.limits?.chunks != null && obj.chunks.length === opts.limits.chunks) {
                                throw new MaxLengthError('Decode error - repeated field "chunks" had too many elements');
                            }
                            obj.chunks.push(Chunk.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.chunks$
                            }));
                            break;
                        }
                        case 5: {
                            obj.chunkSize = reader.uint64Number();
                            break;
                        }
                        case 6: {
                            obj.replicas = reader.uint32();
                            break;
                        }
                        case 7: {
                            obj.force = reader.bool();
                            break;
                        }
                        case 8: {
                            obj.recursive = reader.bool();
                            break;
                        }
                        case 12: {
                            obj.clientId = reader.string();
                            break;
                        }
                        case 13: {
                            obj.seq = reader.uint64Number();
                            break;
                        }
                        case 14: {
                            obj.firstUnanswered = reader.uint64Number();
                            break;
                        }
                        case 10: {
                            if (opts.limits?.exclude != null && obj.exclude.length === opts.limits.exclude) {
                                throw new MaxLengthError('Decode error - repeated field "exclude" had too many elements');
                            }
                            obj.exclude.push(reader.string());
                            break;
                        }
                        case 11: {
                            obj.putId = reader.string();
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
                    chunks: 0,
                    exclude: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.op`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.path`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.to`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 4: {
                            if (opts.limits?.chunks != null && obj.chunks === opts.limits.chunks) {
                                throw new MaxLengthError('Streaming decode error - repeated field "chunks" had too many elements');
                            }
                            for (const evt of Chunk.codec().stream(reader, reader.uint32(), `${prefix}.chunks[]`, {
                                limits: opts.limits?.chunks$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.chunks
                                };
                            }
                            obj.chunks++;
                            break;
                        }
                        case 5: {
                            yield {
                                field: `${prefix}.chunkSize`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 6: {
                            yield {
                                field: `${prefix}.replicas`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 7: {
                            yield {
                                field: `${prefix}.force`,
                                value: reader.bool()
                            };
                            break;
                        }
                        case 8: {
                            yield {
                                field: `${prefix}.recursive`,
                                value: reader.bool()
                            };
                            break;
                        }
                        case 12: {
                            yield {
                                field: `${prefix}.clientId`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 13: {
                            yield {
                                field: `${prefix}.seq`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 14: {
                            yield {
                                field: `${prefix}.firstUnanswered`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 10: {
                            if (opts.limits?.exclude != null && obj.exclude === opts.limits.exclude) {
                                throw new MaxLengthError('Streaming decode error - repeated field "exclude" had too many elements');
                            }
                            yield {
                                field: `${prefix}.exclude[]`,
                                index: obj.exclude,
                                value: reader.string()
                            };
                            obj.exclude++;
                            break;
                        }
                        case 11: {
                            yield {
                                field: `${prefix}.putId`,
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
        return encodeMessage(obj, MasterRequest.codec());
    }
    MasterRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, MasterRequest.codec(), opts);
    }
    MasterRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, MasterRequest.codec(), opts);
    }
    MasterRequest.stream = stream;
})(MasterRequest || (MasterRequest = {}));
export var ListEntry;
(function (ListEntry) {
    let _codec;
    ListEntry.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.name != null && obj.name !== '')) {
                    w.uint32(10);
                    w.string(obj.name);
                }
                if ((obj.type != null && obj.type !== '')) {
                    w.uint32(18);
                    w.string(obj.type);
                }
                if ((obj.size != null && obj.size !== 0)) {
                    w.uint32(24);
                    w.uint64Number(obj.size);
                }
                if ((obj.chunkSize != null && obj.chunkSize !== 0)) {
                    w.uint32(32);
                    w.uint64Number(obj.chunkSize);
                }
                if ((obj.replicas != null && obj.replicas !== 0)) {
                    w.uint32(40);
                    w.uint32(obj.replicas);
                }
                if ((obj.mtime != null && obj.mtime !== 0)) {
                    w.uint32(48);
                    w.uint64Number(obj.mtime);
                }
                if ((obj.chunks != null && obj.chunks !== 0)) {
                    w.uint32(56);
                    w.uint64Number(obj.chunks);
                }
                if ((obj.entries != null && obj.entries !== 0)) {
                    w.uint32(64);
                    w.uint64Number(obj.entries);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    name: '',
                    type: '',
                    size: 0,
                    chunkSize: 0,
                    replicas: 0,
                    mtime: 0,
                    chunks: 0,
                    entries: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.name = reader.string();
                            break;
                        }
                        case 2: {
                            obj.type = reader.string();
                            break;
                        }
                        case 3: {
                            obj.size = reader.uint64Number();
                            break;
                        }
                        case 4: {
                            obj.chunkSize = reader.uint64Number();
                            break;
                        }
                        case 5: {
                            obj.replicas = reader.uint32();
                            break;
                        }
                        case 6: {
                            obj.mtime = reader.uint64Number();
                            break;
                        }
                        case 7: {
                            obj.chunks = reader.uint64Number();
                            break;
                        }
                        case 8: {
                            obj.entries = reader.uint64Number();
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
                                field: `${prefix}.name`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.type`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.size`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.chunkSize`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 5: {
                            yield {
                                field: `${prefix}.replicas`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 6: {
                            yield {
                                field: `${prefix}.mtime`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 7: {
                            yield {
                                field: `${prefix}.chunks`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 8: {
                            yield {
                                field: `${prefix}.entries`,
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
        return encodeMessage(obj, ListEntry.codec());
    }
    ListEntry.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ListEntry.codec(), opts);
    }
    ListEntry.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ListEntry.codec(), opts);
    }
    ListEntry.stream = stream;
})(ListEntry || (ListEntry = {}));
export var Placement;
(function (Placement) {
    let _codec;
    Placement.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.cid != null && obj.cid !== '')) {
                    w.uint32(10);
                    w.string(obj.cid);
                }
                if (obj.servers != null && obj.servers.length > 0) {
                    for (const value of obj.servers) {
                        w.uint32(18);
                        Server.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    cid: '',
                    servers: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.cid = reader.string();
                            break;
                        }
                        case 2: {
                            if (opts.limits?.servers != null && obj.servers.length === opts.limits.servers) {
                                throw new MaxLengthError('Decode error - repeated field "servers" had too many elements');
                            }
                            obj.servers.push(Server.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.servers$
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
                    servers: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.cid`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            if (opts.limits?.servers != null && obj.servers === opts.limits.servers) {
                                throw new MaxLengthError('Streaming decode error - repeated field "servers" had too many elements');
                            }
                            for (const evt of Server.codec().stream(reader, reader.uint32(), `${prefix}.servers[]`, {
                                limits: opts.limits?.servers$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.servers
                                };
                            }
                            obj.servers++;
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
        return encodeMessage(obj, Placement.codec());
    }
    Placement.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, Placement.codec(), opts);
    }
    Placement.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, Placement.codec(), opts);
    }
    Placement.stream = stream;
})(Placement || (Placement = {}));
export var MasterResponse;
(function (MasterResponse) {
    let _codec;
    MasterResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.error != null && obj.error !== '')) {
                    w.uint32(10);
                    w.string(obj.error);
                }
                if ((obj.message != null && obj.message !== '')) {
                    w.uint32(18);
                    w.string(obj.message);
                }
                if ((obj.leader != null && obj.leader !== '')) {
                    w.uint32(26);
                    w.string(obj.leader);
                }
                if ((obj.term != null && obj.term !== 0)) {
                    w.uint32(32);
                    w.uint64Number(obj.term);
                }
                if (obj.placements != null && obj.placements.length > 0) {
                    for (const value of obj.placements) {
                        w.uint32(42);
                        Placement.codec().encode(value, w);
                    }
                }
                if ((obj.type != null && obj.type !== '')) {
                    w.uint32(50);
                    w.string(obj.type);
                }
                if ((obj.size != null && obj.size !== 0)) {
                    w.uint32(56);
                    w.uint64Number(obj.size);
                }
                if ((obj.chunkSize != null && obj.chunkSize !== 0)) {
                    w.uint32(64);
                    w.uint64Number(obj.chunkSize);
                }
                if ((obj.replicas != null && obj.replicas !== 0)) {
                    w.uint32(72);
                    w.uint32(obj.replicas);
                }
                if ((obj.mtime != null && obj.mtime !== 0)) {
                    w.uint32(80);
                    w.uint64Number(obj.mtime);
                }
                if (obj.chunks != null && obj.chunks.length > 0) {
                    for (const value of obj.chunks) {
                        w.uint32(90);
                        Chunk.codec().encode(value, w);
                    }
                }
                if (obj.entries != null && obj.entries.length > 0) {
                    for (const value of obj.entries) {
                        w.uint32(98);
                        ListEntry.codec().encode(value, w);
                    }
                }
                if ((obj.offset != null && obj.offset !== 0)) {
                    w.uint32(104);
                    w.uint64Number(obj.offset);
                }
                if ((obj.count != null && obj.count !== 0)) {
                    w.uint32(112);
                    w.uint64Number(obj.count);
                }
                if ((obj.holdMs != null && obj.holdMs !== 0)) {
                    w.uint32(128);
                    w.uint64Number(obj.holdMs);
                }
                if ((obj.clientId != null && obj.clientId !== '')) {
                    w.uint32(138);
                    w.string(obj.clientId);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    error: '',
                    message: '',
                    leader: '',
                    term: 0,
                    placements: [],
                    type: '',
                    size: 0,
                    chunkSize: 0,
                    replicas: 0,
                    mtime: 0,
                    chunks: [],
                    entries: [],
                    offset: 0,
                    count: 0,
                    holdMs: 0,
                    clientId: ''
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.error = reader.string();
                            break;
                        }
                        case 2: {
                            obj.message = reader.string();
                            break;
                        }
                        case 3: {
                            obj.leader = reader.string();
                            break;
                        }
                        case 4: {
                            obj.term = reader.uint64Number();
                            break;
                        }
                        case 5: {
                            if (opts.limits?.placements != null && obj.placements.length === opts.limits.placements) {
                                throw new MaxLengthError('Decode error - repeated field "placements" had too many elements');
                            }
                            obj.placements.push(Placement.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.placements$
                            }));
                            break;
                        }
                        case 6: {
                            obj.type = reader.string();
                            break;
                        }
                        case 7: {
                            obj.size = reader.uint64Number();
                            break;
                        }
                        case 8: {
                            obj.chunkSize = reader.uint64Number();
                            break;
                        }
                        case 9: {
                            obj.replicas = reader.uint32();
                            break;
                        }
                        case 10: {
                            obj.mtime = reader.uint64Number();
                            break;
                        }
                        case 11: {
                            if (opts.limits?.chunks != null && obj.chunks.length === opts.limits.chunks) {
                                throw new MaxLengthError('Decode error - repeated field "chunks" had too many elements');
                            }
                            obj.chunks.push(Chunk.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.chunks$
                            }));
                            break;
                        }
                        case 12: {
                            if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements');
                            }
                            obj.entries.push(ListEntry.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.entries$
                            }));
                            break;
                        }
                        case 13: {
                            obj.offset = reader.uint64Number();
                            break;
                        }
                        case 14: {
                            obj.count = reader.uint64Number();
                            break;
                        }
                        case 16: {
                            obj.holdMs = reader.uint64Number();
                            break;
                        }
                        case 17: {
                            obj.clientId = reader.string();
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
                    placements: 0,
                    chunks: 0,
                    entries: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.error`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.message`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.leader`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.term`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 5: {
                            if (opts.limits?.placements != null && obj.placements === opts.limits.placements) {
                                throw new MaxLengthError('Streaming decode error - repeated field "placements" had too many elements');
                            }
                            for (const evt of Placement.codec().stream(reader, reader.uint32(), `${prefix}.placements[]`, {
                                limits: opts.limits?.placements$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.placements
                                };
                            }
                            obj.placements++;
                            break;
                        }
                        case 6: {
                            yield {
                                field: `${prefix}.type`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 7: {
                            yield {
                                field: `${prefix}.size`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 8: {
                            yield {
                                field: `${prefix}.chunkSize`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 9: {
                            yield {
                                field: `${prefix}.replicas`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 10: {
                            yield {
                                field: `${prefix}.mtime`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 11: {
                            if (opts.limits?.chunks != null && obj.chunks === opts.limits.chunks) {
                                throw new MaxLengthError('Streaming decode error - repeated field "chunks" had too many elements');
                            }
                            for (const evt of Chunk.codec().stream(reader, reader.uint32(), `${prefix}.chunks[]`, {
                                limits: opts.limits?.chunks$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.chunks
                                };
                            }
                            obj.chunks++;
                            break;
                        }
                        case 12: {
                            if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements');
                            }
                            for (const evt of ListEntry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
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
                        case 13: {
                            yield {
                                field: `${prefix}.offset`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 14: {
                            yield {
                                field: `${prefix}.count`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 16: {
                            yield {
                                field: `${prefix}.holdMs`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 17: {
                            yield {
                                field: `${prefix}.clientId`,
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
        return encodeMessage(obj, MasterResponse.codec());
    }
    MasterResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, MasterResponse.codec(), opts);
    }
    MasterResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, MasterResponse.codec(), opts);
    }
    MasterResponse.stream = stream;
})(MasterResponse || (MasterResponse = {}));
export var ChunkPutHeader;
(function (ChunkPutHeader) {
    let _codec;
    ChunkPutHeader.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.cid != null && obj.cid !== '')) {
                    w.uint32(10);
                    w.string(obj.cid);
                }
                if ((obj.size != null && obj.size !== 0)) {
                    w.uint32(16);
                    w.uint64Number(obj.size);
                }
                if (obj.chain != null && obj.chain.length > 0) {
                    for (const value of obj.chain) {
                        w.uint32(26);
                        Server.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    cid: '',
                    size: 0,
                    chain: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.cid = reader.string();
                            break;
                        }
                        case 2: {
                            obj.size = reader.uint64Number();
                            break;
                        }
                        case 3: {
                            if (opts.limits?.chain != null && obj.chain.length === opts.limits.chain) {
                                throw new MaxLengthError('Decode error - repeated field "chain" had too many elements');
                            }
                            obj.chain.push(Server.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.chain$
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
                    chain: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.cid`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.size`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 3: {
                            if (opts.limits?.chain != null && obj.chain === opts.limits.chain) {
                                throw new MaxLengthError('Streaming decode error - repeated field "chain" had too many elements');
                            }
                            for (const evt of Server.codec().stream(reader, reader.uint32(), `${prefix}.chain[]`, {
                                limits: opts.limits?.chain$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.chain
                                };
                            }
                            obj.chain++;
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
        return encodeMessage(obj, ChunkPutHeader.codec());
    }
    ChunkPutHeader.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ChunkPutHeader.codec(), opts);
    }
    ChunkPutHeader.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ChunkPutHeader.codec(), opts);
    }
    ChunkPutHeader.stream = stream;
})(ChunkPutHeader || (ChunkPutHeader = {}));
export var ChunkFailure;
(function (ChunkFailure) {
    let _codec;
    ChunkFailure.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.id != null && obj.id !== '')) {
                    w.uint32(10);
                    w.string(obj.id);
                }
                if ((obj.message != null && obj.message !== '')) {
                    w.uint32(18);
                    w.string(obj.message);
                }
                if ((obj.error != null && obj.error !== '')) {
                    w.uint32(26);
                    w.string(obj.error);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    id: '',
                    message: '',
                    error: ''
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
                            obj.message = reader.string();
                            break;
                        }
                        case 3: {
                            obj.error = reader.string();
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
                                field: `${prefix}.message`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.error`,
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
        return encodeMessage(obj, ChunkFailure.codec());
    }
    ChunkFailure.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ChunkFailure.codec(), opts);
    }
    ChunkFailure.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ChunkFailure.codec(), opts);
    }
    ChunkFailure.stream = stream;
})(ChunkFailure || (ChunkFailure = {}));
export var ChunkPutResult;
(function (ChunkPutResult) {
    let _codec;
    ChunkPutResult.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if (obj.stored != null && obj.stored.length > 0) {
                    for (const value of obj.stored) {
                        w.uint32(10);
                        w.string(value);
                    }
                }
                if (obj.failed != null && obj.failed.length > 0) {
                    for (const value of obj.failed) {
                        w.uint32(18);
                        ChunkFailure.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    stored: [],
                    failed: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.stored != null && obj.stored.length === opts.limits.stored) {
                                throw new MaxLengthError('Decode error - repeated field "stored" had too many elements');
                            }
                            obj.stored.push(reader.string());
                            break;
                        }
                        case 2: {
                            if (opts.limits?.failed != null && obj.failed.length === opts.limits.failed) {
                                throw new MaxLengthError('Decode error - repeated field "failed" had too many elements');
                            }
                            obj.failed.push(ChunkFailure.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.failed$
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
                    stored: 0,
                    failed: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            if (opts.limits?.stored != null && obj.stored === opts.limits.stored) {
                                throw new MaxLengthError('Streaming decode error - repeated field "stored" had too many elements');
                            }
                            yield {
                                field: `${prefix}.stored[]`,
                                index: obj.stored,
                                value: reader.string()
                            };
                            obj.stored++;
                            break;
                        }
                        case 2: {
                            if (opts.limits?.failed != null && obj.failed === opts.limits.failed) {
                                throw new MaxLengthError('Streaming decode error - repeated field "failed" had too many elements');
                            }
                            for (const evt of ChunkFailure.codec().stream(reader, reader.uint32(), `${prefix}.failed[]`, {
                                limits: opts.limits?.failed$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.failed
                                };
                            }
                            obj.failed++;
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
        return encodeMessage(obj, ChunkPutResult.codec());
    }
    ChunkPutResult.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ChunkPutResult.codec(), opts);
    }
    ChunkPutResult.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ChunkPutResult.codec(), opts);
    }
    ChunkPutResult.stream = stream;
})(ChunkPutResult || (ChunkPutResult = {}));
export var ChunkGetRequest;
(function (ChunkGetRequest) {
    let _codec;
    ChunkGetRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.cid != null && obj.cid !== '')) {
                    w.uint32(10);
                    w.string(obj.cid);
                }
                if ((obj.offset != null && obj.offset !== 0)) {
                    w.uint32(16);
                    w.uint64Number(obj.offset);
                }
                if ((obj.length != null && obj.length !== 0)) {
                    w.uint32(24);
                    w.uint64Number(obj.length);
                }
                if ((obj.whole != null && obj.whole !== false)) {
                    w.uint32(32);
                    w.bool(obj.whole);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    cid: '',
                    offset: 0,
                    length: 0,
                    whole: false
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.cid = reader.string();
                            break;
                        }
                        case 2: {
                            obj.offset = reader.uint64Number();
                            break;
                        }
                        case 3: {
                            obj.length = reader.uint64Number();
                            break;
                        }
                        case 4: {
                            obj.whole = reader.bool();
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
                                field: `${prefix}.cid`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.offset`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.length`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 4: {
                            yield {
                                field: `${prefix}.whole`,
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
        return encodeMessage(obj, ChunkGetRequest.codec());
    }
    ChunkGetRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ChunkGetRequest.codec(), opts);
    }
    ChunkGetRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ChunkGetRequest.codec(), opts);
    }
    ChunkGetRequest.stream = stream;
})(ChunkGetRequest || (ChunkGetRequest = {}));
export var ChunkGetHeader;
(function (ChunkGetHeader) {
    let _codec;
    ChunkGetHeader.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.error != null && obj.error !== '')) {
                    w.uint32(10);
                    w.string(obj.error);
                }
                if ((obj.message != null && obj.message !== '')) {
                    w.uint32(18);
                    w.string(obj.message);
                }
                if ((obj.size != null && obj.size !== 0)) {
                    w.uint32(24);
                    w.uint64Number(obj.size);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    error: '',
                    message: '',
                    size: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.error = reader.string();
                            break;
                        }
                        case 2: {
                            obj.message = reader.string();
                            break;
                        }
                        case 3: {
                            obj.size = reader.uint64Number();
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
                                field: `${prefix}.error`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.message`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.size`,
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
        return encodeMessage(obj, ChunkGetHeader.codec());
    }
    ChunkGetHeader.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ChunkGetHeader.codec(), opts);
    }
    ChunkGetHeader.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ChunkGetHeader.codec(), opts);
    }
    ChunkGetHeader.stream = stream;
})(ChunkGetHeader || (ChunkGetHeader = {}));
export var ChunkCommand;
(function (ChunkCommand) {
    let _codec;
    ChunkCommand.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.term != null && obj.term !== 0)) {
                    w.uint32(8);
                    w.uint64Number(obj.term);
                }
                if ((obj.op != null && obj.op !== '')) {
                    w.uint32(18);
                    w.string(obj.op);
                }
                if (obj.chunks != null && obj.chunks.length > 0) {
                    for (const value of obj.chunks) {
                        w.uint32(26);
                        Chunk.codec().encode(value, w);
                    }
                }
                if (obj.sources != null && obj.sources.length > 0) {
                    for (const value of obj.sources) {
                        w.uint32(34);
                        Server.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    term: 0,
                    op: '',
                    chunks: [],
                    sources: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.term = reader.uint64Number();
                            break;
                        }
                        case 2: {
                            obj.op = reader.string();
                            break;
                        }
                        case 3: {
                            if (opts.limits?.chunks != null && obj.chunks.length === opts.limits.chunks) {
                                throw new MaxLengthError('Decode error - repeated field "chunks" had too many elements');
                            }
                            obj.chunks.push(Chunk.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.chunks$
                            }));
                            break;
                        }
                        case 4: {
                            if (opts.limits?.sources != null && obj.sources.length === opts.limits.sources) {
                                throw new MaxLengthError('Decode error - repeated field "sources" had too many elements');
                            }
                            obj.sources.push(Server.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.sources$
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
                    chunks: 0,
                    sources: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.term`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.op`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 3: {
                            if (opts.limits?.chunks != null && obj.chunks === opts.limits.chunks) {
                                throw new MaxLengthError('Streaming decode error - repeated field "chunks" had too many elements');
                            }
                            for (const evt of Chunk.codec().stream(reader, reader.uint32(), `${prefix}.chunks[]`, {
                                limits: opts.limits?.chunks$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.chunks
                                };
                            }
                            obj.chunks++;
                            break;
                        }
                        case 4: {
                            if (opts.limits?.sources != null && obj.sources === opts.limits.sources) {
                                throw new MaxLengthError('Streaming decode error - repeated field "sources" had too many elements');
                            }
                            for (const evt of Server.codec().stream(reader, reader.uint32(), `${prefix}.sources[]`, {
                                limits: opts.limits?.sources$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.sources
                                };
                            }
                            obj.sources++;
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
        return encodeMessage(obj, ChunkCommand.codec());
    }
    ChunkCommand.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ChunkCommand.codec(), opts);
    }
    ChunkCommand.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ChunkCommand.codec(), opts);
    }
    ChunkCommand.stream = stream;
})(ChunkCommand || (ChunkCommand = {}));
export var ChunkCommandResult;
(function (ChunkCommandResult) {
    let _codec;
    ChunkCommandResult.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.error != null && obj.error !== '')) {
                    w.uint32(10);
                    w.string(obj.error);
                }
                if ((obj.message != null && obj.message !== '')) {
                    w.uint32(18);
                    w.string(obj.message);
                }
                if (obj.done != null && obj.done.length > 0) {
                    for (const value of obj.done) {
                        w.uint32(26);
                        w.string(value);
                    }
                }
                if (obj.failed != null && obj.failed.length > 0) {
                    for (const value of obj.failed) {
                        w.uint32(34);
                        ChunkFailure.codec().encode(value, w);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    error: '',
                    message: '',
                    done: [],
                    failed: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.error = reader.string();
                            break;
                        }
                        case 2: {
                            obj.message = reader.string();
                            break;
                        }
                        case 3: {
                            if (opts.limits?.done != null && obj.done.length === opts.limits.done) {
                                throw new MaxLengthError('Decode error - repeated field "done" had too many elements');
                            }
                            obj.done.push(reader.string());
                            break;
                        }
                        case 4: {
                            if (opts.limits?.failed != null && obj.failed.length === opts.limits.failed) {
                                throw new MaxLengthError('Decode error - repeated field "failed" had too many elements');
                            }
                            obj.failed.push(ChunkFailure.codec().decode(reader, reader.uint32(), {
                                limits: opts.limits?.failed$
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
                    done: 0,
                    failed: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.error`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.message`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 3: {
                            if (opts.limits?.done != null && obj.done === opts.limits.done) {
                                throw new MaxLengthError('Streaming decode error - repeated field "done" had too many elements');
                            }
                            yield {
                                field: `${prefix}.done[]`,
                                index: obj.done,
                                value: reader.string()
                            };
                            obj.done++;
                            break;
                        }
                        case 4: {
                            if (opts.limits?.failed != null && obj.failed === opts.limits.failed) {
                                throw new MaxLengthError('Streaming decode error - repeated field "failed" had too many elements');
                            }
                            for (const evt of ChunkFailure.codec().stream(reader, reader.uint32(), `${prefix}.failed[]`, {
                                limits: opts.limits?.failed$
                            })) {
                                yield {
                                    ...evt,
                                    index: obj.failed
                                };
                            }
                            obj.failed++;
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
        return encodeMessage(obj, ChunkCommandResult.codec());
    }
    ChunkCommandResult.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ChunkCommandResult.codec(), opts);
    }
    ChunkCommandResult.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ChunkCommandResult.codec(), opts);
    }
    ChunkCommandResult.stream = stream;
})(ChunkCommandResult || (ChunkCommandResult = {}));
export var ChunkReport;
(function (ChunkReport) {
    let _codec;
    ChunkReport.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.term != null && obj.term !== 0)) {
                    w.uint32(8);
                    w.uint64Number(obj.term);
                }
                if ((obj.full != null && obj.full !== false)) {
                    w.uint32(16);
                    w.bool(obj.full);
                }
                if ((obj.last != null && obj.last !== false)) {
                    w.uint32(24);
                    w.bool(obj.last);
                }
                if (obj.added != null && obj.added.length > 0) {
                    for (const value of obj.added) {
                        w.uint32(34);
                        w.string(value);
                    }
                }
                if (obj.removed != null && obj.removed.length > 0) {
                    for (const value of obj.removed) {
                        w.uint32(42);
                        w.string(value);
                    }
                }
                if (obj.corrupt != null && obj.corrupt.length > 0) {
                    for (const value of obj.corrupt) {
                        w.uint32(50);
                        w.string(value);
                    }
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    term: 0,
                    full: false,
                    last: false,
                    added: [],
                    removed: [],
                    corrupt: []
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.term = reader.uint64Number();
                            break;
                        }
                        case 2: {
                            obj.full = reader.bool();
                            break;
                        }
                        case 3: {
                            obj.last = reader.bool();
                            break;
                        }
                        case 4: {
                            if (opts.limits?.added != null && obj.added.length === opts.limits.added) {
                                throw new MaxLengthError('Decode error - repeated field "added" had too many elements');
                            }
                            obj.added.push(reader.string());
                            break;
                        }
                        case 5: {
                            if (opts.limits?.removed != null && obj.removed.length === opts.limits.removed) {
                                throw new MaxLengthError('Decode error - repeated field "removed" had too many elements');
                            }
                            obj.removed.push(reader.string());
                            break;
                        }
                        case 6: {
                            if (opts.limits?.corrupt != null && obj.corrupt.length === opts.limits.corrupt) {
                                throw new MaxLengthError('Decode error - repeated field "corrupt" had too many elements');
                            }
                            obj.corrupt.push(reader.string());
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
                    added: 0,
                    removed: 0,
                    corrupt: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            yield {
                                field: `${prefix}.term`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.full`,
                                value: reader.bool()
                            };
                            break;
                        }
                        case 3: {
                            yield {
                                field: `${prefix}.last`,
                                value: reader.bool()
                            };
                            break;
                        }
                        case 4: {
                            if (opts.limits?.added != null && obj.added === opts.limits.added) {
                                throw new MaxLengthError('Streaming decode error - repeated field "added" had too many elements');
                            }
                            yield {
                                field: `${prefix}.added[]`,
                                index: obj.added,
                                value: reader.string()
                            };
                            obj.added++;
                            break;
                        }
                        case 5: {
                            if (opts.limits?.removed != null && obj.removed === opts.limits.removed) {
                                throw new MaxLengthError('Streaming decode error - repeated field "removed" had too many elements');
                            }
                            yield {
                                field: `${prefix}.removed[]`,
                                index: obj.removed,
                                value: reader.string()
                            };
                            obj.removed++;
                            break;
                        }
                        case 6: {
                            if (opts.limits?.corrupt != null && obj.corrupt === opts.limits.corrupt) {
                                throw new MaxLengthError('Streaming decode error - repeated field "corrupt" had too many elements');
                            }
                            yield {
                                field: `${prefix}.corrupt[]`,
                                index: obj.corrupt,
                                value: reader.string()
                            };
                            obj.corrupt++;
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
        return encodeMessage(obj, ChunkReport.codec());
    }
    ChunkReport.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ChunkReport.codec(), opts);
    }
    ChunkReport.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ChunkReport.codec(), opts);
    }
    ChunkReport.stream = stream;
})(ChunkReport || (ChunkReport = {}));
export var ChunkReportAck;
(function (ChunkReportAck) {
    let _codec;
    ChunkReportAck.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.error != null && obj.error !== '')) {
                    w.uint32(10);
                    w.string(obj.error);
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
                    error: '',
                    term: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.error = reader.string();
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
                                field: `${prefix}.error`,
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
        return encodeMessage(obj, ChunkReportAck.codec());
    }
    ChunkReportAck.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, ChunkReportAck.codec(), opts);
    }
    ChunkReportAck.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, ChunkReportAck.codec(), opts);
    }
    ChunkReportAck.stream = stream;
})(ChunkReportAck || (ChunkReportAck = {}));
//# sourceMappingURL=dfs.js.map