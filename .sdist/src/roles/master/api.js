import { chunkSizeProblem } from '../../../protocols/dfs/limits.js';
import { FREE_DISK_HEADROOM } from '../../peer/disk-space.js';
import { pathProblem } from './paths.js';
import { placeReplicas } from './placement.js';
import { NamespaceError } from './namespace.js';
import { chunkServers, describeServer, liveChunkServers } from './servers.js';
import { CodedError } from '../../peer/errors.js';
import { HOLD_MS } from './pending.js';
/** Caps what one request may ask: a commit's chunk list must fit a Raft entry. */
export const MAX_CHUNKS_PER_REQUEST = 32_768;
export function emptyResponse(term) {
    return {
        error: '', message: '', leader: '', term, placements: [], type: '', size: 0, chunkSize: 0, replicas: 0, mtime: 0, chunks: [], entries: [], offset: 0, count: 0, holdMs: 0, clientId: ''
    };
}
export async function answer(context, request, signal) {
    const response = emptyResponse(context.term);
    try {
        await dispatch(context, request, response, signal);
    }
    catch (err) {
        if (!(err instanceof CodedError))
            throw err;
        response.error = err.code;
        response.message = err.message;
    }
    return response;
}
async function dispatch(context, request, response, signal) {
    const ns = context.state.namespace;
    if (request.chunks.length > MAX_CHUNKS_PER_REQUEST) {
        throw new CodedError('TOO_LARGE', `${request.chunks.length} chunks in one request; the limit is ${MAX_CHUNKS_PER_REQUEST} (use a larger chunk size)`);
    }
    switch (request.op) {
        case 'prepare': return prepare(context, request);
        case 'session':
            response.clientId = await context.register(signal);
            return;
        case 'place':
            response.placements = await place(context, request);
            response.holdMs = HOLD_MS;
            return;
        case 'hold':
            context.pending.hold(refs(context, request), request.putId);
            response.holdMs = HOLD_MS;
            return;
        case 'commit': {
            const chunks = refs(context, request);
            const result = await context.propose({ op: 'commit', path: request.path, chunks, chunkSize: request.chunkSize, replicas: request.replicas, force: request.force, mtime: Date.now() }, signal);
            context.pending.settle(chunks, request.putId);
            settled(context, result);
            return;
        }
        case 'append': {
            const chunks = refs(context, request);
            const session = request.clientId === '' ? undefined : { client: request.clientId, seq: request.seq, firstUnanswered: request.firstUnanswered };
            const result = await context.propose({ op: 'append', path: request.path, chunks, mtime: Date.now() }, signal, session);
            context.pending.settle(chunks, request.putId);
            if (result.op === 'append') {
                response.offset = result.offset;
                response.size = result.size;
            }
            return;
        }
        case 'stat': {
            const info = ns.stat(request.path);
            if (info === undefined)
                throw new NamespaceError('NOT_FOUND', `no such file or directory ${request.path}`);
            response.type = info.type;
            if (info.type === 'dir') {
                response.count = info.entries;
                return;
            }
            describeFile(context, info, response);
            return;
        }
        case 'list':
            response.entries = ns.list(request.path).map(entry => entry.type === 'dir'
                ? { name: entry.name, type: 'dir', size: 0, chunkSize: 0, replicas: 0, mtime: 0, chunks: 0, entries: entry.entries }
                : { name: entry.name, type: 'file', size: entry.size, chunkSize: entry.chunkSize, replicas: entry.replicas, mtime: entry.mtime, chunks: entry.chunks, entries: 0 });
            return;
        case 'rm': {
            const result = await context.propose({ op: 'rm', path: request.path, recursive: request.recursive }, signal);
            if (result.op === 'rm')
                response.count = result.files;
            settled(context, result);
            return;
        }
        case 'mv':
            settled(context, await context.propose({ op: 'mv', from: request.path, to: request.to }, signal));
            return;
        case 'mkdir':
            settled(context, await context.propose({ op: 'mkdir', path: request.path, parents: request.recursive }, signal));
            return;
        default:
            throw new CodedError('BAD_REQUEST', `unknown operation ${JSON.stringify(request.op)}`);
    }
}
/** Checks a put before its bytes move, so a refusal costs nothing; commit checks again. */
function prepare(context, request) {
    const problem = pathProblem(request.path);
    if (problem !== undefined)
        throw new NamespaceError('BAD_PATH', problem);
    if (request.path === '/')
        throw new NamespaceError('IS_A_DIRECTORY', '/ is a directory');
    checkShape(context, request);
    const parent = request.path.slice(0, request.path.lastIndexOf('/')) || '/';
    const dir = context.state.namespace.stat(parent);
    if (dir === undefined)
        throw new NamespaceError('NOT_FOUND', `no such directory ${parent}`);
    if (dir.type !== 'dir')
        throw new NamespaceError('NOT_A_DIRECTORY', `${parent} is a file, not a directory`);
    const existing = context.state.namespace.stat(request.path);
    if (existing?.type === 'dir')
        throw new NamespaceError('IS_A_DIRECTORY', `${request.path} is a directory`);
    if (existing !== undefined && !request.force)
        throw new NamespaceError('EXISTS', `${request.path} exists; overwrite it with --force`);
}
function checkShape(context, request) {
    const problem = chunkSizeProblem(request.chunkSize);
    if (problem !== undefined)
        throw new CodedError('BAD_REQUEST', problem);
    checkReplicas(context, request.replicas);
}
function checkReplicas(context, replicas) {
    if (replicas < 1)
        throw new CodedError('BAD_REQUEST', `replicas must be at least 1, not ${replicas}`);
    const live = liveChunkServers(context.view);
    if (replicas > live)
        throw new CodedError('TOO_FEW_SERVERS', `${replicas} replicas asked, but only ${live} chunk server${live === 1 ? ' is' : 's are'} alive`);
}
async function place(context, request) {
    checkReplicas(context, request.replicas);
    const candidates = chunkServers(context.view);
    const chunks = refs(context, request);
    // Held first, so no new delete starts; then any delete already sent is let finish before the put stores the same content.
    context.pending.hold(chunks, request.putId);
    await context.deletesSettled(chunks.map(c => c.cid));
    return chunks.map(chunk => ({
        cid: chunk.cid,
        servers: placeReplicas(chunk.cid, candidates, request.replicas, { exclude: request.exclude, minFreeBytes: FREE_DISK_HEADROOM + chunk.size })
            .map(id => describeServer(context.view, id))
    }));
}
/** The request's chunks as namespace refs; where a put stored them goes into the location cache. */
function refs(context, request) {
    return request.chunks.map((chunk) => {
        for (const replica of chunk.replicas)
            context.locations.add(replica.id, chunk.cid);
        return { cid: chunk.cid, size: chunk.size };
    });
}
function settled(context, result) {
    if (result.released.length > 0)
        context.released(result.released);
}
function describeFile(context, file, response) {
    response.size = file.size;
    response.chunkSize = file.chunkSize;
    response.replicas = file.replicas;
    response.mtime = file.mtime;
    response.chunks = file.chunks.map(chunk => ({
        cid: chunk.cid,
        size: chunk.size,
        replicas: context.locations.holders(chunk.cid).map(id => describeServer(context.view, id))
    }));
}
//# sourceMappingURL=api.js.map