// Shards moving between replica groups on `/shoal/kv/shard/1.0.0`, one
// request and one answer per stream. A group that gains a shard pulls it from
// the group that had it, a piece at a time, asking for the next once it has
// stored one (so a shard of any size moves with a piece in flight): any
// replica of that group that has applied the configuration which froze the
// shard can send it, and the last piece brings its sessions. A group that
// gave a shard away asks its new owner whether it has it yet, and deletes its
// copy once it does.
import { lpStream } from '@libp2p/utils'
import { ShardFrame, ShardRequest, type Pair } from '../../../protocols/kv/kv.js'
import { KV_SHARD_PROTOCOL, MAX_KV_FRAME_BYTES, SHARD_PIECE_BYTES } from '../../../protocols/kv/wire.js'
import type { MembershipView } from '../../peer/membership.js'
import type { PeerNode } from '../../peer/node.js'
import { decodeOrThrow, dialAddrs, reset } from '../../peer/rpc.js'
import type { KvGroupState } from './group-state.js'

/** This peer's replicas of KV groups, and what it remembers of groups that left the store. */
export interface LocalGroups {
  /** A replica of `gid` on this peer, if there is one. */
  replica: (gid: string) => KvGroupState | undefined
  /** The configuration `gid` had applied when it left the store and this peer's replica of it retired; undefined if it did not. */
  leftAt: (gid: string) => number | undefined
}

const ASK_TIMEOUT_MS = 30_000

/** What a replica of `request.group` here answers: the next piece of a shard it is sending, or whether it has a shard. */
export async function answerShard (groups: LocalGroups, request: ShardRequest): Promise<ShardFrame> {
  const state = groups.replica(request.group)
  if (state === undefined) {
    // A group leaves only once it has applied the newest configuration and handed every shard on: a group that left
    // after configuration `num` had this shard whole, whoever holds it now. (Its giver may have been slow to ask.)
    const left = groups.leftAt(request.group)
    if (request.confirm && left !== undefined && left >= request.num) return frame({ done: true })
    return frame({ error: 'WRONG_GROUP', message: `no replica of group ${request.group} here` })
  }
  await state.flush()
  const { config, shards } = state.status()
  if (request.confirm) {
    const pulling = shards[request.shard]
    const has = config.num >= request.num && !(pulling?.state === 'pulling' && pulling.num === request.num)
    return frame(has ? { done: true } : { error: 'NOT_READY', message: `group ${request.group} does not have shard ${request.shard} of configuration ${request.num} yet` })
  }
  const sending = shards[request.shard]
  if (sending?.state !== 'sending' || sending.num !== request.num) {
    const error = config.num < request.num ? 'NOT_READY' : 'WRONG_GROUP'
    return frame({ error, message: `group ${request.group} at configuration ${config.num} is not sending shard ${request.shard} for configuration ${request.num}` })
  }
  // The shard is frozen while it is sent: a piece read from any replica, at any time, follows the one before.
  const reader = state.readShard(request.shard, request.after)
  try {
    const pairs: Pair[] = []
    let bytes = 0
    for (const pair of reader.pairs()) {
      if (pair.key === request.after) continue
      const size = Buffer.byteLength(pair.key) + pair.value.length + 8
      // A piece stays under the frame cap: at most SHARD_PIECE_BYTES, or one pair (a largest value fits a frame).
      if (pairs.length > 0 && bytes + size > SHARD_PIECE_BYTES) return frame({ pairs })
      pairs.push(pair)
      bytes += size
    }
    return frame({ pairs, done: true, sessions: reader.sessions() })
  } finally {
    reader.close()
  }
}

export async function serveShardStream (groups: LocalGroups, stream: Parameters<typeof lpStream>[0], signal: AbortSignal): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: MAX_KV_FRAME_BYTES })
  const request = decodeOrThrow(ShardRequest, await lp.read({ signal }), 'shard request')
  await lp.write(ShardFrame.encode(await answerShard(groups, request)), { signal })
  await stream.close({ signal })
}

/**
 * Asks each of `peers` in turn (this peer's own replica directly) for
 * `request`; the first answer without an error, or throws the last error
 * when none gives one.
 */
export async function askGroup (node: PeerNode, view: MembershipView, peers: readonly string[], groups: LocalGroups, request: ShardRequest, signal: AbortSignal): Promise<ShardFrame> {
  const self = node.peerId.toString()
  let problem = `group ${request.group} has no peers`
  for (const peer of peers) {
    try {
      const answer = peer === self
        ? await answerShard(groups, request)
        : await askPeer(node, { id: peer, addrs: view.get(peer)?.heartbeat.addrs ?? [] }, request, signal)
      if (answer.error === '') return answer
      problem = `${peer}: ${answer.error}: ${answer.message}`
    } catch (err) {
      signal.throwIfAborted()
      problem = `${peer}: ${(err as Error).message}`
    }
  }
  throw new Error(`no replica of group ${request.group} answered for shard ${request.shard}: ${problem}`)
}

async function askPeer (node: PeerNode, peer: { id: string, addrs: string[] }, request: ShardRequest, signal: AbortSignal): Promise<ShardFrame> {
  const timeout = AbortSignal.any([signal, AbortSignal.timeout(ASK_TIMEOUT_MS)])
  const stream = await node.dialProtocol(dialAddrs(peer), KV_SHARD_PROTOCOL, { signal: timeout })
  const lp = lpStream(stream, { maxDataLength: MAX_KV_FRAME_BYTES })
  try {
    await lp.write(ShardRequest.encode(request), { signal: timeout })
    const answer = decodeOrThrow(ShardFrame, await lp.read({ signal: timeout }), 'shard frame')
    await stream.close({ signal: timeout })
    return answer
  } catch (err) {
    reset(stream, err)
    throw err
  }
}

function frame (fields: Partial<ShardFrame>): ShardFrame {
  return { error: '', message: '', leader: '', pairs: [], done: false, sessions: [], ...fields }
}
