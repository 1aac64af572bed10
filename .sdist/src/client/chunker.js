// Cuts a put's bytes into chunks of exactly `size` bytes (the last may be
// shorter). Each chunk is a buffer from `chunkBuffers`, for the consumer to
// release once done with it. A stream's pieces are copied into chunks; a
// local file is read straight into them.
import { open } from 'node:fs/promises';
import { chunkBuffers } from '../../protocols/dfs/buffer-pool.js';
function isChunked(source) {
    return typeof source.chunks === 'function';
}
export function cutChunks(source, size) {
    return isChunked(source) ? source.chunks(size) : cutStream(source, size);
}
async function* cutStream(source, size) {
    let chunk = chunkBuffers.take(size);
    let filled = 0;
    for await (const piece of source) {
        let offset = 0;
        while (offset < piece.length) {
            const take = Math.min(size - filled, piece.length - offset);
            chunk.set(piece.subarray(offset, offset + take), filled);
            filled += take;
            offset += take;
            if (filled === size) {
                yield chunk;
                chunk = chunkBuffers.take(size);
                filled = 0;
            }
        }
    }
    if (filled > 0) {
        yield chunk.subarray(0, filled);
    }
    else {
        chunkBuffers.release(chunk);
    }
}
/** A local file as a chunked source: each chunk is read from disk into its own buffer. */
export class LocalFile {
    path;
    constructor(path) {
        this.path = path;
    }
    async *chunks(size) {
        const file = await open(this.path, 'r');
        try {
            while (true) {
                const chunk = chunkBuffers.take(size);
                let filled = 0;
                while (filled < size) {
                    const { bytesRead } = await file.read(chunk, filled, size - filled, null);
                    if (bytesRead === 0)
                        break;
                    filled += bytesRead;
                }
                if (filled === 0) {
                    chunkBuffers.release(chunk);
                    return;
                }
                yield filled === size ? chunk : chunk.subarray(0, filled);
                if (filled < size)
                    return;
            }
        }
        finally {
            await file.close();
        }
    }
}
//# sourceMappingURL=chunker.js.map