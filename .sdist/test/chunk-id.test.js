// Chunk ids: CIDv1 raw sha2-256 identical to multiformats' own, one canonical
// spelling, verification, and the XOR distance placement orders by.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { base58btc } from 'multiformats/bases/base58';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { identity } from 'multiformats/hashes/identity';
import { sha256, sha512 } from 'multiformats/hashes/sha2';
import { BadChunkIdError, chunkCid, chunkId, chunkKey, compareDistance, compareXor, decodeChunkId, parseChunkId, sha256Bytes, toChunkCid, verifyChunk, xorDistance } from '../protocols/dfs/chunk-id.js';
import { MAX_CHUNK_SIZE } from '../protocols/dfs/limits.js';
const MiB = 1024 * 1024;
// sha256 of no bytes, as a CIDv1 raw (the well-known empty-block id).
const EMPTY_ID = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku';
async function referenceId(bytes) {
    return CID.createV1(raw.code, await sha256.digest(bytes)).toString();
}
function throwsBadId(fn, pattern) {
    try {
        fn();
    }
    catch (err) {
        assert.instance(err, BadChunkIdError);
        assert.is(err.name, 'BadChunkIdError');
        if (pattern !== undefined)
            assert.match(err.message, pattern);
        return;
    }
    assert.unreachable('expected BadChunkIdError');
}
test('the empty chunk has the well-known id', async () => {
    assert.is(await chunkId(new Uint8Array(0)), EMPTY_ID);
});
test('ids equal multiformats sha256 CIDs across the hashing slice boundaries', async () => {
    for (const size of [1, 8, MiB - 1, MiB, MiB + 1, 3 * MiB + 5]) {
        const bytes = randomBytes(size);
        assert.is(await chunkId(bytes), await referenceId(bytes), `size ${size}`);
        assert.equal((await sha256Bytes(bytes)), (await sha256.digest(bytes)).digest, `digest, size ${size}`);
        assert.ok((await chunkCid(bytes)).equals(CID.parse(await referenceId(bytes))));
    }
});
test('an id of a view hashes only the view', async () => {
    const backing = randomBytes(100);
    const view = backing.subarray(10, 30);
    assert.is(await chunkId(view), await referenceId(Uint8Array.from(view)));
});
test('ids are base32 CIDv1 raw sha2-256', async () => {
    const id = await chunkId(randomBytes(32));
    assert.match(id, /^bafkrei[a-z2-7]{52}$/);
    const cid = parseChunkId(id);
    assert.is(cid.version, 1);
    assert.is(cid.code, 0x55);
    assert.is(cid.multihash.code, 0x12);
    assert.is(cid.toString(), id);
});
test('parseChunkId refuses what is not a canonical CIDv1 raw sha2-256', async () => {
    const bytes = randomBytes(16);
    const digest = await sha256.digest(bytes);
    throwsBadId(() => parseChunkId(''), /not a CID/);
    throwsBadId(() => parseChunkId('hello'), /not a CID/);
    throwsBadId(() => parseChunkId('x'.repeat(10_000)), /\.\.\."/); // long garbage is cut short in the message
    throwsBadId(() => parseChunkId(CID.createV0(digest).toString()), /CIDv0/);
    throwsBadId(() => parseChunkId(CID.createV1(0x70, digest).toString()), /codec 0x70/); // dag-pb
    const sha512Id = CID.createV1(raw.code, await sha512.digest(bytes)).toString();
    throwsBadId(() => parseChunkId(sha512Id), /sha2-256/);
    throwsBadId(() => parseChunkId(CID.createV1(raw.code, identity.digest(bytes)).toString()), /sha2-256/);
    const cid = CID.createV1(raw.code, digest);
    throwsBadId(() => parseChunkId(cid.toString(base58btc)), new RegExp(`canonical.*${cid.toString()}`));
    throwsBadId(() => parseChunkId(cid.toString().toUpperCase()));
    throwsBadId(() => parseChunkId(` ${cid.toString()}`));
    throwsBadId(() => parseChunkId(42), /must be a string/);
});
test('toChunkCid takes either form and checks a CID object too', async () => {
    const bytes = randomBytes(16);
    const cid = await chunkCid(bytes);
    assert.ok(toChunkCid(cid).equals(cid));
    assert.ok(toChunkCid(cid.toString()).equals(cid));
    throwsBadId(() => toChunkCid(CID.createV1(0x71, cid.multihash)), /codec 0x71/);
    throwsBadId(() => toChunkCid(CID.createV0(cid.multihash)), /CIDv0/);
    throwsBadId(() => toChunkCid({}), /must be a CID/);
});
test('decodeChunkId reads the binary form back', async () => {
    const cid = await chunkCid(randomBytes(16));
    assert.ok(decodeChunkId(cid.bytes).equals(cid));
    throwsBadId(() => decodeChunkId(new Uint8Array([1, 2, 3])), /not a CID/);
    throwsBadId(() => decodeChunkId(CID.createV1(0x70, cid.multihash).bytes), /codec/);
});
test('verifyChunk: true for the bytes, false for any other, throws for a bad id', async () => {
    const bytes = randomBytes(2 * MiB + 3);
    const id = await chunkId(bytes);
    assert.ok(await verifyChunk(id, bytes));
    assert.ok(await verifyChunk(parseChunkId(id), bytes));
    const flipped = Uint8Array.from(bytes);
    flipped[MiB + 7] ^= 1;
    assert.not.ok(await verifyChunk(id, flipped));
    assert.not.ok(await verifyChunk(id, bytes.subarray(1)));
    assert.ok(await verifyChunk(EMPTY_ID, new Uint8Array(0)));
    assert.not.ok(await verifyChunk(EMPTY_ID, new Uint8Array(1)));
    try {
        await verifyChunk('nonsense', bytes);
        assert.unreachable('a bad id must throw');
    }
    catch (err) {
        assert.is(err.name, 'BadChunkIdError');
    }
});
test('MAX_CHUNK_SIZE is 64 MiB', () => {
    assert.is(MAX_CHUNK_SIZE, 64 * MiB);
});
test('chunkKey is the sha256 digest', async () => {
    const bytes = randomBytes(64);
    assert.equal(chunkKey(await chunkId(bytes)), (await sha256.digest(bytes)).digest);
});
test('xorDistance: known values, zero to itself, symmetric, unequal lengths refused', () => {
    assert.equal(xorDistance(Uint8Array.of(0b1100, 0xff), Uint8Array.of(0b1010, 0x0f)), Uint8Array.of(0b0110, 0xf0));
    const a = randomBytes(32);
    const b = randomBytes(32);
    assert.equal(xorDistance(a, a), new Uint8Array(32));
    assert.equal(xorDistance(a, b), xorDistance(b, a));
    assert.throws(() => xorDistance(a, b.subarray(1)), (err) => err instanceof RangeError);
});
test('compareDistance orders big-endian, compareXor agrees with it without allocating', () => {
    assert.ok(compareDistance(Uint8Array.of(0, 255), Uint8Array.of(1, 0)) < 0);
    assert.ok(compareDistance(Uint8Array.of(1, 0), Uint8Array.of(0, 255)) > 0);
    assert.is(compareDistance(Uint8Array.of(7, 7), Uint8Array.of(7, 7)), 0);
    for (let i = 0; i < 2000; i++) {
        const target = randomBytes(4);
        const a = randomBytes(4);
        // Often share a prefix with `a`, so later bytes decide too.
        const b = i % 2 === 0 ? randomBytes(4) : Uint8Array.of(a[0], a[1], ...randomBytes(2));
        const expected = Math.sign(compareDistance(xorDistance(target, a), xorDistance(target, b)));
        assert.is(Math.sign(compareXor(target, a, b)), expected);
        assert.is(Math.sign(compareXor(target, b, a)), -expected);
    }
    assert.is(compareXor(Uint8Array.of(1), Uint8Array.of(9), Uint8Array.of(9)), 0);
    assert.throws(() => compareXor(Uint8Array.of(1), Uint8Array.of(1, 2), Uint8Array.of(3)), (err) => err instanceof RangeError);
});
test.run();
//# sourceMappingURL=chunk-id.test.js.map