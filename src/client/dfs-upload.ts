// The write path: chunks are hashed, placed by the master and pushed to their
// first replica, which forwards them down the chain. Several chunks are in
// flight at once within a fixed memory budget, so a put of any size holds
// about the same memory. A replica that fails is replaced: the master places
// the missing copies elsewhere and the chunk is sent again, until the chunk
// has its full factor. A chain that has not answered by the put's deadline
// (pace.ts) is checked hop by hop with a ping: a hop that does not answer
// stalled, and the chunk is placed again without it, as are later chunks.
// While the put runs, its chunks' holds are renewed.
import type { Chunk, ChunkPutResult, Server } from '../../protocols/dfs/dfs.js'
import { chunkBuffers } from '../../protocols/dfs/buffer-pool.js'
import { chunkId } from '../../protocols/dfs/chunk-id.js'
import { putChunk, serverAddrs } from '../../protocols/dfs/wire.js'
import { describeError } from '../peer/log.js'
import type { ClientNode } from '../peer/node.js'
import { SwarmUnavailableError } from './errors.js'
import { HoldRenewal } from './hold-renewal.js'
import type { MasterClient } from './master-client.js'
import { Pace } from './pace.js'

/** Bytes of chunks in flight at once (at least two chunks, at most sixteen). */
export const TRANSFER_BUDGET_BYTES = 32 * 1024 * 1024
const MAX_ATTEMPTS_PER_CHUNK = 6
/** A loaded peer answers a ping behind megabytes of chunk frames: under load on a small machine, in up to about a second. */
const PING_TIMEOUT_FLOOR_MS = 2_000
/** Chunks a failed attempt may still be sending from a connection's queue: their buffers go to the GC, not back to the pool. */
const sentOnFailedStream = new WeakSet<Uint8Array>()

export function transferWindow (chunkSize: number): number {
  return Math.max(2, Math.min(16, Math.floor(TRANSFER_BUDGET_BYTES / chunkSize)))
}

export interface UploadOptions {
  replicas: number
  chunkSize: number
  /** The put these chunks belong to: the master keeps their holds under it. */
  putId: string
  onProgress?: (bytes: number) => void
  signal?: AbortSignal
}

/** What every chunk of one put shares. */
interface Upload {
  node: ClientNode
  master: MasterClient
  holds: HoldRenewal
  pace: Pace
  /**
   * Pings by peer: one at a time to each, shared by every
   * chain waiting on it; one left unanswered stands for as long again, so the
   * chains that fall late together with the first learn of the stall at once.
   */
  probes: Map<string, Promise<boolean>>
  /** The newest master term a placement came from: each put carries it to the servers. */
  masterTerm: number
  signal?: AbortSignal
}

/**
 * Stores every chunk `replicas` times; resolves with the chunk list in order,
 * each with where it was stored. Each chunk's buffer goes back to
 * `chunkBuffers` once that chunk is done.
 */
export async function uploadChunks (node: ClientNode, master: MasterClient, chunks: AsyncIterable<Uint8Array>, options: UploadOptions): Promise<Chunk[]> {
  const holds = new HoldRenewal(master, options.putId)
  try {
    const uploaded = await uploadWindowed({ node, master, holds, pace: new Pace(), probes: new Map(), masterTerm: 0, signal: options.signal }, chunks, options)
    if (holds.lapsed()) throw new SwarmUnavailableError('the put took longer than the master holds its chunks without renewing them (was this client paused?); some may be collected already: put it again')
    return uploaded
  } finally {
    holds.stop()
  }
}

async function uploadWindowed (upload: Upload, chunks: AsyncIterable<Uint8Array>, options: UploadOptions): Promise<Chunk[]> {
  const results: Chunk[] = []
  const inFlight = new Set<Promise<void>>()
  const window = transferWindow(options.chunkSize)
  let failure: { error: unknown } | undefined
  let index = 0
  for await (const bytes of chunks) {
    while (inFlight.size >= window) await Promise.race(inFlight)
    if (failure === undefined && options.signal?.aborted === true) failure = { error: options.signal.reason }
    if (failure !== undefined) {
      chunkBuffers.release(bytes)
      break
    }
    const slot = index++
    const sending: Promise<void> = uploadChunk(upload, bytes, options.replicas).then(chunk => {
      results[slot] = chunk
      options.onProgress?.(bytes.length)
    }, (error: unknown) => { failure ??= { error } }).finally(() => {
      if (!sentOnFailedStream.has(bytes)) chunkBuffers.release(bytes)
      inFlight.delete(sending)
    })
    inFlight.add(sending)
  }
  await Promise.all(inFlight)
  if (failure !== undefined) throw failure.error
  return results
}

