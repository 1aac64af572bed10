// How much disk a peer has, and what it keeps free.
import { statfsSync } from 'node:fs';
const MiB = 1024 * 1024;
/**
 * Room a chunk server keeps beyond the chunks it takes: for consensus, the
 * chunk index and LMDB's own pages. A server refuses a chunk that would leave
 * less, and the master places none there.
 */
export const FREE_DISK_HEADROOM = 64 * MiB;
/**
 * Free disk every write leaves beyond its own bytes. LMDB rewrites a few tree
 * pages besides the values, and may grow its file by the whole write; a write
 * that meets a disk with not one free block is the failure lmdb-js cannot
 * survive (lmdb-failures.ts).
 */
export const WRITE_SLACK = 1 * MiB;
/** Free bytes for an unprivileged writer on the filesystem that holds `path`. */
export function freeDiskBytes(path) {
    const stats = statfsSync(path);
    return stats.bavail * stats.bsize;
}
//# sourceMappingURL=disk-space.js.map