// The DFS as a library: what `shoal dfs ...` runs, and what any program can
// use. Paths are absolute DFS paths; bytes move as async iterables (a local
// file given as a LocalFile is read straight into its chunks).
import { randomBytes } from 'node:crypto';
import { chunkSizeProblem } from '../../protocols/dfs/limits.js';
import { cutChunks } from './chunker.js';
import { downloadPieces, piecesOf } from './dfs-download.js';
import { uploadChunks } from './dfs-upload.js';
import { CodedError } from '../peer/errors.js';
import { UserError } from './errors.js';
import { ClientSession } from './client-session.js';
import { MasterClient } from './master-client.js';
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;
export const DEFAULT_REPLICAS = 2;
export class DfsClient {
    swarm;
    master;
    session = new ClientSession(async () => (await this.master.request({ op: 'session' })).clientId);
    constructor(swarm) {
        this.swarm = swarm;
        this.master = new MasterClient(swarm);
    }
    /** Stores `source` at `path`; the file appears whole when the put commits, never before. Missing parent directories are created. */
    async put(path, source, options = {}) {
        const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
        const replicas = options.replicas ?? DEFAULT_REPLICAS;
        checkChunkSize(chunkSize);
        const force = options.force === true;
        await this.prepare(path, chunkSize, replicas, force);
        const putId = randomBytes(8).toString('hex');
        const chunks = await uploadChunks(this.swarm.node, this.master, cutChunks(source, chunkSize), { replicas, chunkSize, putId, onProgress: options.onProgress });
        await this.commit(path, chunks, chunkSize, replicas, force, putId);
        return fileStat(path, await this.statFile(path));
    }
    /**
     * Appends `source` as one record at the end of the file, atomically: readers
     * see all of it or none, and concurrent appends each land once, in some
     * order. A missing file is created (with the default chunk size and
     * replication, or those given).
     */
    async append(path, source, options = {}) {
        let target = await this.stat(path).catch((err) => {
            if (err instanceof CodedError && err.code === 'NOT_FOUND')
                return undefined;
            throw err;
        });
        if (target === undefined) {
            const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
            checkChunkSize(chunkSize);
            const replicas = options.replicas ?? DEFAULT_REPLICAS;
            try {
                await this.prepare(path, chunkSize, replicas, false);
                await this.commit(path, [], chunkSize, replicas, false, '');
            }
            catch (err) {
                // Another client created it first (before our prepare or our commit): append to theirs.
                if (!(err instanceof CodedError && err.code === 'EXISTS'))
                    throw err;
            }
            target = await this.stat(path);
        }
        if (target.type !== 'file')
            throw new CodedError('IS_A_DIRECTORY', `${path} is a directory`);
        const putId = randomBytes(8).toString('hex');
        const chunks = await uploadChunks(this.swarm.node, this.master, cutChunks(source, target.chunkSize), { replicas: target.replicas, chunkSize: target.chunkSize, putId, onProgress: options.onProgress });
        const stamp = await this.session.begin();
        try {
            const response = await this.master.request({ op: 'append', path, chunks, putId, ...stamp });
            return { offset: response.offset, size: response.size };
        }
        catch (err) {
            if (err instanceof CodedError && err.code === 'SESSION_EXPIRED')
                this.session.expired();
            throw err;
        }
        finally {
            this.session.answered(stamp.seq);
        }
    }
    async stat(path) {
        const response = await this.master.request({ op: 'stat', path });
        if (response.type === 'dir')
            return { type: 'dir', path, entries: response.count };
        return fileStat(path, response);
    }
    /** The bytes of a file, or of `length` bytes from `offset`; only the chunks that range needs are fetched. */
    async *read(path, options = {}) {
        const file = await this.statFile(path);
        const offset = options.offset ?? 0;
        const length = options.length ?? Number.MAX_SAFE_INTEGER - offset;
        if (!Number.isSafeInteger(offset) || offset < 0)
            throw new UserError(`offset must be a whole number of bytes, not ${offset}`);
        if (!Number.isSafeInteger(length) || length < 0)
            throw new UserError(`length must be a whole number of bytes, not ${length}`);
        yield* downloadPieces(this.swarm.node, piecesOf(file.chunks, offset, length), file.chunkSize);
    }
    async list(path = '/') {
        const response = await this.master.request({ op: 'list', path });
        return response.entries.map(e => e.type === 'dir'
            ? { name: e.name, type: 'dir', entries: e.entries }
            : { name: e.name, type: 'file', size: e.size, chunkSize: e.chunkSize, replicas: e.replicas, mtime: e.mtime, chunks: e.chunks });
    }
    /** Removes a file, or a directory (with `recursive` when it is not empty); resolves with how many files went. */
    async remove(path, options = {}) {
        return (await this.master.request({ op: 'rm', path, recursive: options.recursive === true })).count;
    }
    async move(from, to) {
        await this.master.request({ op: 'mv', path: from, to });
    }
    async mkdir(path, options = {}) {
        await this.master.request({ op: 'mkdir', path, recursive: options.parents === true });
    }
    /** The master's stat of a file: its chunks with each replica's addresses and liveness. */
    async statFile(path) {
        const response = await this.master.request({ op: 'stat', path });
        if (response.type === 'dir')
            throw new CodedError('IS_A_DIRECTORY', `${path} is a directory`);
        return response;
    }
    /** Checks a put before any byte moves; creates missing parent directories. */
    async prepare(path, chunkSize, replicas, force) {
        const check = async () => await this.master.request({ op: 'prepare', path, chunkSize, replicas, force });
        try {
            await check();
        }
        catch (err) {
            const parent = path.slice(0, path.lastIndexOf('/'));
            if (!(err instanceof CodedError && err.code === 'NOT_FOUND' && parent !== ''))
                throw err;
            await this.mkdir(parent, { parents: true });
            await check();
        }
    }
    /** Commits a file; a retried commit that finds its own file in place (the first try landed) has succeeded. */
    async commit(path, chunks, chunkSize, replicas, force, putId) {
        try {
            await this.master.request({ op: 'commit', path, chunks, chunkSize, replicas, force, putId });
        }
        catch (err) {
            if (!(err instanceof CodedError && err.code === 'EXISTS'))
                throw err;
            const existing = await this.stat(path).catch(() => undefined);
            const same = existing?.type === 'file' && existing.chunks.length === chunks.length && existing.chunks.every((c, i) => c.cid === chunks[i].cid) && existing.chunkSize === chunkSize;
            if (!same || chunks.length === 0)
                throw err;
        }
    }
}
function checkChunkSize(chunkSize) {
    const problem = chunkSizeProblem(chunkSize);
    if (problem !== undefined)
        throw new UserError(problem);
}
function fileStat(path, response) {
    return {
        type: 'file',
        path,
        size: response.size,
        chunkSize: response.chunkSize,
        replicas: response.replicas,
        mtime: response.mtime,
        chunks: response.chunks.map(c => ({ cid: c.cid, size: c.size, replicas: c.replicas.map(r => ({ id: r.id, state: r.state })) }))
    };
}
//# sourceMappingURL=dfs.js.map