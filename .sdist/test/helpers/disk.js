// Small filesystems that fill up, for tests of a full disk: a tmpfs mounted
// where the test says (this needs root; where mounting is not permitted the
// test skips and says why), and a filler file that takes its free space.
import { execFile } from 'node:child_process';
import { open, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
const run = promisify(execFile);
const MiB = 1024 * 1024;
/** Mounts a tmpfs of `bytes` on `dir` (which must exist); resolves with why not when mounting is not permitted. */
export async function mountTmpfs(dir, bytes) {
    try {
        await run('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
    }
    catch (err) {
        return `cannot mount a tmpfs here (${err.stderr?.trim() || err.message})`;
    }
    return {
        dir,
        unmount: async () => {
            // Lazily if a process that had files open there has not quite gone yet.
            await run('umount', [dir]).catch(async () => await run('umount', ['-l', dir]));
        }
    };
}
/** Free bytes on the filesystem holding `dir`. */
export async function freeBytes(dir) {
    const stats = await statfs(dir);
    return stats.bavail * stats.bsize;
}
/**
 * Writes a file in `dir` that takes its filesystem's free space but `leave`
 * bytes (0: until not one more block fits), and resolves with its path.
 */
export async function fill(dir, leave = 0) {
    const path = join(dir, 'filler');
    const file = await open(path, 'a');
    try {
        for (const block of [MiB, 4096]) {
            const buffer = Buffer.alloc(block, 0xa5);
            while (await freeBytes(dir) - block >= leave) {
                try {
                    await file.write(buffer);
                }
                catch (err) {
                    if (err.code !== 'ENOSPC')
                        throw err;
                    break;
                }
            }
        }
    }
    finally {
        await file.close();
    }
    return path;
}
//# sourceMappingURL=disk.js.map