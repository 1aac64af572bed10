import { lpStream } from '@libp2p/utils';
import { Uint8ArrayList } from 'uint8arraylist';
import * as varint from 'uint8-varint';
import { describeError } from './log.js';
export const DEFAULT_MAX_MESSAGE = 1024 * 1024;
export const DEFAULT_RPC_TIMEOUT_MS = 10_000;
export class ProtocolViolation extends Error {
    name = 'ProtocolViolation';
}
/** Ends `stream` (or connection) at once for `err`, whatever was thrown. */
export function reset(stream, err) {
    stream.abort(err instanceof Error ? err : new Error(String(err)));
}
export function decodeOrThrow(codec, bytes, what) {
    try {
        return codec.decode(bytes);
    }
    catch (err) {
        throw new ProtocolViolation(`malformed ${what}: ${describeError(err)}`);
    }
}
// libp2p cannot dial its own peer: a call from one role to another on the same
// peer (a master telling its own chunk server to copy a chunk) runs the
// handler directly, through the same encode and decode as the wire.
const localHandlers = new WeakMap();
function localHandler(node, target, protocol) {
    const first = Array.isArray(target) ? target[0] : target;
    const id = first == null ? undefined : 'getComponents' in first ? first.getComponents().find(c => c.name === 'p2p')?.value : first.toString();
    return id === node.peerId.toString() ? localHandlers.get(node)?.get(protocol) : undefined;
}
/** Registers a one-request, one-response handler. */
export async function serve(node, options, handler) {
    const { protocol, log } = options;
    const handlers = localHandlers.get(node) ?? new Map();
    localHandlers.set(node, handlers);
    handlers.set(protocol, async (bytes, signal) => options.response.encode(await handler(options.request.decode(bytes), undefined, signal)));
    await node.handle(protocol, async (stream, connection) => {
        const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS);
        const lp = lpStream(stream, { maxDataLength: options.maxRequestBytes ?? DEFAULT_MAX_MESSAGE });
        try {
            const request = decodeOrThrow(options.request, await lp.read({ signal }), `${protocol} request`);
            const response = await handler(request, connection, signal);
            await lp.write(options.response.encode(response), { signal });
            await stream.close({ signal });
        }
        catch (err) {
            log.error(`${protocol} from ${connection.remotePeer.toString()}: stream reset`, err);
            reset(stream, err);
        }
    }, { maxInboundStreams: options.maxInboundStreams ?? 64, runOnLimitedConnection: false });
}
/** Removes handlers registered with `serve`. */
export async function unserve(node, protocols) {
    for (const protocol of protocols)
        localHandlers.get(node)?.delete(protocol);
    await node.unhandle(protocols);
}
/** Sends one request and reads one response. */
export async function call(node, target, request, options) {
    const signal = options.signal ?? AbortSignal.timeout(DEFAULT_RPC_TIMEOUT_MS);
    const local = localHandler(node, target, options.protocol);
    if (local != null)
        return options.response.decode(await local(options.request.encode(request), signal));
    const stream = await node.dialProtocol(target, options.protocol, { signal });
    const lp = lpStream(stream, { maxDataLength: options.maxResponseBytes ?? DEFAULT_MAX_MESSAGE });
    try {
        await lp.write(options.request.encode(request), { signal });
        const response = decodeOrThrow(options.response, await lp.read({ signal }), `${options.protocol} response`);
        await stream.close({ signal });
        return response;
    }
    catch (err) {
        reset(stream, err);
        throw err;
    }
}
/**
 * Splits a stream into length-prefixed frames as bytes arrive. A frame over the
 * cap, or a stream that ends inside a frame, is a ProtocolViolation.
 */
export async function* readFrames(stream, maxFrameBytes) {
    const buffer = new Uint8ArrayList();
    const maxLengthBytes = varint.encodingLength(maxFrameBytes);
    for await (const chunk of stream) {
        buffer.append(chunk);
        while (buffer.byteLength > 0) {
            let length;
            try {
                length = varint.decode(buffer);
            }
            catch (err) {
                if (!(err instanceof RangeError) || buffer.byteLength >= maxLengthBytes)
                    throw new ProtocolViolation('malformed frame length');
                break;
            }
            if (length > maxFrameBytes)
                throw new ProtocolViolation(`frame of ${length} bytes is over the ${maxFrameBytes} byte cap`);
            const prefix = varint.encodingLength(length);
            // A padded (non-canonical) length would shift every later frame.
            if ((buffer.get(prefix - 1) & 0x80) !== 0)
                throw new ProtocolViolation('malformed frame length');
            if (buffer.byteLength < prefix + length)
                break;
            const frame = buffer.sublist(prefix, prefix + length);
            buffer.consume(prefix + length);
            yield frame;
        }
    }
    if (buffer.byteLength > 0)
        throw new ProtocolViolation(`stream ended inside a frame (${buffer.byteLength} bytes left over)`);
}
/** Registers a handler for long-lived streams that carry a sequence of messages one way. */
export async function serveMessages(node, options, onMessage) {
    const { protocol, log } = options;
    await node.handle(protocol, async (stream, connection) => {
        let idle = setTimeout(onIdle, options.idleTimeoutMs);
        function onIdle() { stream.abort(new ProtocolViolation(`no message for ${options.idleTimeoutMs} ms`)); }
        try {
            for await (const frame of readFrames(stream, options.maxMessageBytes)) {
                clearTimeout(idle);
                idle = setTimeout(onIdle, options.idleTimeoutMs);
                onMessage(decodeOrThrow(options.codec, frame, `${protocol} message`), connection);
            }
            await stream.close();
        }
        catch (err) {
            log.error(`${protocol} from ${connection.remotePeer.toString()}: stream reset`, err);
            reset(stream, err);
        }
        finally {
            clearTimeout(idle);
        }
    }, { maxInboundStreams: options.maxInboundStreams, runOnLimitedConnection: false });
}
//# sourceMappingURL=rpc.js.map