async function uploadChunk (upload: Upload, bytes: Uint8Array, replicas: number): Promise<Chunk> {
  const chunk: Chunk = { cid: await chunkId(bytes), size: bytes.length, replicas: [] }
  const stored = new Set<string>()
  const failed = new Set<string>()
  const problems: string[] = []
  for (let attempt = 0; stored.size < replicas; attempt++) {
    if (attempt === MAX_ATTEMPTS_PER_CHUNK) {
      throw new SwarmUnavailableError(`chunk ${chunk.cid} reached ${stored.size} of ${replicas} replicas: ${problems.join('; ')}`)
    }
    const servers = await place(upload, chunk, replicas - stored.size, [...stored, ...failed])
    if (servers.length === 0) {
      throw new SwarmUnavailableError(`no chunk server can take chunk ${chunk.cid} (${stored.size} of ${replicas} replicas stored)${problems.length > 0 ? `: ${problems.join('; ')}` : ''}`)
    }
    const result = await putAlong(upload, chunk, servers, bytes)
    for (const id of result.stored) stored.add(id)
    for (const { id, message } of result.failed) {
      failed.add(id)
      problems.push(`${id}: ${message}`)
    }
    for (const id of result.stalled) problems.push(`${id}: stalled (no answer to a ping)`)
    // A replica the chain never reached is free to try again; one that stalled, when no other can take the chunk.
  }
  chunk.replicas = [...stored].map(id => ({ id, addrs: [], state: '' }))
  return chunk
}

/**
 * One attempt: the chunk pushed to the first of `servers`, which forwards it
 * down the rest. A failed or stalled attempt resolves with who failed or stalled.
 */
async function putAlong (upload: Upload, chunk: Chunk, servers: Server[], bytes: Uint8Array): Promise<ChunkPutResult & { stalled: string[] }> {
  const { node, pace } = upload
  const [first, ...chain] = servers
  const attempt = new AbortController()
  const started = performance.now()
  const signal = upload.signal == null ? attempt.signal : AbortSignal.any([upload.signal, attempt.signal])
  const put = putChunk(node, serverAddrs(first), { cid: chunk.cid, size: chunk.size, chain, masterTerm: upload.masterTerm }, bytes, { signal })
  try {
    while (true) {
      let cancel = (): void => {}
      const late = new Promise<'late'>(resolve => { cancel = pace.whenLate(servers.map(s => s.id), () => { resolve('late') }) })
      const outcome = await Promise.race([put, late]).finally(cancel)
      if (outcome !== 'late') {
        pace.record(performance.now() - started)
        for (const server of servers) pace.markPrompt(server.id)
        return { ...outcome, stalled: [] }
      }
      const stalled = await stalledHops(upload, servers)
      if (stalled.length > 0) {
        attempt.abort()
        put.catch(() => {})
        // Frames of the abandoned attempt may still wait in the connection's queue: the buffer is not reused.
        sentOnFailedStream.add(bytes)
        return { stored: [], failed: [], stalled }
      }
    }
  } catch (err) {
    upload.signal?.throwIfAborted()
    sentOnFailedStream.add(bytes)
    return { stored: [], failed: [{ id: first.id, message: describeError(err), error: '' }], stalled: [] }
  }
}

/** The hops of a late chain that do not answer a ping in time: they stalled, and are marked so. */
async function stalledHops (upload: Upload, servers: Server[]): Promise<string[]> {
  const answered = await Promise.all(servers.map(async s => await answers(upload, s)))
  upload.signal?.throwIfAborted()
  const stalled = servers.filter((_, i) => !answered[i]).map(s => s.id)
  for (const id of stalled) upload.pace.markSlow(id)
  return stalled
}

/** False when `server` leaves a ping unanswered for the probe's whole time; a ping that fails sooner got an answer of sorts. */
async function answers (upload: Upload, server: Server): Promise<boolean> {
  const known = upload.probes.get(server.id)
  if (known !== undefined) return await known
  const probeMs = Math.max(PING_TIMEOUT_FLOOR_MS, upload.pace.deadline())
  const deadline = AbortSignal.timeout(probeMs)
  const signal = upload.signal == null ? deadline : AbortSignal.any([upload.signal, deadline])
  const probe = upload.node.services.ping.ping(serverAddrs(server), { signal }).then(() => true, () => !deadline.aborted)
  upload.probes.set(server.id, probe)
  const answered = await probe
  const forget = (): void => { if (upload.probes.get(server.id) === probe) upload.probes.delete(server.id) }
  if (answered) forget()
  else setTimeout(forget, probeMs).unref()
  return answered
}

/** Servers for `replicas` more copies of `chunk`, avoiding the put's stalled peers unless no other can take it. */
async function place (upload: Upload, chunk: Chunk, replicas: number, exclude: string[]): Promise<Server[]> {
  const avoiding = [...new Set([...exclude, ...upload.pace.slowPeers()])]
  const servers = await placeExcluding(upload, chunk, replicas, avoiding)
  return servers.length > 0 || avoiding.length === exclude.length ? servers : await placeExcluding(upload, chunk, replicas, exclude)
}

async function placeExcluding (upload: Upload, chunk: Chunk, replicas: number, exclude: string[]): Promise<Server[]> {
  const { master, holds } = upload
  const askedAt = performance.now()
  const response = await master.call('place', { chunks: [{ cid: chunk.cid, size: chunk.size, replicas: [] }], replicas, exclude, putId: holds.putId }, upload.signal)
  holds.place(chunk.cid, chunk.size, response.holdMs, askedAt)
  upload.masterTerm = Math.max(upload.masterTerm, response.term)
  return response.placements[0]?.servers ?? []
}
