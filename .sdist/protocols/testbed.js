import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime';
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc';
export var TestbedRequest;
(function (TestbedRequest) {
    let _codec;
    TestbedRequest.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.op != null && obj.op !== '')) {
                    w.uint32(10);
                    w.string(obj.op);
                }
                if ((obj.group != null && obj.group !== '')) {
                    w.uint32(18);
                    w.string(obj.group);
                }
                if (obj.voters != null && obj.voters.length > 0) {
                    for (const value of obj.voters) {
                        w.uint32(26);
                        w.string(value);
                    }
                }
                if ((obj.data != null && obj.data.byteLength > 0)) {
                    w.uint32(34);
                    w.bytes(obj.data);
                }
                if ((obj.count != null && obj.count !== 0)) {
                    w.uint32(40);
                    w.uint32(obj.count);
                }
                if ((obj.concurrency != null && obj.concurrency !== 0)) {
                    w.uint32(48);
                    w.uint32(obj.concurrency);
                }
                if ((obj.size != null && obj.size !== 0)) {
                    w.uint32(56);
                    w.uint32(obj.size);
                }
                if ((obj.durable != null && obj.durable !== false)) {
                    w.uint32(64);
                    w.bool(obj.durable);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    op: '',
                    group: '',
                    voters: [],
                    data: uint8ArrayAlloc(0),
                    count: 0,
                    concurrency: 0,
                    size: 0,
                    durable: false
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
                            obj.group = reader.string();
                            break;
                        }
                        case 3: {
                            if (opts.limits?.voters != null && obj.voters.length === opts.limits.voters) {
                                throw new MaxLengthError('Decode error - repeated field "voters" had too many elements');
                            }
                            obj.voters.push(reader.string());
                            break;
                        }
                        case 4: {
                            obj.data = reader.bytes();
                            break;
                        }
                        case 5: {
                            obj.count = reader.uint32();
                            break;
                        }
                        case 6: {
                            obj.concurrency = reader.uint32();
                            break;
                        }
                        case 7: {
                            obj.size = reader.uint32();
                            break;
                        }
                        case 8: {
                            obj.durable = reader.bool();
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
                                field: `${prefix}.op`,
                                value: reader.string()
                            };
                            break;
                        }
                        case 2: {
                            yield {
                                field: `${prefix}.group`,
                                value: reader.string()
                            };
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
                        case 4: {
                            yield {
                                field: `${prefix}.data`,
                                value: reader.bytes()
                            };
                            break;
                        }
                        case 5: {
                            yield {
                                field: `${prefix}.count`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 6: {
                            yield {
                                field: `${prefix}.concurrency`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 7: {
                            yield {
                                field: `${prefix}.size`,
                                value: reader.uint32()
                            };
                            break;
                        }
                        case 8: {
                            yield {
                                field: `${prefix}.durable`,
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
        return encodeMessage(obj, TestbedRequest.codec());
    }
    TestbedRequest.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, TestbedRequest.codec(), opts);
    }
    TestbedRequest.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, TestbedRequest.codec(), opts);
    }
    TestbedRequest.stream = stream;
})(TestbedRequest || (TestbedRequest = {}));
export var TestbedResponse;
(function (TestbedResponse) {
    let _codec;
    TestbedResponse.codec = () => {
        if (_codec == null) {
            _codec = message((obj, w, opts = {}) => {
                if (opts.lengthDelimited !== false) {
                    w.fork();
                }
                if ((obj.error != null && obj.error !== '')) {
                    w.uint32(10);
                    w.string(obj.error);
                }
                if ((obj.leader != null && obj.leader !== '')) {
                    w.uint32(18);
                    w.string(obj.leader);
                }
                if ((obj.term != null && obj.term !== 0)) {
                    w.uint32(24);
                    w.uint64Number(obj.term);
                }
                if ((obj.index != null && obj.index !== 0)) {
                    w.uint32(32);
                    w.uint64Number(obj.index);
                }
                if (obj.values != null && obj.values.length > 0) {
                    for (const value of obj.values) {
                        w.uint32(42);
                        w.bytes(value);
                    }
                }
                if ((obj.quiesced != null && obj.quiesced !== false)) {
                    w.uint32(48);
                    w.bool(obj.quiesced);
                }
                if ((obj.perSecond != null && obj.perSecond !== 0)) {
                    w.uint32(57);
                    w.double(obj.perSecond);
                }
                if ((obj.p50Ms != null && obj.p50Ms !== 0)) {
                    w.uint32(65);
                    w.double(obj.p50Ms);
                }
                if ((obj.p99Ms != null && obj.p99Ms !== 0)) {
                    w.uint32(73);
                    w.double(obj.p99Ms);
                }
                if ((obj.count != null && obj.count !== 0)) {
                    w.uint32(80);
                    w.uint64Number(obj.count);
                }
                if ((obj.digest != null && obj.digest.byteLength > 0)) {
                    w.uint32(90);
                    w.bytes(obj.digest);
                }
                if (opts.lengthDelimited !== false) {
                    w.ldelim();
                }
            }, (reader, length, opts = {}) => {
                const obj = {
                    error: '',
                    leader: '',
                    term: 0,
                    index: 0,
                    values: [],
                    quiesced: false,
                    perSecond: 0,
                    p50Ms: 0,
                    p99Ms: 0,
                    count: 0,
                    digest: uint8ArrayAlloc(0)
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
                            obj.leader = reader.string();
                            break;
                        }
                        case 3: {
                            obj.term = reader.uint64Number();
                            break;
                        }
                        case 4: {
                            obj.index = reader.uint64Number();
                            break;
                        }
                        case 5: {
                            if (opts.limits?.values != null && obj.values.length === opts.limits.values) {
                                throw new MaxLengthError('Decode error - repeated field "values" had too many elements');
                            }
                            obj.values.push(reader.bytes());
                            break;
                        }
                        case 6: {
                            obj.quiesced = reader.bool();
                            break;
                        }
                        case 7: {
                            obj.perSecond = reader.double();
                            break;
                        }
                        case 8: {
                            obj.p50Ms = reader.double();
                            break;
                        }
                        case 9: {
                            obj.p99Ms = reader.double();
                            break;
                        }
                        case 10: {
                            obj.count = reader.uint64Number();
                            break;
                        }
                        case 11: {
                            obj.digest = reader.bytes();
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
                    values: 0
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
                                field: `${prefix}.leader`,
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
                        case 4: {
                            yield {
                                field: `${prefix}.index`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 5: {
                            if (opts.limits?.values != null && obj.values === opts.limits.values) {
                                throw new MaxLengthError('Streaming decode error - repeated field "values" had too many elements');
                            }
                            yield {
                                field: `${prefix}.values[]`,
                                index: obj.values,
                                value: reader.bytes()
                            };
                            obj.values++;
                            break;
                        }
                        case 6: {
                            yield {
                                field: `${prefix}.quiesced`,
                                value: reader.bool()
                            };
                            break;
                        }
                        case 7: {
                            yield {
                                field: `${prefix}.perSecond`,
                                value: reader.double()
                            };
                            break;
                        }
                        case 8: {
                            yield {
                                field: `${prefix}.p50Ms`,
                                value: reader.double()
                            };
                            break;
                        }
                        case 9: {
                            yield {
                                field: `${prefix}.p99Ms`,
                                value: reader.double()
                            };
                            break;
                        }
                        case 10: {
                            yield {
                                field: `${prefix}.count`,
                                value: reader.uint64Number()
                            };
                            break;
                        }
                        case 11: {
                            yield {
                                field: `${prefix}.digest`,
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
        return encodeMessage(obj, TestbedResponse.codec());
    }
    TestbedResponse.encode = encode;
    function decode(buf, opts) {
        return decodeMessage(buf, TestbedResponse.codec(), opts);
    }
    TestbedResponse.decode = decode;
    function stream(buf, opts) {
        return streamMessage(buf, TestbedResponse.codec(), opts);
    }
    TestbedResponse.stream = stream;
})(TestbedResponse || (TestbedResponse = {}));
//# sourceMappingURL=testbed.js.map