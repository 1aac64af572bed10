// The master's answers to clients on `/shoal/dfs/master/2.0.0`. Reads come
// from this leader's applied namespace (it holds the leader lease, and serves
// only once it has applied every entry of earlier terms); changes go through
// the log and answer once applied. Every refusal is a code and a message.
import type { Chunk, MasterRequest, MasterResponse, Placement, PlaceRequest, PrepareRequest, StatResult } from '../../../protocols/dfs/dfs.js'
import { masterOpOf, type MasterOp, type MasterOpRequest, type MasterOpResult } from '../../../protocols/dfs/wire.js'
import { chunkSizeProblem } from '../../../protocols/dfs/limits.js'
import { FREE_DISK_HEADROOM } from '../../peer/disk-space.js'
import { pathProblem } from './paths.js'
import { placeReplicas } from './placement.js'
import { NamespaceError, type ChunkRef, type FileInfo, type NamespaceCommand, type NamespaceResult } from './namespace.js'
import { chunkServers, describeServer, upChunkServers } from './servers.js'
import type { Session } from '../../peer/consensus/replicated-state.js'
import { CodedError } from '../../peer/errors.js'
import type { MasterState } from './state.js'
import type { MembershipView } from '../../peer/membership.js'
import type { LocationMap } from './locations.js'
import { HOLD_MS, type PendingPlacements } from './pending.js'

export interface MasterApiContext {
  term: number
  state: MasterState
  view: MembershipView
  locations: LocationMap
  pending: PendingPlacements
  /** Proposes a namespace command (with the client's session, when it sent one); resolves with its result once applied. */
  propose: (command: NamespaceCommand, signal: AbortSignal, session?: Session) => Promise<NamespaceResult>
  /** Opens a client session through the log; resolves with its client id. */
  register: (signal: AbortSignal) => Promise<string>
  /** Chunks no file references any more: the collector deletes them. */
  released: (cids: readonly string[]) => void
  /** Resolves once no delete of these chunks is in flight. */
  deletesSettled: (cids: readonly string[]) => Promise<void>
}

/** Caps what one request may ask: a commit's chunk list must fit a Raft entry. */
export const MAX_CHUNKS_PER_REQUEST = 32_768

export function emptyResponse (term: number): MasterResponse {
  return { error: '', message: '', leader: '', term }
}

export async function answer (context: MasterApiContext, request: MasterRequest, signal: AbortSignal): Promise<MasterResponse> {
  const response = emptyResponse(context.term)
  try {
    const op = masterOpOf(request)
    if (op === undefined) throw new CodedError('BAD_REQUEST', 'the request names no operation this master knows')
    const body = request[op] as MasterOpRequest<typeof op>
    if ('chunks' in body && body.chunks.length > MAX_CHUNKS_PER_REQUEST) {
      throw new CodedError('TOO_LARGE', `${body.chunks.length} chunks in one request; the limit is ${MAX_CHUNKS_PER_REQUEST} (use a larger chunk size)`)
    }
    const handle = OPERATIONS[op] as Operation<typeof op>
    Object.assign(response, { [op]: await handle(context, body, signal) })
  } catch (err) {
    if (!(err instanceof CodedError)) throw err
    response.error = err.code
    response.message = err.message
  }
  return response
}

type Operation<Op extends MasterOp> = (context: MasterApiContext, request: MasterOpRequest<Op>, signal: AbortSignal) => Promise<MasterOpResult<Op>> | MasterOpResult<Op>

const DONE = {}

const OPERATIONS: { [Op in MasterOp]: Operation<Op> } = {
  session: async (context, _request, signal) => ({ clientId: await context.register(signal) }),
  prepare: (context, request) => {
    prepare(context, request)
    return DONE
  },
  place: async (context, request) => ({ placements: await place(context, request), holdMs: HOLD_MS, term: context.term }),
  hold: (context, request) => {
    context.pending.hold(refs(context, request.chunks), request.putId)
    return { holdMs: HOLD_MS }
  },
  commit: async (context, request, signal) => {
    const chunks = refs(context, request.chunks)
    const result = await context.propose({ op: 'commit', path: request.path, chunks, chunkSize: request.chunkSize, replicas: request.replicas, force: request.force, mtime: Date.now(), parents: request.parents }, signal)
    context.pending.settle(chunks, request.putId)
    settled(context, result)
    return DONE
  },
  append: async (context, request, signal) => {
    const chunks = refs(context, request.chunks)
    const session = request.clientId === '' ? undefined : { client: request.clientId, seq: request.seq, firstUnanswered: request.firstUnanswered }
    const result = await context.propose({ op: 'append', path: request.path, chunks, mtime: Date.now() }, signal, session)
    context.pending.settle(chunks, request.putId)
    return result.op === 'append' ? { offset: result.offset, size: result.size } : { offset: 0, size: 0 }
  },
  stat: (context, request) => {
    const info = context.state.namespace.stat(request.path)
    if (info === undefined) throw new NamespaceError('NOT_FOUND', `no such file or directory ${request.path}`)
    if (info.type === 'dir') return { type: 'dir', size: 0, chunkSize: 0, replicas: 0, mtime: 0, chunks: [], entries: info.entries }
    return describeFile(context, info)
  },
  list: (context, request) => ({
    entries: context.state.namespace.list(request.path).map(entry => entry.type === 'dir'
      ? { name: entry.name, type: 'dir', size: 0, chunkSize: 0, replicas: 0, mtime: 0, chunks: 0, entries: entry.entries }
      : { name: entry.name, type: 'file', size: entry.size, chunkSize: entry.chunkSize, replicas: entry.replicas, mtime: entry.mtime, chunks: entry.chunks, entries: 0 })
  }),
  rm: async (context, request, signal) => {
    const result = await context.propose({ op: 'rm', path: request.path, recursive: request.recursive }, signal)
    settled(context, result)
    return { files: result.op === 'rm' ? result.files : 0 }
  },
  mv: async (context, request, signal) => {
    settled(context, await context.propose({ op: 'mv', from: request.from, to: request.to }, signal))
    return DONE
  },
  mkdir: async (context, request, signal) => {
    settled(context, await context.propose({ op: 'mkdir', path: request.path, parents: request.parents }, signal))
    return DONE
  }
}

