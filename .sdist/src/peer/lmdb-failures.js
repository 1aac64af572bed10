// What lmdb-js 3.5 does when a write cannot reach the disk, and how the store
// copes. Measured on full tmpfs and ext4 filesystems (test/store-full.test.ts
// checks the parts a test can reach):
// - A commit that fails rejects every write of its transaction with "Commit
//   failed (see commitError for details)" and no code. The cause, an Error
//   with an errno `code` (EIO when the disk fills in the middle of a write, as
//   LMDB reports a short write as EIO; ENOSPC when not one byte fits), is on
//   `err.commitError`: a promise rejected just after, and an unhandled
//   rejection, which kills the process, unless someone claims it.
// - Each event turn's batch of writes also makes a commit promise that no
//   caller is given (lmdb's own batch-start write, issued at the end of the
//   turn or once the batch is big). When the commit fails it rejects
//   unhandled too, however carefully every caller awaits its own writes.
// - `flushed` never settles for a batch that failed, and it follows the newest
//   batch, so a writer that awaits it after its own commit can wait forever
//   on another writer's failure. An explicit sync of the environment cannot.
// - Reads keep working on a full disk, and writes work again once space
//   returns: the environment needs no reopening.
// - When LMDB's pwrite() fails outright (ENOSPC: the disk had no free block at
//   all), lmdb-js formats its message into a 100-byte malloc that the message
//   overflows; glibc aborts the process ("corrupted size vs. prev_size",
//   "malloc(): invalid size") after a few such failures. Nothing in JS can
//   catch that, so the store never starts a write that could meet a full disk
//   (Store.write checks the room first).
import { constants } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
const ERRNO_NAMES = new Map(Object.entries(constants.errno).map(([name, errno]) => [errno, name]));
const NO_SPACE_ERRNOS = new Set(['ENOSPC', 'EIO', 'EDQUOT', 'EFBIG']);
/** lmdb rejects a commit's cause right after its writes; this only bounds the wait should it ever not. */
const CAUSE_WAIT_MS = 1_000;
/**
 * The store could not write: no room on its disk, or a disk that refuses
 * writes (LMDB reports a disk that fills mid-write as EIO, so the two are one
 * case here). Whatever failed was not stored.
 */
export class NoSpaceError extends Error {
    name = 'NoSpaceError';
}
function isCommitFailure(err) {
    return typeof err?.commitError?.then === 'function';
}
/** An errno's name (`EIO`) from a Node error's code, or lmdb's number for it. */
function errnoOf(err) {
    const code = err?.code;
    if (typeof code === 'string')
        return code;
    return typeof code === 'number' ? ERRNO_NAMES.get(code) : undefined;
}
/** Claims a failed commit's hidden cause (so it is not an unhandled rejection) and resolves with it. */
async function causeOf(failure) {
    const cause = Promise.resolve(failure.commitError).then(() => undefined, (err) => err);
    return await Promise.race([cause, delay(CAUSE_WAIT_MS, undefined, { ref: false })]);
}
/**
 * What an lmdb write's rejection means for the store: a NoSpaceError when the
 * disk refused it (a failed commit, or an error with a no-space errno), or
 * undefined for anything else (a bug, a closed store), which the caller
 * rethrows as it is.
 */
export async function asNoSpace(err) {
    if (err instanceof NoSpaceError)
        return err;
    if (isCommitFailure(err)) {
        const cause = await causeOf(err);
        const errno = errnoOf(cause);
        return new NoSpaceError(`the disk refused a write${errno === undefined ? '' : ` (${errno})`}`, { cause });
    }
    const errno = errnoOf(err);
    return errno !== undefined && NO_SPACE_ERRNOS.has(errno) ? new NoSpaceError(`the disk refused a write (${errno})`, { cause: err }) : undefined;
}
/**
 * Claims the commit promise lmdb makes for each batch and gives to no caller,
 * right after it makes it. Its failure reaches every writer of the batch
 * through the promise of its own write, so here it is only marked handled.
 */
export function claimBatchCommits(env) {
    // 'beforecommit' listeners run in the task that ends the batch, just before
    // lmdb issues the batch-start write that makes the promise (or after it, for
    // a batch big enough to start at once); a microtask runs right after that
    // task, before any other write can start a new batch.
    env.on('beforecommit', () => {
        queueMicrotask(() => {
            env.committed.then(() => { }, (err) => { if (isCommitFailure(err))
                void causeOf(err); });
        });
    });
}
/**
 * Resolves once every committed write is on disk (lmdb's commit resolves
 * before its fsync). An explicit sync on lmdb's thread pool, not `flushed`,
 * which may follow another writer's failed batch and never settle.
 */
export async function syncToDisk(env) {
    // `sync` is on every lmdb-js environment, but not in its type declarations.
    const { sync } = env;
    await new Promise((resolve, reject) => {
        sync.call(env, err => {
            if (err == null)
                resolve();
            else
                reject(new NoSpaceError(`the disk refused to sync: ${err.message}`, { cause: err }));
        });
    });
}
//# sourceMappingURL=lmdb-failures.js.map