// The read path: the chunks a byte range needs, fetched several at a time and
// handed out in order. Each comes from the first replica that serves it (live
// ones first, then ones that stalled during this read), verified against its
// id; a replica silent for the read's deadline is backed up by the next
// (hedge.ts). When every known replica fails, the DHT is asked who
// else provides it.
import type { PeerId } from '@libp2p/interface'
import type { Chunk, Server } from '../../protocols/dfs/dfs.js'
import { parseChunkId, verifyChunk } from '../../protocols/dfs/chunk-id.js'
import { getChunk, PROVIDER_LOOKUP_MS, serverAddrs, type Target } from '../../protocols/dfs/wire.js'
import { describeError } from '../peer/log.js'
import type { ClientNode } from '../peer/node.js'
import { transferWindow } from './dfs-upload.js'
import { SwarmUnavailableError } from './errors.js'
import { hedged } from './hedge.js'
import { Pace } from './pace.js'

const LIVENESS_ORDER: Record<string, number> = { alive: 0, suspect: 1, dead: 2 }

/** The part of a chunk a read needs: bytes [from, to) of it. */
interface Piece { chunk: Chunk, from: number, to: number }

export function piecesOf (chunks: readonly Chunk[], offset: number, length: number): Piece[] {
  const end = offset + length
  const pieces: Piece[] = []
  let start = 0
  for (const chunk of chunks) {
    const stop = start + chunk.size
    if (stop > offset && start < end && chunk.size > 0) {
      pieces.push({ chunk, from: Math.max(0, offset - start), to: Math.min(chunk.size, end - start) })
    }
    if (stop >= end) break
    start = stop
  }
  return pieces
}

/**
 * Yields the bytes of `pieces` in order, fetching several at once. The window
 * starts at one piece and doubles as pieces arrive (TCP's slow start, for the
 * same reason): pieces fetched together share the wire, so a full window from
 * the start would delay the first byte until the whole window had arrived.
 * Fetches still out when the reader stops, or `signal` fires, are aborted.
 */
export async function * downloadPieces (node: ClientNode, pieces: readonly Piece[], chunkSize: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const window = transferWindow(chunkSize)
  const stop = new AbortController()
  const read: Read = { node, pace: new Pace(), signal: signal == null ? stop.signal : AbortSignal.any([signal, stop.signal]) }
  const fetching: Array<Promise<Uint8Array[]>> = []
  let limit = 1
  let next = 0
  const refill = (): void => {
    while (next < pieces.length && fetching.length < limit) {
      const fetch = fetchPiece(read, pieces[next++])
      fetch.catch(() => {}) // awaited in order below
      fetching.push(fetch)
    }
  }
  try {
    refill()
    while (fetching.length > 0) {
      const bytes = await (fetching.shift() as Promise<Uint8Array[]>)
      limit = Math.min(window, limit * 2)
      refill()
      yield * bytes
    }
  } finally {
    stop.abort()
  }
}

interface Read { node: ClientNode, pace: Pace, signal: AbortSignal }

/** A piece's bytes, in the pieces they arrived in over the wire. */
async function fetchPiece (read: Read, piece: Piece): Promise<Uint8Array[]> {
  const { node, pace, signal } = read
  const { chunk, from, to } = piece
  const whole = from === 0 && to === chunk.size
  const problems: string[] = []
  const self = node.peerId.toString()
  const ask = async (target: Target, askSignal: AbortSignal, progress: () => void, server: string): Promise<Uint8Array[]> => {
    const bytes = await getChunk(node, target, { cid: chunk.cid, offset: from, length: to - from, whole }, { signal: askSignal, onProgress: progress })
    // A whole chunk is checked here; a part of one was checked whole by the server that read it, as was one this peer read from its own store.
    if (whole && server !== self && !await verifyChunk(chunk.cid, bytes)) throw new Error('bytes do not match the chunk id')
    const served = bytes.reduce((sum, piece) => sum + piece.length, 0)
    if (served !== to - from) throw new Error(`${served} bytes served, ${to - from} asked`)
    return bytes
  }
  const options = { pace, signal, onError: (id: string, err: unknown) => { problems.push(`${id}: ${describeError(err)}`) } }
  // A copy on this very peer (a MapReduce worker's) first: it costs no network.
  const replicas = pace.order([...chunk.replicas].sort((a, b) => (LIVENESS_ORDER[a.state] ?? 3) - (LIVENESS_ORDER[b.state] ?? 3)))
    .sort((a, b) => Number(b.id === self) - Number(a.id === self))
  const fromReplicas = await hedged(replicas, async (replica, askSignal, progress) => await ask(serverAddrs(replica), askSignal, progress, replica.id), options)
  if (fromReplicas !== undefined) return fromReplicas
  signal.throwIfAborted()
  const providers = (await findProviders(node, chunk.cid, replicas, signal)).map(id => ({ id: id.toString(), peer: id }))
  const fromProviders = await hedged(providers, async (provider, askSignal, progress) => await ask(provider.peer, askSignal, progress, provider.id), options)
  if (fromProviders !== undefined) return fromProviders
  signal.throwIfAborted()
  throw new SwarmUnavailableError(`chunk ${chunk.cid} could not be read from any replica${problems.length > 0 ? `: ${problems.join('; ')}` : ''}`)
}

/** Providers the DHT knows for a chunk, other than the replicas already tried. */
async function findProviders (node: ClientNode, cid: string, tried: readonly Server[], signal: AbortSignal): Promise<PeerId[]> {
  const skip = new Set(tried.map(s => s.id))
  const found: PeerId[] = []
  try {
    for await (const provider of node.contentRouting.findProviders(parseChunkId(cid), { signal: AbortSignal.any([signal, AbortSignal.timeout(PROVIDER_LOOKUP_MS)]) })) {
      if (skip.has(provider.id.toString())) continue
      skip.add(provider.id.toString())
      if (provider.multiaddrs.length > 0) await node.peerStore.merge(provider.id, { multiaddrs: provider.multiaddrs })
      found.push(provider.id)
    }
  } catch {
    // A lookup that times out has still found what it found.
  }
  return found
}