/** Checks a put before its bytes move, so a refusal costs nothing; commit checks again. */
function prepare (context: MasterApiContext, request: PrepareRequest): void {
  const problem = pathProblem(request.path)
  if (problem !== undefined) throw new NamespaceError('BAD_PATH', problem)
  if (request.path === '/') throw new NamespaceError('IS_A_DIRECTORY', '/ is a directory')
  const sizeProblem = chunkSizeProblem(request.chunkSize)
  if (sizeProblem !== undefined) throw new CodedError('BAD_REQUEST', sizeProblem)
  checkReplicas(context, request.replicas)
  // The nearest ancestor that exists must be a directory; with `parents`, those below it may be missing.
  for (let dir = parentOf(request.path); ; dir = parentOf(dir)) {
    const found = context.state.namespace.stat(dir)
    if (found?.type === 'file') throw new NamespaceError('NOT_A_DIRECTORY', `${dir} is a file, not a directory`)
    if (found !== undefined) break
    if (!request.parents) throw new NamespaceError('NOT_FOUND', `no such directory ${dir}`)
  }
  const existing = context.state.namespace.stat(request.path)
  if (existing?.type === 'dir') throw new NamespaceError('IS_A_DIRECTORY', `${request.path} is a directory`)
  if (existing !== undefined && !request.force) throw new NamespaceError('EXISTS', `${request.path} exists; overwrite it with --force`)
}

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/'

function checkReplicas (context: MasterApiContext, replicas: number): void {
  if (replicas < 1) throw new CodedError('BAD_REQUEST', `replicas must be at least 1, not ${replicas}`)
  const live = upChunkServers(context.view)
  if (replicas > live) throw new CodedError('TOO_FEW_SERVERS', `${replicas} replicas asked, but only ${live} chunk server${live === 1 ? ' is' : 's are'} up`)
}

async function place (context: MasterApiContext, request: PlaceRequest): Promise<Placement[]> {
  checkReplicas(context, request.replicas)
  const candidates = chunkServers(context.view)
  const chunks = refs(context, request.chunks)
  // Held first, so no new delete starts; then any delete already sent is let finish before the put stores the same content.
  context.pending.hold(chunks, request.putId)
  await context.deletesSettled(chunks.map(c => c.cid))
  return chunks.map(chunk => ({
    cid: chunk.cid,
    servers: placeReplicas(chunk.cid, candidates, request.replicas, { exclude: request.exclude, minFreeBytes: FREE_DISK_HEADROOM + chunk.size })
      .map(id => describeServer(context.view, id))
  }))
}

/** The request's chunks as namespace refs; where a put stored them goes into the location cache. */
function refs (context: MasterApiContext, chunks: Chunk[]): ChunkRef[] {
  return chunks.map(chunk => {
    for (const replica of chunk.replicas) context.locations.add(replica.id, chunk.cid)
    return { cid: chunk.cid, size: chunk.size }
  })
}

function settled (context: MasterApiContext, result: NamespaceResult): void {
  if (result.released.length > 0) context.released(result.released)
}

function describeFile (context: MasterApiContext, file: FileInfo): StatResult {
  return {
    type: 'file',
    size: file.size,
    chunkSize: file.chunkSize,
    replicas: file.replicas,
    mtime: file.mtime,
    entries: 0,
    chunks: file.chunks.map(chunk => ({
      cid: chunk.cid,
      size: chunk.size,
      replicas: context.locations.holders(chunk.cid).map(id => describeServer(context.view, id))
    }))
  }
}
