// A pipelining etcd KV client with no gRPC library: unary gRPC calls over one
// cleartext HTTP/2 session (etcd serves gRPC on its client port), each call a
// stream of its own, as many at once as the caller makes.
import { connect, constants, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2'
import { PutRequest, RangeRequest, RangeResponse } from '../protocols/etcd.js'
import type { KvTarget } from './kv-load.js'

const FRAME_HEADER_BYTES = 5

/** A gRPC length-prefixed message: flag 0 (not compressed), 4-byte big-endian length, the bytes. */
function frame (message: Uint8Array): Uint8Array {
  const framed = new Uint8Array(FRAME_HEADER_BYTES + message.length)
  new DataView(framed.buffer).setUint32(1, message.length)
  framed.set(message, FRAME_HEADER_BYTES)
  return framed
}

function unframe (body: Buffer, path: string): Uint8Array {
  if (body.length < FRAME_HEADER_BYTES || body[0] !== 0 || body.readUInt32BE(1) !== body.length - FRAME_HEADER_BYTES) {
    throw new Error(`${path}: not one uncompressed gRPC message (${body.length} bytes)`)
  }
  return body.subarray(FRAME_HEADER_BYTES)
}

export class EtcdGrpc implements KvTarget {
  private readonly encoder = new TextEncoder()

  private constructor (private readonly session: ClientHttp2Session) {}

  /** Connects to the member whose client port is at `url` (http://host:port). */
  static async connect (url: string): Promise<EtcdGrpc> {
    const session = connect(url)
    await new Promise<void>((resolve, reject) => {
      session.once('connect', () => { resolve() })
      session.once('error', reject)
    })
    // A session error fails every stream open on it; each call reports its own.
    session.on('error', () => {})
    return new EtcdGrpc(session)
  }

  async get (key: string, options: { signal?: AbortSignal } = {}): Promise<Uint8Array | undefined> {
    const response = await this.call('/etcdserverpb.KV/Range', RangeRequest.encode({ key: this.encoder.encode(key) }), options.signal)
    return RangeResponse.decode(response).kvs[0]?.value
  }

  async put (key: string, value: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<void> {
    // protons types bytes fields as ArrayBuffer-backed, but only copies them.
    const request = PutRequest.encode({ key: this.encoder.encode(key), value: value as Uint8Array<ArrayBuffer> })
    await this.call('/etcdserverpb.KV/Put', request, options.signal)
  }

  async close (): Promise<void> {
    await new Promise<void>(resolve => { this.session.close(resolve) })
  }

  /** One unary call: the response message, or an error for any grpc-status but 0 (OK). */
  private async call (path: string, request: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    return await new Promise((resolve, reject) => {
      const stream = this.session.request({
        [constants.HTTP2_HEADER_METHOD]: 'POST',
        [constants.HTTP2_HEADER_PATH]: path,
        [constants.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
        [constants.HTTP2_HEADER_TE]: 'trailers'
      }, { signal })
      const chunks: Buffer[] = []
      let httpStatus: unknown
      let grpcStatus: string | undefined
      let grpcMessage = ''
      // A failed call may answer with headers only ("Trailers-Only"), its grpc-status among them.
      const take = (headers: IncomingHttpHeaders): void => {
        if (headers['grpc-status'] == null) return
        grpcStatus = String(headers['grpc-status'])
        grpcMessage = String(headers['grpc-message'] ?? '')
      }
      stream.on('response', headers => { httpStatus = headers[constants.HTTP2_HEADER_STATUS]; take(headers) })
      stream.on('trailers', take)
      stream.on('data', (chunk: Buffer) => { chunks.push(chunk) })
      stream.on('error', reject)
      stream.on('close', () => {
        if (httpStatus !== 200) reject(new Error(`${path}: HTTP status ${String(httpStatus)} (stream closed with code ${stream.rstCode})`))
        else if (grpcStatus !== '0') reject(new Error(`${path}: grpc-status ${grpcStatus ?? 'missing'}${grpcMessage === '' ? '' : `: ${grpcMessage}`}`))
        else {
          try { resolve(unframe(Buffer.concat(chunks), path)) } catch (error) { reject(error) }
        }
      })
      stream.end(frame(request))
    })
  }
}
