import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime';
export var PerfRequest;
(function (PerfRequest) {
    let _codec;
    PerfRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.bytes != null && obj.bytes !== 0)) {
                    w.uint32(8);
                    w.uint64Number(obj.bytes);
                }
                if ((obj.to != null && obj.to !== '')) {
                    w.uint32(18);
                    w.string(obj.to);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    bytes: 0,
                    to: ''
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.bytes = reader.uint64Number();
                            break;
                        }
                        case 2: {
                            obj.to = reader.string();
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
                                field: `${prefix}.bytes`,
                                value: reader.uint64Number()
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
        return encodeMessage(obj, PerfRequest.codec());
    }
    PerfRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, PerfRequest.codec(), opts);
    }
    PerfRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, PerfRequest.codec(), opts);
    }
    PerfRequest.stream = stream;
})(PerfRequest || (PerfRequest = {}));
export var PerfResponse;
(function (PerfResponse) {
    let _codec;
    PerfResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.receivedBytes != null && obj.receivedBytes !== 0)) {
                    w.uint32(8);
                    w.uint64Number(obj.receivedBytes);
                }
                if ((obj.elapsedMs != null && obj.elapsedMs !== 0)) {
                    w.uint32(17);
                    w.double(obj.elapsedMs);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    receivedBytes: 0,
                    elapsedMs: 0
                };
                const end = length == null ? reader.len : reader.pos + length;
                while (reader.pos < end) {
                    const tag = reader.uint32();
                    switch (tag >>> 3) {
                        case 1: {
                            obj.receivedBytes = reader.uint64Number();
                            break;
                        }
                        case 2: {
                            obj.elapsedMs = reader.double();
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
                                field: `${prefix}.receivedBytes`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.elapsedMs`,
                                value: reader.double()
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
        return encodeMessage(obj, PerfResponse.codec());
    }
    PerfResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, PerfResponse.codec(), opts);
    }
    PerfResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, PerfResponse.codec(), opts);
    }
    PerfResponse.stream = stream;
})(PerfResponse || (PerfResponse = {}));
//# sourceMappingURL=perf.js.map