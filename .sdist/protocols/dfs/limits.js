// The DFS's size limits, one definition for the client, the master and the
// chunk servers.
/** The largest chunk Shoal stores or sends (DESIGN §4 allows 1 byte to 64 MiB). */
export const MAX_CHUNK_SIZE = 64 * 1024 * 1024;
/** Why `size` cannot be a file's chunk size, or undefined when it can. */
export function chunkSizeProblem(size) {
    if (Number.isSafeInteger(size) && size >= 1 && size <= MAX_CHUNK_SIZE)
        return undefined;
    return `chunk size must be from 1 byte to 64 MiB, not ${size}`;
}
//# sourceMappingURL=limits.js.map