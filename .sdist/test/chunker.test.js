// Cutting a put's bytes into chunks (from a stream of pieces and straight from
// a local file), and the buffer pool the chunks come from.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cutChunks, LocalFile } from '../src/client/chunker.js';
import { BufferPool, chunkBuffers } from '../protocols/dfs/buffer-pool.js';
import { waitFor } from './helpers/wait.js';
const KiB = 1024;
async function* inPieces(bytes, sizes) {
    let offset = 0;
    for (let i = 0; offset < bytes.length; i++) {
        const size = sizes[i % sizes.length];
        yield bytes.subarray(offset, offset + size);
        offset += size;
    }
}
/** The chunks as copies (the originals go back to the pool, as an upload gives them back). */
async function collect(chunks) {
    const copies = [];
    for await (const chunk of chunks) {
        copies.push(Buffer.from(chunk));
        chunkBuffers.release(chunk);
    }
    return copies;
}
function expectChunks(chunks, bytes, size, what) {
    assert.is(chunks.length, Math.ceil(bytes.length / size), `${what}: chunk count`);
    chunks.forEach((chunk, i) => {
        assert.ok(chunk.equals(bytes.subarray(i * size, (i + 1) * size)), `${what}: chunk ${i}`);
    });
}
test('a stream is cut into chunks of exactly the size, whatever its pieces, the last one shorter', async () => {
    const size = 100 * KiB;
    for (const length of [0, 1, size - 1, size, size + 1, 3 * size, 3 * size + 7]) {
        const bytes = randomBytes(length);
        for (const pieces of [[1 * KiB], [size], [size + 3, 17], [7 * size]]) {
            expectChunks(await collect(cutChunks(inPieces(bytes, pieces), size)), bytes, size, `${length} bytes in pieces of ${pieces.join(',')}`);
        }
    }
});
test('a local file is read straight into chunks, the same chunks as its stream', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-chunker-'));
    try {
        const size = 64 * KiB;
        for (const length of [0, 1, size, size + 1, 5 * size - 3]) {
            const bytes = randomBytes(length);
            const path = join(dir, `f${length}`);
            await writeFile(path, bytes);
            expectChunks(await collect(cutChunks(new LocalFile(path), size)), bytes, size, `file of ${length} bytes`);
        }
        const missing = await collect(cutChunks(new LocalFile(join(dir, 'missing')), size)).then(() => undefined, (err) => err.code);
        assert.is(missing, 'ENOENT');
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
});
test('the pool lends a released buffer again, keeps no more than its cap idle, and ignores what it did not lend', () => {
    const pool = new BufferPool(512 * KiB);
    const first = pool.take(200 * KiB);
    assert.is(first.length, 200 * KiB);
    pool.release(first);
    assert.is(pool.idleByteCount, 256 * KiB, 'pooled by power-of-two capacity');
    const second = pool.take(150 * KiB);
    assert.is(second.buffer, first.buffer, 'the same memory, lent again');
    assert.is(pool.idleByteCount, 0);
    pool.release(second);
    pool.release(second);
    assert.is(pool.idleByteCount, 256 * KiB, 'a second release is ignored');
    pool.release(Buffer.alloc(256 * KiB));
    assert.is(pool.idleByteCount, 256 * KiB, 'a buffer it did not lend is ignored');
    const lent = [pool.take(256 * KiB), pool.take(256 * KiB), pool.take(256 * KiB)];
    for (const buffer of lent)
        pool.release(buffer);
    assert.is(pool.idleByteCount, 512 * KiB, 'idle bytes stay within the cap');
    const small = pool.take(100);
    assert.is(small.length, 100);
    pool.release(small);
    assert.is(pool.idleByteCount, 512 * KiB, 'small buffers are not pooled');
    pool.empty();
    assert.is(pool.idleByteCount, 0);
});
test('a pool left unused lets its idle buffers go', async () => {
    const pool = new BufferPool(512 * KiB, 50);
    pool.release(pool.take(256 * KiB));
    assert.is(pool.idleByteCount, 256 * KiB);
    await waitFor('the idle buffers to go', () => pool.idleByteCount === 0, { timeoutMs: 5_000, intervalMs: 10 });
});
test.run();
//# sourceMappingURL=chunker.test.js.map