// Where a chunk's replicas go: the live, non-full chunk servers closest to the
// chunk's key in XOR distance (Kademlia's rule), so placement is a pure
// function of the chunk id and the membership view and needs no table.
//
// Keys. A chunk's key is its sha256 digest (the CID's multihash digest; already
// uniform, so it is used as it is). A server's keys are POINTS_PER_SERVER
// points, point i being sha256 of the UTF-8 bytes of `${peerId}#${i}`, and its
// distance to a chunk is that of its nearest point.
//
// Why many points: with one key per server, a server's share of the keyspace is
// 2^-(number of branching nodes above it in the binary trie of server keys), so
// shares are powers of two whatever the ids. Ten servers can at best split it
// 6 x 1/8 + 4 x 1/16, and random ids typically gave the busiest server 2.5x the
// mean of first replicas (worst of 30 sets: 5x). With 256 points, in 200 random
// sets of 10 servers over 10,000 chunks, the worst server was within 18% of the
// mean (first replicas) and 15% (either of two replicas). It also spreads the
// repair of a dead server over all the others instead of its trie sibling.
import { createHash } from 'node:crypto'
import { chunkKey, compareXor, type ChunkRef } from '../../../protocols/dfs/chunk-id.js'
import { MAX_CHUNK_SIZE } from '../../../protocols/dfs/limits.js'
import { FREE_DISK_HEADROOM } from '../../peer/disk-space.js'
import type { Liveness } from '../../peer/membership.js'

export const POINTS_PER_SERVER = 256
/** A server below this much free disk takes no new replicas unless told otherwise. */
export const DEFAULT_MIN_FREE_BYTES = FREE_DISK_HEADROOM + MAX_CHUNK_SIZE

export interface PlacementCandidate {
  id: string
  state: Liveness
  /** Free bytes on the server's store, from its heartbeat. */
  freeDisk: number
  /** The server says it takes no more chunks, whatever its free disk. */
  full?: boolean
}

export interface PlacementOptions {
  /** Servers not to choose: the chain's surviving replicas, or one being replaced. */
  exclude?: Iterable<string>
  /** Minimum free disk a server needs; default DEFAULT_MIN_FREE_BYTES. For a known chunk size, FREE_DISK_HEADROOM + size. */
  minFreeBytes?: number
}

// Points are 8 KiB per server and cost 256 hashes to make, so they are kept;
// the cap only matters under endless churn of new peer ids.
const POINT_CACHE_LIMIT = 4096
const pointCache = new Map<string, Uint8Array[]>()

/** A server's points in the keyspace. */
export function serverPoints (id: string): Uint8Array[] {
  let points = pointCache.get(id)
  if (points === undefined) {
    points = Array.from({ length: POINTS_PER_SERVER }, (_, i) => new Uint8Array(createHash('sha256').update(`${id}#${i}`).digest()))
    if (pointCache.size >= POINT_CACHE_LIMIT) pointCache.clear()
    pointCache.set(id, points)
  }
  return points
}

function nearestPoint (key: Uint8Array, points: Uint8Array[]): Uint8Array {
  let nearest = points[0]
  for (let i = 1; i < points.length; i++) {
    if (compareXor(key, points[i], nearest) < 0) nearest = points[i]
  }
  return nearest
}

/**
 * Up to `factor` server ids for a chunk, nearest first: servers not marked
 * full, with at least `minFreeBytes` free and not in `exclude`, whose state
 * is 'alive'; then, only to make up the number, 'suspect' ones (a loaded
 * peer's gossip can be late by seconds; a write to one that is really gone
 * fails and is placed again). Never 'dead' ones. Fewer than `factor` when
 * fewer qualify. Deterministic: the same chunk, candidates and options give
 * the same answer, in any input order.
 */
export function placeReplicas (cid: ChunkRef, candidates: readonly PlacementCandidate[], factor: number, options: PlacementOptions = {}): string[] {
  if (!Number.isSafeInteger(factor) || factor < 0) throw new RangeError(`replication factor must be a whole number >= 0, not ${factor}`)
  const key = chunkKey(cid)
  const minFree = options.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES
  const skip = new Set(options.exclude ?? [])
  const ranked: Array<{ id: string, point: Uint8Array, suspect: boolean }> = []
  for (const candidate of candidates) {
    if (candidate.state === 'dead' || candidate.full === true || !(candidate.freeDisk >= minFree) || skip.has(candidate.id)) continue
    skip.add(candidate.id) // a server listed twice is still one server
    ranked.push({ id: candidate.id, point: nearestPoint(key, serverPoints(candidate.id)), suspect: candidate.state !== 'alive' })
  }
  // Two servers at one point would need a sha256 collision; the id keeps the order total anyway.
  ranked.sort((a, b) => Number(a.suspect) - Number(b.suspect) || compareXor(key, a.point, b.point) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return ranked.slice(0, factor).map(server => server.id)
}
