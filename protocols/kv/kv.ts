import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Pair {
  key: string
  value: Uint8Array<ArrayBuffer>
}

export namespace Pair {
  let _codec: Codec<Pair>

  export const codec = (): Codec<Pair> => {
    if (_codec == null) {
      _codec = message<Pair>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.key != null && obj.key !== '')) {
          w.uint32(10)
          w.string(obj.key)
        }

        if ((obj.value != null && obj.value.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.value)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          key: '',
          value: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.key = reader.string()
              break
            }
            case 2: {
              obj.value = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.key`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.value`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PairKeyFieldEvent {
    field: '$.key'
    value: string
  }

  export interface PairValueFieldEvent {
    field: '$.value'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Pair>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Pair.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Pair>): Pair {
    return decodeMessage(buf, Pair.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Pair>): Generator<PairKeyFieldEvent | PairValueFieldEvent> {
    return streamMessage(buf, Pair.codec(), opts)
  }
}

export interface KvRequest {
  id: bigint
  group: string
  config: number
  client: string
  seq: bigint
  acked: bigint
  get?: KeyOp
  put?: Pair
  append?: Pair
  del?: KeyOp
  cas?: Cas
  scan?: Scan
  purge?: Purge
}

export namespace KvRequest {
  let _codec: Codec<KvRequest>

  export const codec = (): Codec<KvRequest> => {
    if (_codec == null) {
      _codec = message<KvRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.purge != null) {
          obj.scan = undefined
          obj.cas = undefined
          obj.del = undefined
          obj.append = undefined
          obj.put = undefined
          obj.get = undefined
        }

        if (obj.scan != null) {
          obj.purge = undefined
          obj.cas = undefined
          obj.del = undefined
          obj.append = undefined
          obj.put = undefined
          obj.get = undefined
        }

        if (obj.cas != null) {
          obj.purge = undefined
          obj.scan = undefined
          obj.del = undefined
          obj.append = undefined
          obj.put = undefined
          obj.get = undefined
        }

        if (obj.del != null) {
          obj.purge = undefined
          obj.scan = undefined
          obj.cas = undefined
          obj.append = undefined
          obj.put = undefined
          obj.get = undefined
        }

        if (obj.append != null) {
          obj.purge = undefined
          obj.scan = undefined
          obj.cas = undefined
          obj.del = undefined
          obj.put = undefined
          obj.get = undefined
        }

        if (obj.put != null) {
          obj.purge = undefined
          obj.scan = undefined
          obj.cas = undefined
          obj.del = undefined
          obj.append = undefined
          obj.get = undefined
        }

        if (obj.get != null) {
          obj.purge = undefined
          obj.scan = undefined
          obj.cas = undefined
          obj.del = undefined
          obj.append = undefined
          obj.put = undefined
        }

        if ((obj.id != null && obj.id !== 0n)) {
          w.uint32(8)
          w.uint64(obj.id)
        }

        if ((obj.group != null && obj.group !== '')) {
          w.uint32(18)
          w.string(obj.group)
        }

        if ((obj.config != null && obj.config !== 0)) {
          w.uint32(24)
          w.uint32(obj.config)
        }

        if ((obj.client != null && obj.client !== '')) {
          w.uint32(34)
          w.string(obj.client)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(40)
          w.uint64(obj.seq)
        }

        if ((obj.acked != null && obj.acked !== 0n)) {
          w.uint32(48)
          w.uint64(obj.acked)
        }

        if (obj.get != null) {
          w.uint32(82)
          KeyOp.codec().encode(obj.get, w)
        }

        if (obj.put != null) {
          w.uint32(90)
          Pair.codec().encode(obj.put, w)
        }

        if (obj.append != null) {
          w.uint32(98)
          Pair.codec().encode(obj.append, w)
        }

        if (obj.del != null) {
          w.uint32(106)
          KeyOp.codec().encode(obj.del, w)
        }

        if (obj.cas != null) {
          w.uint32(114)
          Cas.codec().encode(obj.cas, w)
        }

        if (obj.scan != null) {
          w.uint32(122)
          Scan.codec().encode(obj.scan, w)
        }

        if (obj.purge != null) {
          w.uint32(130)
          Purge.codec().encode(obj.purge, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: 0n,
          group: '',
          config: 0,
          client: '',
          seq: 0n,
          acked: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.uint64()
              break
            }
            case 2: {
              obj.group = reader.string()
              break
            }
            case 3: {
              obj.config = reader.uint32()
              break
            }
            case 4: {
              obj.client = reader.string()
              break
            }
            case 5: {
              obj.seq = reader.uint64()
              break
            }
            case 6: {
              obj.acked = reader.uint64()
              break
            }
            case 10: {
              obj.get = KeyOp.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.get
              })
              break
            }
            case 11: {
              obj.put = Pair.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.put
              })
              break
            }
            case 12: {
              obj.append = Pair.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.append
              })
              break
            }
            case 13: {
              obj.del = KeyOp.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.del
              })
              break
            }
            case 14: {
              obj.cas = Cas.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.cas
              })
              break
            }
            case 15: {
              obj.scan = Scan.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.scan
              })
              break
            }
            case 16: {
              obj.purge = Purge.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.purge
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.purge != null) {
          delete obj.scan
          delete obj.cas
          delete obj.del
          delete obj.append
          delete obj.put
          delete obj.get
        }

        if (obj.scan != null) {
          delete obj.purge
          delete obj.cas
          delete obj.del
          delete obj.append
          delete obj.put
          delete obj.get
        }

        if (obj.cas != null) {
          delete obj.purge
          delete obj.scan
          delete obj.del
          delete obj.append
          delete obj.put
          delete obj.get
        }

        if (obj.del != null) {
          delete obj.purge
          delete obj.scan
          delete obj.cas
          delete obj.append
          delete obj.put
          delete obj.get
        }

        if (obj.append != null) {
          delete obj.purge
          delete obj.scan
          delete obj.cas
          delete obj.del
          delete obj.put
          delete obj.get
        }

        if (obj.put != null) {
          delete obj.purge
          delete obj.scan
          delete obj.cas
          delete obj.del
          delete obj.append
          delete obj.get
        }

        if (obj.get != null) {
          delete obj.purge
          delete obj.scan
          delete obj.cas
          delete obj.del
          delete obj.append
          delete obj.put
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.group`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.config`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.client`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.acked`,
                value: reader.uint64()
              }
              break
            }
            case 10: {
              yield * KeyOp.codec().stream(reader, reader.uint32(), `${prefix}.get`, {
                limits: opts.limits?.get
              })

              break
            }
            case 11: {
              yield * Pair.codec().stream(reader, reader.uint32(), `${prefix}.put`, {
                limits: opts.limits?.put
              })

              break
            }
            case 12: {
              yield * Pair.codec().stream(reader, reader.uint32(), `${prefix}.append`, {
                limits: opts.limits?.append
              })

              break
            }
            case 13: {
              yield * KeyOp.codec().stream(reader, reader.uint32(), `${prefix}.del`, {
                limits: opts.limits?.del
              })

              break
            }
            case 14: {
              yield * Cas.codec().stream(reader, reader.uint32(), `${prefix}.cas`, {
                limits: opts.limits?.cas
              })

              break
            }
            case 15: {
              yield * Scan.codec().stream(reader, reader.uint32(), `${prefix}.scan`, {
                limits: opts.limits?.scan
              })

              break
            }
            case 16: {
              yield * Purge.codec().stream(reader, reader.uint32(), `${prefix}.purge`, {
                limits: opts.limits?.purge
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface KvRequestIdFieldEvent {
    field: '$.id'
    value: bigint
  }

  export interface KvRequestGroupFieldEvent {
    field: '$.group'
    value: string
  }

  export interface KvRequestConfigFieldEvent {
    field: '$.config'
    value: number
  }

  export interface KvRequestClientFieldEvent {
    field: '$.client'
    value: string
  }

  export interface KvRequestSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface KvRequestAckedFieldEvent {
    field: '$.acked'
    value: bigint
  }

  export interface KvRequestGetKeyFieldEvent {
    field: '$.get.key'
    value: string
  }

  export interface KvRequestPutKeyFieldEvent {
    field: '$.put.key'
    value: string
  }

  export interface KvRequestPutValueFieldEvent {
    field: '$.put.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface KvRequestAppendKeyFieldEvent {
    field: '$.append.key'
    value: string
  }

  export interface KvRequestAppendValueFieldEvent {
    field: '$.append.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface KvRequestDelKeyFieldEvent {
    field: '$.del.key'
    value: string
  }

  export interface KvRequestCasKeyFieldEvent {
    field: '$.cas.key'
    value: string
  }

  export interface KvRequestCasOldFieldEvent {
    field: '$.cas.old'
    value: Uint8Array<ArrayBuffer>
  }

  export interface KvRequestCasValueFieldEvent {
    field: '$.cas.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface KvRequestScanShardFieldEvent {
    field: '$.scan.shard'
    value: number
  }

  export interface KvRequestScanPrefixFieldEvent {
    field: '$.scan.prefix'
    value: string
  }

  export interface KvRequestScanAfterFieldEvent {
    field: '$.scan.after'
    value: string
  }

  export interface KvRequestScanLimitFieldEvent {
    field: '$.scan.limit'
    value: number
  }

  export interface KvRequestPurgeShardFieldEvent {
    field: '$.purge.shard'
    value: number
  }

  export interface KvRequestPurgePrefixFieldEvent {
    field: '$.purge.prefix'
    value: string
  }

  export function encode (obj: Partial<KvRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, KvRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KvRequest>): KvRequest {
    return decodeMessage(buf, KvRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KvRequest>): Generator<KvRequestIdFieldEvent | KvRequestGroupFieldEvent | KvRequestConfigFieldEvent | KvRequestClientFieldEvent | KvRequestSeqFieldEvent | KvRequestAckedFieldEvent | KvRequestGetKeyFieldEvent | KvRequestPutKeyFieldEvent | KvRequestPutValueFieldEvent | KvRequestAppendKeyFieldEvent | KvRequestAppendValueFieldEvent | KvRequestDelKeyFieldEvent | KvRequestCasKeyFieldEvent | KvRequestCasOldFieldEvent | KvRequestCasValueFieldEvent | KvRequestScanShardFieldEvent | KvRequestScanPrefixFieldEvent | KvRequestScanAfterFieldEvent | KvRequestScanLimitFieldEvent | KvRequestPurgeShardFieldEvent | KvRequestPurgePrefixFieldEvent> {
    return streamMessage(buf, KvRequest.codec(), opts)
  }
}

export interface KeyOp {
  key: string
}

export namespace KeyOp {
  let _codec: Codec<KeyOp>

  export const codec = (): Codec<KeyOp> => {
    if (_codec == null) {
      _codec = message<KeyOp>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.key != null && obj.key !== '')) {
          w.uint32(10)
          w.string(obj.key)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          key: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.key = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.key`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface KeyOpKeyFieldEvent {
    field: '$.key'
    value: string
  }

  export function encode (obj: Partial<KeyOp>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, KeyOp.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeyOp>): KeyOp {
    return decodeMessage(buf, KeyOp.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KeyOp>): Generator<KeyOpKeyFieldEvent> {
    return streamMessage(buf, KeyOp.codec(), opts)
  }
}

export interface Cas {
  key: string
  old?: Uint8Array<ArrayBuffer>
  value: Uint8Array<ArrayBuffer>
}

export namespace Cas {
  let _codec: Codec<Cas>

  export const codec = (): Codec<Cas> => {
    if (_codec == null) {
      _codec = message<Cas>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.key != null && obj.key !== '')) {
          w.uint32(10)
          w.string(obj.key)
        }

        if (obj.old != null) {
          w.uint32(18)
          w.bytes(obj.old)
        }

        if ((obj.value != null && obj.value.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.value)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          key: '',
          value: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.key = reader.string()
              break
            }
            case 2: {
              obj.old = reader.bytes()
              break
            }
            case 3: {
              obj.value = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.key`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.old`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.value`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CasKeyFieldEvent {
    field: '$.key'
    value: string
  }

  export interface CasOldFieldEvent {
    field: '$.old'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CasValueFieldEvent {
    field: '$.value'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Cas>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Cas.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Cas>): Cas {
    return decodeMessage(buf, Cas.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Cas>): Generator<CasKeyFieldEvent | CasOldFieldEvent | CasValueFieldEvent> {
    return streamMessage(buf, Cas.codec(), opts)
  }
}

export interface Scan {
  shard: number
  prefix: string
  after: string
  limit: number
}

export namespace Scan {
  let _codec: Codec<Scan>

  export const codec = (): Codec<Scan> => {
    if (_codec == null) {
      _codec = message<Scan>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.shard != null && obj.shard !== 0)) {
          w.uint32(8)
          w.uint32(obj.shard)
        }

        if ((obj.prefix != null && obj.prefix !== '')) {
          w.uint32(18)
          w.string(obj.prefix)
        }

        if ((obj.after != null && obj.after !== '')) {
          w.uint32(26)
          w.string(obj.after)
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(32)
          w.uint32(obj.limit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          shard: 0,
          prefix: '',
          after: '',
          limit: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.shard = reader.uint32()
              break
            }
            case 2: {
              obj.prefix = reader.string()
              break
            }
            case 3: {
              obj.after = reader.string()
              break
            }
            case 4: {
              obj.limit = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.shard`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.prefix`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.after`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.limit`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ScanShardFieldEvent {
    field: '$.shard'
    value: number
  }

  export interface ScanPrefixFieldEvent {
    field: '$.prefix'
    value: string
  }

  export interface ScanAfterFieldEvent {
    field: '$.after'
    value: string
  }

  export interface ScanLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export function encode (obj: Partial<Scan>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Scan.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Scan>): Scan {
    return decodeMessage(buf, Scan.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Scan>): Generator<ScanShardFieldEvent | ScanPrefixFieldEvent | ScanAfterFieldEvent | ScanLimitFieldEvent> {
    return streamMessage(buf, Scan.codec(), opts)
  }
}

export interface Purge {
  shard: number
  prefix: string
}

export namespace Purge {
  let _codec: Codec<Purge>

  export const codec = (): Codec<Purge> => {
    if (_codec == null) {
      _codec = message<Purge>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.shard != null && obj.shard !== 0)) {
          w.uint32(8)
          w.uint32(obj.shard)
        }

        if ((obj.prefix != null && obj.prefix !== '')) {
          w.uint32(18)
          w.string(obj.prefix)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          shard: 0,
          prefix: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.shard = reader.uint32()
              break
            }
            case 2: {
              obj.prefix = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.shard`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.prefix`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PurgeShardFieldEvent {
    field: '$.shard'
    value: number
  }

  export interface PurgePrefixFieldEvent {
    field: '$.prefix'
    value: string
  }

  export function encode (obj: Partial<Purge>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Purge.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Purge>): Purge {
    return decodeMessage(buf, Purge.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Purge>): Generator<PurgeShardFieldEvent | PurgePrefixFieldEvent> {
    return streamMessage(buf, Purge.codec(), opts)
  }
}

export interface KvResponse {
  id: bigint
  error: string
  message: string
  leader: string
  value?: Uint8Array<ArrayBuffer>
  ok: boolean
  pairs: Pair[]
  more: boolean
  count: bigint
}

export namespace KvResponse {
  let _codec: Codec<KvResponse>

  export const codec = (): Codec<KvResponse> => {
    if (_codec == null) {
      _codec = message<KvResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== 0n)) {
          w.uint32(8)
          w.uint64(obj.id)
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(18)
          w.string(obj.error)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(26)
          w.string(obj.message)
        }

        if ((obj.leader != null && obj.leader !== '')) {
          w.uint32(34)
          w.string(obj.leader)
        }

        if (obj.value != null) {
          w.uint32(42)
          w.bytes(obj.value)
        }

        if ((obj.ok != null && obj.ok !== false)) {
          w.uint32(48)
          w.bool(obj.ok)
        }

        if (obj.pairs != null && obj.pairs.length > 0) {
          for (const value of obj.pairs) {
            w.uint32(58)
            Pair.codec().encode(value, w)
          }
        }

        if ((obj.more != null && obj.more !== false)) {
          w.uint32(64)
          w.bool(obj.more)
        }

        if ((obj.count != null && obj.count !== 0n)) {
          w.uint32(72)
          w.uint64(obj.count)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: 0n,
          error: '',
          message: '',
          leader: '',
          ok: false,
          pairs: [],
          more: false,
          count: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.uint64()
              break
            }
            case 2: {
              obj.error = reader.string()
              break
            }
            case 3: {
              obj.message = reader.string()
              break
            }
            case 4: {
              obj.leader = reader.string()
              break
            }
            case 5: {
              obj.value = reader.bytes()
              break
            }
            case 6: {
              obj.ok = reader.bool()
              break
            }
            case 7: {
              if (opts.limits?.pairs != null && obj.pairs.length === opts.limits.pairs) {
                throw new MaxLengthError('Decode error - repeated field "pairs" had too many elements')
              }

              obj.pairs.push(Pair.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.pairs$
              }))
              break
            }
            case 8: {
              obj.more = reader.bool()
              break
            }
            case 9: {
              obj.count = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          pairs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.leader`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.value`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.ok`,
                value: reader.bool()
              }
              break
            }
            case 7: {
              if (opts.limits?.pairs != null && obj.pairs === opts.limits.pairs) {
                throw new MaxLengthError('Streaming decode error - repeated field "pairs" had too many elements')
              }

              for (const evt of Pair.codec().stream(reader, reader.uint32(), `${prefix}.pairs[]`, {
                limits: opts.limits?.pairs$
              })) {
                yield {
                  ...evt,
                  index: obj.pairs
                }
              }

              obj.pairs++

              break
            }
            case 8: {
              yield {
                field: `${prefix}.more`,
                value: reader.bool()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface KvResponseIdFieldEvent {
    field: '$.id'
    value: bigint
  }

  export interface KvResponseErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface KvResponseMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface KvResponseLeaderFieldEvent {
    field: '$.leader'
    value: string
  }

  export interface KvResponseValueFieldEvent {
    field: '$.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface KvResponseOkFieldEvent {
    field: '$.ok'
    value: boolean
  }

  export interface KvResponsePairsKeyFieldEvent {
    field: '$.pairs[].key'
    value: string
    index: number
  }

  export interface KvResponsePairsValueFieldEvent {
    field: '$.pairs[].value'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface KvResponseMoreFieldEvent {
    field: '$.more'
    value: boolean
  }

  export interface KvResponseCountFieldEvent {
    field: '$.count'
    value: bigint
  }

  export function encode (obj: Partial<KvResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, KvResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KvResponse>): KvResponse {
    return decodeMessage(buf, KvResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KvResponse>): Generator<KvResponseIdFieldEvent | KvResponseErrorFieldEvent | KvResponseMessageFieldEvent | KvResponseLeaderFieldEvent | KvResponseValueFieldEvent | KvResponseOkFieldEvent | KvResponsePairsKeyFieldEvent | KvResponsePairsValueFieldEvent | KvResponseMoreFieldEvent | KvResponseCountFieldEvent> {
    return streamMessage(buf, KvResponse.codec(), opts)
  }
}

export interface KvCommand {
  client: string
  seq: bigint
  acked: bigint
  put?: Pair
  append?: Pair
  del?: KeyOp
  cas?: Cas
  purge?: Purge
  config?: ConfigStep
  piece?: ShardPiece
  done?: ShardDone
  drop?: ShardDone
}

export namespace KvCommand {
  let _codec: Codec<KvCommand>

  export const codec = (): Codec<KvCommand> => {
    if (_codec == null) {
      _codec = message<KvCommand>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.drop != null) {
          obj.done = undefined
          obj.piece = undefined
          obj.config = undefined
          obj.purge = undefined
          obj.cas = undefined
          obj.del = undefined
          obj.append = undefined
          obj.put = undefined
        }

        if (obj.done != null) {
          obj.drop = undefined
          obj.piece = undefined
          obj.config = undefined
          obj.purge = undefined
          obj.cas = undefined
          obj.del = undefined
          obj.append = undefined
          obj.put = undefined
        }

        if (obj.piece != null) {
          obj.drop = undefined
          obj.done = undefined
          obj.config = undefined
          obj.purge = undefined
          obj.cas = undefined
          obj.del = undefined
          obj.append = undefined
          obj.put = undefined
        }

        if (obj.config != null) {
          obj.drop = undefined
          obj.done = undefined
          obj.piece = undefined
          obj.purge = undefined
          obj.cas = undefined
          obj.del = undefined
          obj.append = undefined
          obj.put = undefined
        }

        if (obj.purge != null) {
          obj.drop = undefined
          obj.done = undefined
          obj.piece = undefined
          obj.config = undefined
          obj.cas = undefined
          obj.del = undefined
          obj.append = undefined
          obj.put = undefined
        }

        if (obj.cas != null) {
          obj.drop = undefined
          obj.done = undefined
          obj.piece = undefined
          obj.config = undefined
          obj.purge = undefined
          obj.del = undefined
          obj.append = undefined
          obj.put = undefined
        }

        if (obj.del != null) {
          obj.drop = undefined
          obj.done = undefined
          obj.piece = undefined
          obj.config = undefined
          obj.purge = undefined
          obj.cas = undefined
          obj.append = undefined
          obj.put = undefined
        }

        if (obj.append != null) {
          obj.drop = undefined
          obj.done = undefined
          obj.piece = undefined
          obj.config = undefined
          obj.purge = undefined
          obj.cas = undefined
          obj.del = undefined
          obj.put = undefined
        }

        if (obj.put != null) {
          obj.drop = undefined
          obj.done = undefined
          obj.piece = undefined
          obj.config = undefined
          obj.purge = undefined
          obj.cas = undefined
          obj.del = undefined
          obj.append = undefined
        }

        if ((obj.client != null && obj.client !== '')) {
          w.uint32(10)
          w.string(obj.client)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(16)
          w.uint64(obj.seq)
        }

        if ((obj.acked != null && obj.acked !== 0n)) {
          w.uint32(24)
          w.uint64(obj.acked)
        }

        if (obj.put != null) {
          w.uint32(82)
          Pair.codec().encode(obj.put, w)
        }

        if (obj.append != null) {
          w.uint32(90)
          Pair.codec().encode(obj.append, w)
        }

        if (obj.del != null) {
          w.uint32(98)
          KeyOp.codec().encode(obj.del, w)
        }

        if (obj.cas != null) {
          w.uint32(106)
          Cas.codec().encode(obj.cas, w)
        }

        if (obj.purge != null) {
          w.uint32(114)
          Purge.codec().encode(obj.purge, w)
        }

        if (obj.config != null) {
          w.uint32(122)
          ConfigStep.codec().encode(obj.config, w)
        }

        if (obj.piece != null) {
          w.uint32(130)
          ShardPiece.codec().encode(obj.piece, w)
        }

        if (obj.done != null) {
          w.uint32(138)
          ShardDone.codec().encode(obj.done, w)
        }

        if (obj.drop != null) {
          w.uint32(146)
          ShardDone.codec().encode(obj.drop, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          client: '',
          seq: 0n,
          acked: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.client = reader.string()
              break
            }
            case 2: {
              obj.seq = reader.uint64()
              break
            }
            case 3: {
              obj.acked = reader.uint64()
              break
            }
            case 10: {
              obj.put = Pair.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.put
              })
              break
            }
            case 11: {
              obj.append = Pair.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.append
              })
              break
            }
            case 12: {
              obj.del = KeyOp.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.del
              })
              break
            }
            case 13: {
              obj.cas = Cas.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.cas
              })
              break
            }
            case 14: {
              obj.purge = Purge.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.purge
              })
              break
            }
            case 15: {
              obj.config = ConfigStep.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.config
              })
              break
            }
            case 16: {
              obj.piece = ShardPiece.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.piece
              })
              break
            }
            case 17: {
              obj.done = ShardDone.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.done
              })
              break
            }
            case 18: {
              obj.drop = ShardDone.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.drop
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.drop != null) {
          delete obj.done
          delete obj.piece
          delete obj.config
          delete obj.purge
          delete obj.cas
          delete obj.del
          delete obj.append
          delete obj.put
        }

        if (obj.done != null) {
          delete obj.drop
          delete obj.piece
          delete obj.config
          delete obj.purge
          delete obj.cas
          delete obj.del
          delete obj.append
          delete obj.put
        }

        if (obj.piece != null) {
          delete obj.drop
          delete obj.done
          delete obj.config
          delete obj.purge
          delete obj.cas
          delete obj.del
          delete obj.append
          delete obj.put
        }

        if (obj.config != null) {
          delete obj.drop
          delete obj.done
          delete obj.piece
          delete obj.purge
          delete obj.cas
          delete obj.del
          delete obj.append
          delete obj.put
        }

        if (obj.purge != null) {
          delete obj.drop
          delete obj.done
          delete obj.piece
          delete obj.config
          delete obj.cas
          delete obj.del
          delete obj.append
          delete obj.put
        }

        if (obj.cas != null) {
          delete obj.drop
          delete obj.done
          delete obj.piece
          delete obj.config
          delete obj.purge
          delete obj.del
          delete obj.append
          delete obj.put
        }

        if (obj.del != null) {
          delete obj.drop
          delete obj.done
          delete obj.piece
          delete obj.config
          delete obj.purge
          delete obj.cas
          delete obj.append
          delete obj.put
        }

        if (obj.append != null) {
          delete obj.drop
          delete obj.done
          delete obj.piece
          delete obj.config
          delete obj.purge
          delete obj.cas
          delete obj.del
          delete obj.put
        }

        if (obj.put != null) {
          delete obj.drop
          delete obj.done
          delete obj.piece
          delete obj.config
          delete obj.purge
          delete obj.cas
          delete obj.del
          delete obj.append
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.client`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.acked`,
                value: reader.uint64()
              }
              break
            }
            case 10: {
              yield * Pair.codec().stream(reader, reader.uint32(), `${prefix}.put`, {
                limits: opts.limits?.put
              })

              break
            }
            case 11: {
              yield * Pair.codec().stream(reader, reader.uint32(), `${prefix}.append`, {
                limits: opts.limits?.append
              })

              break
            }
            case 12: {
              yield * KeyOp.codec().stream(reader, reader.uint32(), `${prefix}.del`, {
                limits: opts.limits?.del
              })

              break
            }
            case 13: {
              yield * Cas.codec().stream(reader, reader.uint32(), `${prefix}.cas`, {
                limits: opts.limits?.cas
              })

              break
            }
            case 14: {
              yield * Purge.codec().stream(reader, reader.uint32(), `${prefix}.purge`, {
                limits: opts.limits?.purge
              })

              break
            }
            case 15: {
              yield * ConfigStep.codec().stream(reader, reader.uint32(), `${prefix}.config`, {
                limits: opts.limits?.config
              })

              break
            }
            case 16: {
              yield * ShardPiece.codec().stream(reader, reader.uint32(), `${prefix}.piece`, {
                limits: opts.limits?.piece
              })

              break
            }
            case 17: {
              yield * ShardDone.codec().stream(reader, reader.uint32(), `${prefix}.done`, {
                limits: opts.limits?.done
              })

              break
            }
            case 18: {
              yield * ShardDone.codec().stream(reader, reader.uint32(), `${prefix}.drop`, {
                limits: opts.limits?.drop
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface KvCommandClientFieldEvent {
    field: '$.client'
    value: string
  }

  export interface KvCommandSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface KvCommandAckedFieldEvent {
    field: '$.acked'
    value: bigint
  }

  export interface KvCommandPutKeyFieldEvent {
    field: '$.put.key'
    value: string
  }

  export interface KvCommandPutValueFieldEvent {
    field: '$.put.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface KvCommandAppendKeyFieldEvent {
    field: '$.append.key'
    value: string
  }

  export interface KvCommandAppendValueFieldEvent {
    field: '$.append.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface KvCommandDelKeyFieldEvent {
    field: '$.del.key'
    value: string
  }

  export interface KvCommandCasKeyFieldEvent {
    field: '$.cas.key'
    value: string
  }

  export interface KvCommandCasOldFieldEvent {
    field: '$.cas.old'
    value: Uint8Array<ArrayBuffer>
  }

  export interface KvCommandCasValueFieldEvent {
    field: '$.cas.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface KvCommandPurgeShardFieldEvent {
    field: '$.purge.shard'
    value: number
  }

  export interface KvCommandPurgePrefixFieldEvent {
    field: '$.purge.prefix'
    value: string
  }

  export interface KvCommandConfigNumFieldEvent {
    field: '$.config.num'
    value: number
  }

  export interface KvCommandConfigJsonFieldEvent {
    field: '$.config.json'
    value: string
  }

  export interface KvCommandPieceShardFieldEvent {
    field: '$.piece.shard'
    value: number
  }

  export interface KvCommandPieceNumFieldEvent {
    field: '$.piece.num'
    value: number
  }

  export interface KvCommandPiecePairsKeyFieldEvent {
    field: '$.piece.pairs[].key'
    value: string
    index: number
  }

  export interface KvCommandPiecePairsValueFieldEvent {
    field: '$.piece.pairs[].value'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface KvCommandDoneShardFieldEvent {
    field: '$.done.shard'
    value: number
  }

  export interface KvCommandDoneNumFieldEvent {
    field: '$.done.num'
    value: number
  }

  export interface KvCommandDoneSessionsClientFieldEvent {
    field: '$.done.sessions[].client'
    value: string
    index: number
  }

  export interface KvCommandDoneSessionsAckedFieldEvent {
    field: '$.done.sessions[].acked'
    value: bigint
    index: number
  }

  export interface KvCommandDoneSessionsResultsSeqFieldEvent {
    field: '$.done.sessions[].results[].seq'
    value: bigint
    index: number
  }

  export interface KvCommandDoneSessionsResultsOkFieldEvent {
    field: '$.done.sessions[].results[].ok'
    value: boolean
    index: number
  }

  export interface KvCommandDoneSessionsResultsCountFieldEvent {
    field: '$.done.sessions[].results[].count'
    value: bigint
    index: number
  }

  export interface KvCommandDropShardFieldEvent {
    field: '$.drop.shard'
    value: number
  }

  export interface KvCommandDropNumFieldEvent {
    field: '$.drop.num'
    value: number
  }

  export interface KvCommandDropSessionsClientFieldEvent {
    field: '$.drop.sessions[].client'
    value: string
    index: number
  }

  export interface KvCommandDropSessionsAckedFieldEvent {
    field: '$.drop.sessions[].acked'
    value: bigint
    index: number
  }

  export interface KvCommandDropSessionsResultsSeqFieldEvent {
    field: '$.drop.sessions[].results[].seq'
    value: bigint
    index: number
  }

  export interface KvCommandDropSessionsResultsOkFieldEvent {
    field: '$.drop.sessions[].results[].ok'
    value: boolean
    index: number
  }

  export interface KvCommandDropSessionsResultsCountFieldEvent {
    field: '$.drop.sessions[].results[].count'
    value: bigint
    index: number
  }

  export function encode (obj: Partial<KvCommand>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, KvCommand.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KvCommand>): KvCommand {
    return decodeMessage(buf, KvCommand.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<KvCommand>): Generator<KvCommandClientFieldEvent | KvCommandSeqFieldEvent | KvCommandAckedFieldEvent | KvCommandPutKeyFieldEvent | KvCommandPutValueFieldEvent | KvCommandAppendKeyFieldEvent | KvCommandAppendValueFieldEvent | KvCommandDelKeyFieldEvent | KvCommandCasKeyFieldEvent | KvCommandCasOldFieldEvent | KvCommandCasValueFieldEvent | KvCommandPurgeShardFieldEvent | KvCommandPurgePrefixFieldEvent | KvCommandConfigNumFieldEvent | KvCommandConfigJsonFieldEvent | KvCommandPieceShardFieldEvent | KvCommandPieceNumFieldEvent | KvCommandPiecePairsKeyFieldEvent | KvCommandPiecePairsValueFieldEvent | KvCommandDoneShardFieldEvent | KvCommandDoneNumFieldEvent | KvCommandDoneSessionsClientFieldEvent | KvCommandDoneSessionsAckedFieldEvent | KvCommandDoneSessionsResultsSeqFieldEvent | KvCommandDoneSessionsResultsOkFieldEvent | KvCommandDoneSessionsResultsCountFieldEvent | KvCommandDropShardFieldEvent | KvCommandDropNumFieldEvent | KvCommandDropSessionsClientFieldEvent | KvCommandDropSessionsAckedFieldEvent | KvCommandDropSessionsResultsSeqFieldEvent | KvCommandDropSessionsResultsOkFieldEvent | KvCommandDropSessionsResultsCountFieldEvent> {
    return streamMessage(buf, KvCommand.codec(), opts)
  }
}

export interface ConfigStep {
  num: number
  json: string
}

export namespace ConfigStep {
  let _codec: Codec<ConfigStep>

  export const codec = (): Codec<ConfigStep> => {
    if (_codec == null) {
      _codec = message<ConfigStep>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.num != null && obj.num !== 0)) {
          w.uint32(8)
          w.uint32(obj.num)
        }

        if ((obj.json != null && obj.json !== '')) {
          w.uint32(18)
          w.string(obj.json)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          num: 0,
          json: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.num = reader.uint32()
              break
            }
            case 2: {
              obj.json = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.num`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.json`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ConfigStepNumFieldEvent {
    field: '$.num'
    value: number
  }

  export interface ConfigStepJsonFieldEvent {
    field: '$.json'
    value: string
  }

  export function encode (obj: Partial<ConfigStep>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ConfigStep.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ConfigStep>): ConfigStep {
    return decodeMessage(buf, ConfigStep.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ConfigStep>): Generator<ConfigStepNumFieldEvent | ConfigStepJsonFieldEvent> {
    return streamMessage(buf, ConfigStep.codec(), opts)
  }
}

export interface ShardPiece {
  shard: number
  num: number
  pairs: Pair[]
}

export namespace ShardPiece {
  let _codec: Codec<ShardPiece>

  export const codec = (): Codec<ShardPiece> => {
    if (_codec == null) {
      _codec = message<ShardPiece>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.shard != null && obj.shard !== 0)) {
          w.uint32(8)
          w.uint32(obj.shard)
        }

        if ((obj.num != null && obj.num !== 0)) {
          w.uint32(16)
          w.uint32(obj.num)
        }

        if (obj.pairs != null && obj.pairs.length > 0) {
          for (const value of obj.pairs) {
            w.uint32(26)
            Pair.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          shard: 0,
          num: 0,
          pairs: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.shard = reader.uint32()
              break
            }
            case 2: {
              obj.num = reader.uint32()
              break
            }
            case 3: {
              if (opts.limits?.pairs != null && obj.pairs.length === opts.limits.pairs) {
                throw new MaxLengthError('Decode error - repeated field "pairs" had too many elements')
              }

              obj.pairs.push(Pair.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.pairs$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          pairs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.shard`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.num`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              if (opts.limits?.pairs != null && obj.pairs === opts.limits.pairs) {
                throw new MaxLengthError('Streaming decode error - repeated field "pairs" had too many elements')
              }

              for (const evt of Pair.codec().stream(reader, reader.uint32(), `${prefix}.pairs[]`, {
                limits: opts.limits?.pairs$
              })) {
                yield {
                  ...evt,
                  index: obj.pairs
                }
              }

              obj.pairs++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ShardPieceShardFieldEvent {
    field: '$.shard'
    value: number
  }

  export interface ShardPieceNumFieldEvent {
    field: '$.num'
    value: number
  }

  export interface ShardPiecePairsKeyFieldEvent {
    field: '$.pairs[].key'
    value: string
    index: number
  }

  export interface ShardPiecePairsValueFieldEvent {
    field: '$.pairs[].value'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export function encode (obj: Partial<ShardPiece>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ShardPiece.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardPiece>): ShardPiece {
    return decodeMessage(buf, ShardPiece.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardPiece>): Generator<ShardPieceShardFieldEvent | ShardPieceNumFieldEvent | ShardPiecePairsKeyFieldEvent | ShardPiecePairsValueFieldEvent> {
    return streamMessage(buf, ShardPiece.codec(), opts)
  }
}

export interface ShardDone {
  shard: number
  num: number
  sessions: Session[]
}

export namespace ShardDone {
  let _codec: Codec<ShardDone>

  export const codec = (): Codec<ShardDone> => {
    if (_codec == null) {
      _codec = message<ShardDone>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.shard != null && obj.shard !== 0)) {
          w.uint32(8)
          w.uint32(obj.shard)
        }

        if ((obj.num != null && obj.num !== 0)) {
          w.uint32(16)
          w.uint32(obj.num)
        }

        if (obj.sessions != null && obj.sessions.length > 0) {
          for (const value of obj.sessions) {
            w.uint32(26)
            Session.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          shard: 0,
          num: 0,
          sessions: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.shard = reader.uint32()
              break
            }
            case 2: {
              obj.num = reader.uint32()
              break
            }
            case 3: {
              if (opts.limits?.sessions != null && obj.sessions.length === opts.limits.sessions) {
                throw new MaxLengthError('Decode error - repeated field "sessions" had too many elements')
              }

              obj.sessions.push(Session.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.sessions$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          sessions: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.shard`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.num`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              if (opts.limits?.sessions != null && obj.sessions === opts.limits.sessions) {
                throw new MaxLengthError('Streaming decode error - repeated field "sessions" had too many elements')
              }

              for (const evt of Session.codec().stream(reader, reader.uint32(), `${prefix}.sessions[]`, {
                limits: opts.limits?.sessions$
              })) {
                yield {
                  ...evt,
                  index: obj.sessions
                }
              }

              obj.sessions++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ShardDoneShardFieldEvent {
    field: '$.shard'
    value: number
  }

  export interface ShardDoneNumFieldEvent {
    field: '$.num'
    value: number
  }

  export interface ShardDoneSessionsClientFieldEvent {
    field: '$.sessions[].client'
    value: string
    index: number
  }

  export interface ShardDoneSessionsAckedFieldEvent {
    field: '$.sessions[].acked'
    value: bigint
    index: number
  }

  export interface ShardDoneSessionsResultsSeqFieldEvent {
    field: '$.sessions[].results[].seq'
    value: bigint
    index: number
  }

  export interface ShardDoneSessionsResultsOkFieldEvent {
    field: '$.sessions[].results[].ok'
    value: boolean
    index: number
  }

  export interface ShardDoneSessionsResultsCountFieldEvent {
    field: '$.sessions[].results[].count'
    value: bigint
    index: number
  }

  export function encode (obj: Partial<ShardDone>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ShardDone.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardDone>): ShardDone {
    return decodeMessage(buf, ShardDone.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardDone>): Generator<ShardDoneShardFieldEvent | ShardDoneNumFieldEvent | ShardDoneSessionsClientFieldEvent | ShardDoneSessionsAckedFieldEvent | ShardDoneSessionsResultsSeqFieldEvent | ShardDoneSessionsResultsOkFieldEvent | ShardDoneSessionsResultsCountFieldEvent> {
    return streamMessage(buf, ShardDone.codec(), opts)
  }
}

export interface Session {
  client: string
  acked: bigint
  results: SeqResult[]
}

export namespace Session {
  let _codec: Codec<Session>

  export const codec = (): Codec<Session> => {
    if (_codec == null) {
      _codec = message<Session>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.client != null && obj.client !== '')) {
          w.uint32(10)
          w.string(obj.client)
        }

        if ((obj.acked != null && obj.acked !== 0n)) {
          w.uint32(16)
          w.uint64(obj.acked)
        }

        if (obj.results != null && obj.results.length > 0) {
          for (const value of obj.results) {
            w.uint32(26)
            SeqResult.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          client: '',
          acked: 0n,
          results: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.client = reader.string()
              break
            }
            case 2: {
              obj.acked = reader.uint64()
              break
            }
            case 3: {
              if (opts.limits?.results != null && obj.results.length === opts.limits.results) {
                throw new MaxLengthError('Decode error - repeated field "results" had too many elements')
              }

              obj.results.push(SeqResult.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.results$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          results: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.client`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.acked`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              if (opts.limits?.results != null && obj.results === opts.limits.results) {
                throw new MaxLengthError('Streaming decode error - repeated field "results" had too many elements')
              }

              for (const evt of SeqResult.codec().stream(reader, reader.uint32(), `${prefix}.results[]`, {
                limits: opts.limits?.results$
              })) {
                yield {
                  ...evt,
                  index: obj.results
                }
              }

              obj.results++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SessionClientFieldEvent {
    field: '$.client'
    value: string
  }

  export interface SessionAckedFieldEvent {
    field: '$.acked'
    value: bigint
  }

  export interface SessionResultsSeqFieldEvent {
    field: '$.results[].seq'
    value: bigint
    index: number
  }

  export interface SessionResultsOkFieldEvent {
    field: '$.results[].ok'
    value: boolean
    index: number
  }

  export interface SessionResultsCountFieldEvent {
    field: '$.results[].count'
    value: bigint
    index: number
  }

  export function encode (obj: Partial<Session>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Session.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Session>): Session {
    return decodeMessage(buf, Session.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Session>): Generator<SessionClientFieldEvent | SessionAckedFieldEvent | SessionResultsSeqFieldEvent | SessionResultsOkFieldEvent | SessionResultsCountFieldEvent> {
    return streamMessage(buf, Session.codec(), opts)
  }
}

export interface SeqResult {
  seq: bigint
  ok: boolean
  count: bigint
}

export namespace SeqResult {
  let _codec: Codec<SeqResult>

  export const codec = (): Codec<SeqResult> => {
    if (_codec == null) {
      _codec = message<SeqResult>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(8)
          w.uint64(obj.seq)
        }

        if ((obj.ok != null && obj.ok !== false)) {
          w.uint32(16)
          w.bool(obj.ok)
        }

        if ((obj.count != null && obj.count !== 0n)) {
          w.uint32(24)
          w.uint64(obj.count)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          seq: 0n,
          ok: false,
          count: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.seq = reader.uint64()
              break
            }
            case 2: {
              obj.ok = reader.bool()
              break
            }
            case 3: {
              obj.count = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.ok`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SeqResultSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface SeqResultOkFieldEvent {
    field: '$.ok'
    value: boolean
  }

  export interface SeqResultCountFieldEvent {
    field: '$.count'
    value: bigint
  }

  export function encode (obj: Partial<SeqResult>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SeqResult.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SeqResult>): SeqResult {
    return decodeMessage(buf, SeqResult.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SeqResult>): Generator<SeqResultSeqFieldEvent | SeqResultOkFieldEvent | SeqResultCountFieldEvent> {
    return streamMessage(buf, SeqResult.codec(), opts)
  }
}

export interface ShardRequest {
  shard: number
  num: number
  group: string
  confirm: boolean
}

export namespace ShardRequest {
  let _codec: Codec<ShardRequest>

  export const codec = (): Codec<ShardRequest> => {
    if (_codec == null) {
      _codec = message<ShardRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.shard != null && obj.shard !== 0)) {
          w.uint32(8)
          w.uint32(obj.shard)
        }

        if ((obj.num != null && obj.num !== 0)) {
          w.uint32(16)
          w.uint32(obj.num)
        }

        if ((obj.group != null && obj.group !== '')) {
          w.uint32(26)
          w.string(obj.group)
        }

        if ((obj.confirm != null && obj.confirm !== false)) {
          w.uint32(32)
          w.bool(obj.confirm)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          shard: 0,
          num: 0,
          group: '',
          confirm: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.shard = reader.uint32()
              break
            }
            case 2: {
              obj.num = reader.uint32()
              break
            }
            case 3: {
              obj.group = reader.string()
              break
            }
            case 4: {
              obj.confirm = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.shard`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.num`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.group`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.confirm`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ShardRequestShardFieldEvent {
    field: '$.shard'
    value: number
  }

  export interface ShardRequestNumFieldEvent {
    field: '$.num'
    value: number
  }

  export interface ShardRequestGroupFieldEvent {
    field: '$.group'
    value: string
  }

  export interface ShardRequestConfirmFieldEvent {
    field: '$.confirm'
    value: boolean
  }

  export function encode (obj: Partial<ShardRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ShardRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardRequest>): ShardRequest {
    return decodeMessage(buf, ShardRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardRequest>): Generator<ShardRequestShardFieldEvent | ShardRequestNumFieldEvent | ShardRequestGroupFieldEvent | ShardRequestConfirmFieldEvent> {
    return streamMessage(buf, ShardRequest.codec(), opts)
  }
}

export interface ShardFrame {
  error: string
  message: string
  leader: string
  pairs: Pair[]
  done: boolean
  sessions: Session[]
}

export namespace ShardFrame {
  let _codec: Codec<ShardFrame>

  export const codec = (): Codec<ShardFrame> => {
    if (_codec == null) {
      _codec = message<ShardFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(10)
          w.string(obj.error)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(18)
          w.string(obj.message)
        }

        if ((obj.leader != null && obj.leader !== '')) {
          w.uint32(26)
          w.string(obj.leader)
        }

        if (obj.pairs != null && obj.pairs.length > 0) {
          for (const value of obj.pairs) {
            w.uint32(34)
            Pair.codec().encode(value, w)
          }
        }

        if ((obj.done != null && obj.done !== false)) {
          w.uint32(40)
          w.bool(obj.done)
        }

        if (obj.sessions != null && obj.sessions.length > 0) {
          for (const value of obj.sessions) {
            w.uint32(50)
            Session.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          error: '',
          message: '',
          leader: '',
          pairs: [],
          done: false,
          sessions: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.error = reader.string()
              break
            }
            case 2: {
              obj.message = reader.string()
              break
            }
            case 3: {
              obj.leader = reader.string()
              break
            }
            case 4: {
              if (opts.limits?.pairs != null && obj.pairs.length === opts.limits.pairs) {
                throw new MaxLengthError('Decode error - repeated field "pairs" had too many elements')
              }

              obj.pairs.push(Pair.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.pairs$
              }))
              break
            }
            case 5: {
              obj.done = reader.bool()
              break
            }
            case 6: {
              if (opts.limits?.sessions != null && obj.sessions.length === opts.limits.sessions) {
                throw new MaxLengthError('Decode error - repeated field "sessions" had too many elements')
              }

              obj.sessions.push(Session.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.sessions$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          pairs: 0,
          sessions: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.leader`,
                value: reader.string()
              }
              break
            }
            case 4: {
              if (opts.limits?.pairs != null && obj.pairs === opts.limits.pairs) {
                throw new MaxLengthError('Streaming decode error - repeated field "pairs" had too many elements')
              }

              for (const evt of Pair.codec().stream(reader, reader.uint32(), `${prefix}.pairs[]`, {
                limits: opts.limits?.pairs$
              })) {
                yield {
                  ...evt,
                  index: obj.pairs
                }
              }

              obj.pairs++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.done`,
                value: reader.bool()
              }
              break
            }
            case 6: {
              if (opts.limits?.sessions != null && obj.sessions === opts.limits.sessions) {
                throw new MaxLengthError('Streaming decode error - repeated field "sessions" had too many elements')
              }

              for (const evt of Session.codec().stream(reader, reader.uint32(), `${prefix}.sessions[]`, {
                limits: opts.limits?.sessions$
              })) {
                yield {
                  ...evt,
                  index: obj.sessions
                }
              }

              obj.sessions++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ShardFrameErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface ShardFrameMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface ShardFrameLeaderFieldEvent {
    field: '$.leader'
    value: string
  }

  export interface ShardFramePairsKeyFieldEvent {
    field: '$.pairs[].key'
    value: string
    index: number
  }

  export interface ShardFramePairsValueFieldEvent {
    field: '$.pairs[].value'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ShardFrameDoneFieldEvent {
    field: '$.done'
    value: boolean
  }

  export interface ShardFrameSessionsClientFieldEvent {
    field: '$.sessions[].client'
    value: string
    index: number
  }

  export interface ShardFrameSessionsAckedFieldEvent {
    field: '$.sessions[].acked'
    value: bigint
    index: number
  }

  export interface ShardFrameSessionsResultsSeqFieldEvent {
    field: '$.sessions[].results[].seq'
    value: bigint
    index: number
  }

  export interface ShardFrameSessionsResultsOkFieldEvent {
    field: '$.sessions[].results[].ok'
    value: boolean
    index: number
  }

  export interface ShardFrameSessionsResultsCountFieldEvent {
    field: '$.sessions[].results[].count'
    value: bigint
    index: number
  }

  export function encode (obj: Partial<ShardFrame>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ShardFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardFrame>): ShardFrame {
    return decodeMessage(buf, ShardFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardFrame>): Generator<ShardFrameErrorFieldEvent | ShardFrameMessageFieldEvent | ShardFrameLeaderFieldEvent | ShardFramePairsKeyFieldEvent | ShardFramePairsValueFieldEvent | ShardFrameDoneFieldEvent | ShardFrameSessionsClientFieldEvent | ShardFrameSessionsAckedFieldEvent | ShardFrameSessionsResultsSeqFieldEvent | ShardFrameSessionsResultsOkFieldEvent | ShardFrameSessionsResultsCountFieldEvent> {
    return streamMessage(buf, ShardFrame.codec(), opts)
  }
}

export interface ShardmasterRequest {
  query?: Query
  join?: Join
  leave?: Leave
  move?: Move
}

export namespace ShardmasterRequest {
  let _codec: Codec<ShardmasterRequest>

  export const codec = (): Codec<ShardmasterRequest> => {
    if (_codec == null) {
      _codec = message<ShardmasterRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.move != null) {
          obj.leave = undefined
          obj.join = undefined
          obj.query = undefined
        }

        if (obj.leave != null) {
          obj.move = undefined
          obj.join = undefined
          obj.query = undefined
        }

        if (obj.join != null) {
          obj.move = undefined
          obj.leave = undefined
          obj.query = undefined
        }

        if (obj.query != null) {
          obj.move = undefined
          obj.leave = undefined
          obj.join = undefined
        }

        if (obj.query != null) {
          w.uint32(10)
          Query.codec().encode(obj.query, w)
        }

        if (obj.join != null) {
          w.uint32(18)
          Join.codec().encode(obj.join, w)
        }

        if (obj.leave != null) {
          w.uint32(26)
          Leave.codec().encode(obj.leave, w)
        }

        if (obj.move != null) {
          w.uint32(34)
          Move.codec().encode(obj.move, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.query = Query.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.query
              })
              break
            }
            case 2: {
              obj.join = Join.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.join
              })
              break
            }
            case 3: {
              obj.leave = Leave.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.leave
              })
              break
            }
            case 4: {
              obj.move = Move.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.move
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.move != null) {
          delete obj.leave
          delete obj.join
          delete obj.query
        }

        if (obj.leave != null) {
          delete obj.move
          delete obj.join
          delete obj.query
        }

        if (obj.join != null) {
          delete obj.move
          delete obj.leave
          delete obj.query
        }

        if (obj.query != null) {
          delete obj.move
          delete obj.leave
          delete obj.join
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * Query.codec().stream(reader, reader.uint32(), `${prefix}.query`, {
                limits: opts.limits?.query
              })

              break
            }
            case 2: {
              yield * Join.codec().stream(reader, reader.uint32(), `${prefix}.join`, {
                limits: opts.limits?.join
              })

              break
            }
            case 3: {
              yield * Leave.codec().stream(reader, reader.uint32(), `${prefix}.leave`, {
                limits: opts.limits?.leave
              })

              break
            }
            case 4: {
              yield * Move.codec().stream(reader, reader.uint32(), `${prefix}.move`, {
                limits: opts.limits?.move
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ShardmasterRequestQueryNumFieldEvent {
    field: '$.query.num'
    value: bigint
  }

  export interface ShardmasterRequestQueryNewerThanFieldEvent {
    field: '$.query.newerThan'
    value: bigint
  }

  export interface ShardmasterRequestJoinPeersFieldEvent {
    field: '$.join.peers[]'
    index: number
    value: string
  }

  export interface ShardmasterRequestLeaveGidsFieldEvent {
    field: '$.leave.gids[]'
    index: number
    value: string
  }

  export interface ShardmasterRequestMoveShardFieldEvent {
    field: '$.move.shard'
    value: bigint
  }

  export interface ShardmasterRequestMoveGidFieldEvent {
    field: '$.move.gid'
    value: string
  }

  export function encode (obj: Partial<ShardmasterRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ShardmasterRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardmasterRequest>): ShardmasterRequest {
    return decodeMessage(buf, ShardmasterRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardmasterRequest>): Generator<ShardmasterRequestQueryNumFieldEvent | ShardmasterRequestQueryNewerThanFieldEvent | ShardmasterRequestJoinPeersFieldEvent | ShardmasterRequestLeaveGidsFieldEvent | ShardmasterRequestMoveShardFieldEvent | ShardmasterRequestMoveGidFieldEvent> {
    return streamMessage(buf, ShardmasterRequest.codec(), opts)
  }
}

export interface Query {
  num: bigint
  newerThan: bigint
}

export namespace Query {
  let _codec: Codec<Query>

  export const codec = (): Codec<Query> => {
    if (_codec == null) {
      _codec = message<Query>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.num != null && obj.num !== 0n)) {
          w.uint32(8)
          w.int64(obj.num)
        }

        if ((obj.newerThan != null && obj.newerThan !== 0n)) {
          w.uint32(16)
          w.int64(obj.newerThan)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          num: 0n,
          newerThan: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.num = reader.int64()
              break
            }
            case 2: {
              obj.newerThan = reader.int64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.num`,
                value: reader.int64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.newerThan`,
                value: reader.int64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface QueryNumFieldEvent {
    field: '$.num'
    value: bigint
  }

  export interface QueryNewerThanFieldEvent {
    field: '$.newerThan'
    value: bigint
  }

  export function encode (obj: Partial<Query>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Query.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Query>): Query {
    return decodeMessage(buf, Query.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Query>): Generator<QueryNumFieldEvent | QueryNewerThanFieldEvent> {
    return streamMessage(buf, Query.codec(), opts)
  }
}

export interface Join {
  peers: string[]
}

export namespace Join {
  let _codec: Codec<Join>

  export const codec = (): Codec<Join> => {
    if (_codec == null) {
      _codec = message<Join>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.peers != null && obj.peers.length > 0) {
          for (const value of obj.peers) {
            w.uint32(10)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peers: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.peers != null && obj.peers.length === opts.limits.peers) {
                throw new MaxLengthError('Decode error - repeated field "peers" had too many elements')
              }

              obj.peers.push(reader.string())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          peers: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.peers != null && obj.peers === opts.limits.peers) {
                throw new MaxLengthError('Streaming decode error - repeated field "peers" had too many elements')
              }

              yield {
                field: `${prefix}.peers[]`,
                index: obj.peers,
                value: reader.string()
              }

              obj.peers++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface JoinPeersFieldEvent {
    field: '$.peers[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<Join>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Join.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Join>): Join {
    return decodeMessage(buf, Join.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Join>): Generator<JoinPeersFieldEvent> {
    return streamMessage(buf, Join.codec(), opts)
  }
}

export interface Leave {
  gids: string[]
}

export namespace Leave {
  let _codec: Codec<Leave>

  export const codec = (): Codec<Leave> => {
    if (_codec == null) {
      _codec = message<Leave>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.gids != null && obj.gids.length > 0) {
          for (const value of obj.gids) {
            w.uint32(10)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          gids: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.gids != null && obj.gids.length === opts.limits.gids) {
                throw new MaxLengthError('Decode error - repeated field "gids" had too many elements')
              }

              obj.gids.push(reader.string())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          gids: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.gids != null && obj.gids === opts.limits.gids) {
                throw new MaxLengthError('Streaming decode error - repeated field "gids" had too many elements')
              }

              yield {
                field: `${prefix}.gids[]`,
                index: obj.gids,
                value: reader.string()
              }

              obj.gids++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface LeaveGidsFieldEvent {
    field: '$.gids[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<Leave>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Leave.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Leave>): Leave {
    return decodeMessage(buf, Leave.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Leave>): Generator<LeaveGidsFieldEvent> {
    return streamMessage(buf, Leave.codec(), opts)
  }
}

export interface Move {
  shard: bigint
  gid: string
}

export namespace Move {
  let _codec: Codec<Move>

  export const codec = (): Codec<Move> => {
    if (_codec == null) {
      _codec = message<Move>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.shard != null && obj.shard !== 0n)) {
          w.uint32(8)
          w.int64(obj.shard)
        }

        if ((obj.gid != null && obj.gid !== '')) {
          w.uint32(18)
          w.string(obj.gid)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          shard: 0n,
          gid: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.shard = reader.int64()
              break
            }
            case 2: {
              obj.gid = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.shard`,
                value: reader.int64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.gid`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MoveShardFieldEvent {
    field: '$.shard'
    value: bigint
  }

  export interface MoveGidFieldEvent {
    field: '$.gid'
    value: string
  }

  export function encode (obj: Partial<Move>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Move.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Move>): Move {
    return decodeMessage(buf, Move.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Move>): Generator<MoveShardFieldEvent | MoveGidFieldEvent> {
    return streamMessage(buf, Move.codec(), opts)
  }
}

export interface ShardmasterResponse {
  error: string
  message: string
  leader: string
  config: string
}

export namespace ShardmasterResponse {
  let _codec: Codec<ShardmasterResponse>

  export const codec = (): Codec<ShardmasterResponse> => {
    if (_codec == null) {
      _codec = message<ShardmasterResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(10)
          w.string(obj.error)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(18)
          w.string(obj.message)
        }

        if ((obj.leader != null && obj.leader !== '')) {
          w.uint32(26)
          w.string(obj.leader)
        }

        if ((obj.config != null && obj.config !== '')) {
          w.uint32(34)
          w.string(obj.config)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          error: '',
          message: '',
          leader: '',
          config: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.error = reader.string()
              break
            }
            case 2: {
              obj.message = reader.string()
              break
            }
            case 3: {
              obj.leader = reader.string()
              break
            }
            case 4: {
              obj.config = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.leader`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.config`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ShardmasterResponseErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface ShardmasterResponseMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface ShardmasterResponseLeaderFieldEvent {
    field: '$.leader'
    value: string
  }

  export interface ShardmasterResponseConfigFieldEvent {
    field: '$.config'
    value: string
  }

  export function encode (obj: Partial<ShardmasterResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ShardmasterResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardmasterResponse>): ShardmasterResponse {
    return decodeMessage(buf, ShardmasterResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardmasterResponse>): Generator<ShardmasterResponseErrorFieldEvent | ShardmasterResponseMessageFieldEvent | ShardmasterResponseLeaderFieldEvent | ShardmasterResponseConfigFieldEvent> {
    return streamMessage(buf, ShardmasterResponse.codec(), opts)
  }
}

export interface SnapshotRecord {
  status?: string
  pair?: ShardPair
  session?: ShardSession
}

export namespace SnapshotRecord {
  let _codec: Codec<SnapshotRecord>

  export const codec = (): Codec<SnapshotRecord> => {
    if (_codec == null) {
      _codec = message<SnapshotRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.session != null) {
          obj.pair = undefined
          obj.status = undefined
        }

        if (obj.pair != null) {
          obj.session = undefined
          obj.status = undefined
        }

        if (obj.status != null) {
          obj.session = undefined
          obj.pair = undefined
        }

        if (obj.status != null) {
          w.uint32(10)
          w.string(obj.status)
        }

        if (obj.pair != null) {
          w.uint32(18)
          ShardPair.codec().encode(obj.pair, w)
        }

        if (obj.session != null) {
          w.uint32(26)
          ShardSession.codec().encode(obj.session, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = reader.string()
              break
            }
            case 2: {
              obj.pair = ShardPair.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.pair
              })
              break
            }
            case 3: {
              obj.session = ShardSession.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.session
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.session != null) {
          delete obj.pair
          delete obj.status
        }

        if (obj.pair != null) {
          delete obj.session
          delete obj.status
        }

        if (obj.status != null) {
          delete obj.session
          delete obj.pair
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield * ShardPair.codec().stream(reader, reader.uint32(), `${prefix}.pair`, {
                limits: opts.limits?.pair
              })

              break
            }
            case 3: {
              yield * ShardSession.codec().stream(reader, reader.uint32(), `${prefix}.session`, {
                limits: opts.limits?.session
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SnapshotRecordStatusFieldEvent {
    field: '$.status'
    value: string
  }

  export interface SnapshotRecordPairShardFieldEvent {
    field: '$.pair.shard'
    value: number
  }

  export interface SnapshotRecordPairKeyFieldEvent {
    field: '$.pair.key'
    value: string
  }

  export interface SnapshotRecordPairValueFieldEvent {
    field: '$.pair.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SnapshotRecordSessionShardFieldEvent {
    field: '$.session.shard'
    value: number
  }

  export interface SnapshotRecordSessionSessionClientFieldEvent {
    field: '$.session.session.client'
    value: string
  }

  export interface SnapshotRecordSessionSessionAckedFieldEvent {
    field: '$.session.session.acked'
    value: bigint
  }

  export interface SnapshotRecordSessionSessionResultsSeqFieldEvent {
    field: '$.session.session.results[].seq'
    value: bigint
    index: number
  }

  export interface SnapshotRecordSessionSessionResultsOkFieldEvent {
    field: '$.session.session.results[].ok'
    value: boolean
    index: number
  }

  export interface SnapshotRecordSessionSessionResultsCountFieldEvent {
    field: '$.session.session.results[].count'
    value: bigint
    index: number
  }

  export function encode (obj: Partial<SnapshotRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SnapshotRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SnapshotRecord>): SnapshotRecord {
    return decodeMessage(buf, SnapshotRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SnapshotRecord>): Generator<SnapshotRecordStatusFieldEvent | SnapshotRecordPairShardFieldEvent | SnapshotRecordPairKeyFieldEvent | SnapshotRecordPairValueFieldEvent | SnapshotRecordSessionShardFieldEvent | SnapshotRecordSessionSessionClientFieldEvent | SnapshotRecordSessionSessionAckedFieldEvent | SnapshotRecordSessionSessionResultsSeqFieldEvent | SnapshotRecordSessionSessionResultsOkFieldEvent | SnapshotRecordSessionSessionResultsCountFieldEvent> {
    return streamMessage(buf, SnapshotRecord.codec(), opts)
  }
}

export interface ShardPair {
  shard: number
  key: string
  value: Uint8Array<ArrayBuffer>
}

export namespace ShardPair {
  let _codec: Codec<ShardPair>

  export const codec = (): Codec<ShardPair> => {
    if (_codec == null) {
      _codec = message<ShardPair>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.shard != null && obj.shard !== 0)) {
          w.uint32(8)
          w.uint32(obj.shard)
        }

        if ((obj.key != null && obj.key !== '')) {
          w.uint32(18)
          w.string(obj.key)
        }

        if ((obj.value != null && obj.value.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.value)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          shard: 0,
          key: '',
          value: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.shard = reader.uint32()
              break
            }
            case 2: {
              obj.key = reader.string()
              break
            }
            case 3: {
              obj.value = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.shard`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.key`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.value`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ShardPairShardFieldEvent {
    field: '$.shard'
    value: number
  }

  export interface ShardPairKeyFieldEvent {
    field: '$.key'
    value: string
  }

  export interface ShardPairValueFieldEvent {
    field: '$.value'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ShardPair>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ShardPair.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardPair>): ShardPair {
    return decodeMessage(buf, ShardPair.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardPair>): Generator<ShardPairShardFieldEvent | ShardPairKeyFieldEvent | ShardPairValueFieldEvent> {
    return streamMessage(buf, ShardPair.codec(), opts)
  }
}

export interface ShardSession {
  shard: number
  session?: Session
}

export namespace ShardSession {
  let _codec: Codec<ShardSession>

  export const codec = (): Codec<ShardSession> => {
    if (_codec == null) {
      _codec = message<ShardSession>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.shard != null && obj.shard !== 0)) {
          w.uint32(8)
          w.uint32(obj.shard)
        }

        if (obj.session != null) {
          w.uint32(18)
          Session.codec().encode(obj.session, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          shard: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.shard = reader.uint32()
              break
            }
            case 2: {
              obj.session = Session.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.session
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.shard`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield * Session.codec().stream(reader, reader.uint32(), `${prefix}.session`, {
                limits: opts.limits?.session
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ShardSessionShardFieldEvent {
    field: '$.shard'
    value: number
  }

  export interface ShardSessionSessionClientFieldEvent {
    field: '$.session.client'
    value: string
  }

  export interface ShardSessionSessionAckedFieldEvent {
    field: '$.session.acked'
    value: bigint
  }

  export interface ShardSessionSessionResultsSeqFieldEvent {
    field: '$.session.results[].seq'
    value: bigint
    index: number
  }

  export interface ShardSessionSessionResultsOkFieldEvent {
    field: '$.session.results[].ok'
    value: boolean
    index: number
  }

  export interface ShardSessionSessionResultsCountFieldEvent {
    field: '$.session.results[].count'
    value: bigint
    index: number
  }

  export function encode (obj: Partial<ShardSession>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ShardSession.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardSession>): ShardSession {
    return decodeMessage(buf, ShardSession.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ShardSession>): Generator<ShardSessionShardFieldEvent | ShardSessionSessionClientFieldEvent | ShardSessionSessionAckedFieldEvent | ShardSessionSessionResultsSeqFieldEvent | ShardSessionSessionResultsOkFieldEvent | ShardSessionSessionResultsCountFieldEvent> {
    return streamMessage(buf, ShardSession.codec(), opts)
  }
}
