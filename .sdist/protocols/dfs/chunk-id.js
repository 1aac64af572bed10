// Chunk identity and the XOR keyspace. A chunk's id is the CIDv1 of its bytes
// (raw codec 0x55, sha2-256 multihash), so every copy can be verified and
// identical chunks share one id. The string form is the CID's canonical base32
// (`bafkrei...`); it is the only spelling accepted, so the namespace never
// counts one chunk under two names.
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { equals } from 'multiformats/bytes';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { create as createDigest } from 'multiformats/hashes/digest';
import { sha256 } from 'multiformats/hashes/sha2';
const SHA256_BYTES = 32;
// Hashing runs on the main thread (node:crypto, SHA-NI: about 1.5 GiB/s here),
// so a 64 MiB chunk is hashed 1 MiB at a time with a turn of the event loop in
// between: under 5 ms of blocking at a time instead of 44 ms in one go, at no
// measurable cost in throughput. WebCrypto's off-thread digest was measured at
// 150 MiB/s on 64 MiB inputs, a tenth of this.
const HASH_SLICE = 1024 * 1024;
/** Anything that is not the canonical CIDv1 raw sha2-256 of a chunk. */
export class BadChunkIdError extends Error {
    name = 'BadChunkIdError';
}
/**
 * The sha256 digest of `bytes`, identical to multiformats' `sha256.digest`.
 * Large inputs yield to the event loop after each MiB or so: do not change
 * `bytes` until the promise settles.
 */
export async function sha256Bytes(bytes) {
    const hash = createHash('sha256');
    let sinceTurn = 0;
    for (const piece of bytes instanceof Uint8Array ? [bytes] : bytes) {
        for (let offset = 0; offset < piece.length; offset += HASH_SLICE) {
            if (sinceTurn >= HASH_SLICE) {
                await nextTurn();
                sinceTurn = 0;
            }
            const slice = piece.subarray(offset, offset + HASH_SLICE);
            hash.update(slice);
            sinceTurn += slice.length;
        }
    }
    const digest = hash.digest();
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
/** The CID of a chunk's bytes. */
export async function chunkCid(bytes) {
    return CID.createV1(raw.code, createDigest(sha256.code, await sha256Bytes(bytes)));
}
/** The canonical string id (`bafkrei...`) of a chunk's bytes. */
export async function chunkId(bytes) {
    return (await chunkCid(bytes)).toString();
}
function preview(text) {
    return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
function checkChunkCid(cid, what) {
    if (cid.version !== 1)
        throw new BadChunkIdError(`${what} is a CIDv${cid.version}; chunk ids are CIDv1`);
    if (cid.code !== raw.code)
        throw new BadChunkIdError(`${what} has codec 0x${cid.code.toString(16)}; chunk ids use raw (0x55)`);
    if (cid.multihash.code !== sha256.code || cid.multihash.size !== SHA256_BYTES) {
        throw new BadChunkIdError(`${what} is not a sha2-256 multihash (code 0x${cid.multihash.code.toString(16)}, ${cid.multihash.size} bytes)`);
    }
    return cid;
}
/** Parses a chunk id string; throws BadChunkIdError unless it is a canonical CIDv1 raw sha2-256. */
export function parseChunkId(text) {
    if (typeof text !== 'string')
        throw new BadChunkIdError(`a chunk id must be a string, not ${typeof text}`);
    let cid;
    try {
        cid = CID.parse(text);
    }
    catch (err) {
        throw new BadChunkIdError(`${preview(text)} is not a CID: ${err instanceof Error ? err.message : String(err)}`);
    }
    checkChunkCid(cid, preview(text));
    const canonical = cid.toString();
    if (canonical !== text)
        throw new BadChunkIdError(`${preview(text)} is not in canonical form; the same chunk id is ${canonical}`);
    return cid;
}
/** Decodes a chunk id from its binary form (the CID bytes). */
export function decodeChunkId(bytes) {
    let cid;
    try {
        cid = CID.decode(bytes);
    }
    catch (err) {
        throw new BadChunkIdError(`${bytes.length} bytes are not a CID: ${err instanceof Error ? err.message : String(err)}`);
    }
    return checkChunkCid(cid, cid.toString());
}
/** A validated CID from either form of a chunk id. */
export function toChunkCid(ref) {
    if (typeof ref === 'string')
        return parseChunkId(ref);
    const cid = CID.asCID(ref);
    if (cid == null)
        throw new BadChunkIdError(`a chunk id must be a CID or a string, not ${typeof ref}`);
    return checkChunkCid(cid, cid.toString());
}
/** Whether `bytes` hash to the chunk id. A malformed id throws BadChunkIdError rather than answering false. */
export async function verifyChunk(ref, bytes) {
    const cid = toChunkCid(ref);
    return equals(await sha256Bytes(bytes), cid.multihash.digest);
}
/** A chunk's position in the XOR keyspace: its sha256 digest, already uniform. */
export function chunkKey(ref) {
    return toChunkCid(ref).multihash.digest;
}
function checkSameLength(a, b) {
    if (a.length !== b.length)
        throw new RangeError(`keys of different lengths (${a.length} and ${b.length}) have no XOR distance`);
}
/** The XOR distance between two keys of equal length, as a big-endian number. */
export function xorDistance(a, b) {
    checkSameLength(a, b);
    const distance = new Uint8Array(a.length);
    for (let i = 0; i < a.length; i++)
        distance[i] = a[i] ^ b[i];
    return distance;
}
/** Orders two distances (or any equal-length big-endian numbers): negative when `a` is smaller. */
export function compareDistance(a, b) {
    checkSameLength(a, b);
    for (let i = 0; i < a.length; i++) {
        if (a[i] !== b[i])
            return a[i] - b[i];
    }
    return 0;
}
/**
 * Negative when `a` is nearer `target` than `b` in XOR distance, positive when
 * farther, 0 when `a` and `b` are equal. Same order as comparing
 * `xorDistance(target, a)` with `xorDistance(target, b)`, without allocating.
 */
export function compareXor(target, a, b) {
    checkSameLength(target, a);
    checkSameLength(target, b);
    for (let i = 0; i < target.length; i++) {
        const da = target[i] ^ a[i];
        const db = target[i] ^ b[i];
        if (da !== db)
            return da - db;
    }
    return 0;
}
//# sourceMappingURL=chunk-id.js.map