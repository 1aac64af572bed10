// What the master tells a chunk server to do, fenced by the master's term: a
// deposed master's late command is refused. Replicate copies chunks from the
// replicas named (verified on the way in); delete removes chunks no file
// references any more.
import { ChunkCommand, ChunkCommandResult, type ChunkFailure, type Server } from '../../../protocols/dfs/dfs.js'
import { chunkBuffers } from '../../../protocols/dfs/buffer-pool.js'
import { parseChunkId } from '../../../protocols/dfs/chunk-id.js'
import { CHUNK_COMMAND_PROTOCOL, CHUNK_COMMAND_TIMEOUT_MS, getChunk, joinPieces, serverAddrs } from '../../../protocols/dfs/wire.js'
import { StaleTermError, type Fence } from '../../peer/fence.js'
import { NoSpaceError } from '../../peer/lmdb-failures.js'
import { describeError, type Logger } from '../../peer/log.js'
import type { PeerNode } from '../../peer/node.js'
import type { Handlers } from '../../peer/rpc.js'
import { failureCode, type ChunkStore } from './chunk-store.js'

const MAX_COMMAND_BYTES = 4 * 1024 * 1024

export interface CommandContext {
  node: PeerNode
  store: ChunkStore
  fence: Fence
  log: Logger
}

export async function serveCommands (handlers: Handlers, context: CommandContext): Promise<void> {
  const { fence, log } = context
  await handlers.serve({ protocol: CHUNK_COMMAND_PROTOCOL, request: ChunkCommand, response: ChunkCommandResult, log, maxRequestBytes: MAX_COMMAND_BYTES, timeoutMs: CHUNK_COMMAND_TIMEOUT_MS },
    async command => {
      try {
        fence.admit('master', command.term)
      } catch (err) {
        if (err instanceof StaleTermError) return { error: 'STALE_TERM', message: err.message, done: [], failed: [] }
        throw err
      }
      if (command.op === 'replicate') return await replicate(context, command)
      if (command.op === 'delete') return await remove(context, command)
      return { error: 'BAD_REQUEST', message: `unknown command ${JSON.stringify(command.op)}`, done: [], failed: [] }
    })
}

async function replicate (context: CommandContext, command: ChunkCommand): Promise<ChunkCommandResult> {
  const done: string[] = []
  const failed: ChunkFailure[] = []
  for (const chunk of command.chunks) {
    try {
      await copyChunk(context, chunk.cid, [...chunk.replicas, ...command.sources])
      done.push(chunk.cid)
    } catch (err) {
      failed.push({ id: chunk.cid, message: describeError(err), error: failureCode(err) })
    }
  }
  return { error: '', message: '', done, failed }
}

async function copyChunk (context: CommandContext, id: string, sources: Server[]): Promise<void> {
  const { node, store } = context
  const cid = parseChunkId(id)
  if (store.has(cid)) return
  const self = node.peerId.toString()
  const problems: string[] = []
  for (const source of sources) {
    if (source.id === self) continue
    try {
      const bytes = joinPieces(await getChunk(node, serverAddrs(source), { cid: id, offset: 0, length: 0, whole: true }))
      try {
        await store.put(cid, bytes)
      } finally {
        chunkBuffers.release(bytes)
      }
      return
    } catch (err) {
      if (err instanceof NoSpaceError) throw err // no other source helps a full disk
      problems.push(`${source.id}: ${describeError(err)}`)
    }
  }
  throw new Error(`no source gave a good copy (${problems.join('; ') || 'none named'})`)
}

async function remove (context: CommandContext, command: ChunkCommand): Promise<ChunkCommandResult> {
  const done: string[] = []
  const failed: ChunkFailure[] = []
  for (const chunk of command.chunks) {
    try {
      await context.store.delete(parseChunkId(chunk.cid))
      done.push(chunk.cid)
    } catch (err) {
      failed.push({ id: chunk.cid, message: describeError(err), error: failureCode(err) })
    }
  }
  return { error: '', message: '', done, failed }
}
