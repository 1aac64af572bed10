// Shards moving between replica groups on `/shoal/kv/shard/1.0.0`. A group
// that gains a shard pulls it from the group that had it: any replica of that
// group that has applied the configuration which froze the shard can send it
// (pairs in pieces, then its sessions). A group that gave a shard away asks
// its new owner whether it has it yet, and deletes its copy once it does.
import { lpStream } from '@libp2p/utils'
import { ShardFrame, ShardRequest, type Pair } from '../../../protocols/kv/kv.js'
import { KV_SHARD_PROTOCOL, MAX_KV_FRAME_BYTES, SHARD_PIECE_BYTES } from '../../../protocols/kv/wire.js'
import type { MembershipView } from '../../peer/membership.js'
import type { PeerNode } from '../../peer/node.js'
import { decodeOrThrow, dialAddrs, reset } from '../../peer/rpc.js'
import type { KvGroupState } from './group-state.js'

/** A replica of `gid` on this peer, if there is one. */
export type LocalReplicas = (gid: string) => KvGroupState | undefined

const PULL_TIMEOUT_MS = 120_000

/** What a replica of `request.group` here answers: the frames of a pull, or one frame saying whether it has a shard. */
export async function * answerShard (replicas: LocalReplicas, request: ShardRequest): AsyncGenerator<ShardFrame> {
  const state = replicas(request.group)
  if (state === undefined) {
    yield frame({ error: 'WRONG_GROUP', message: `no replica of group ${request.group} here` })
    return
  }
  await state.flush()
  const { config, shards } = state.status()
  if (request.confirm) {
    const pulling = shards[request.shard]
    const has = config.num >= request.num && !(pulling?.state === 'pulling' && pulling.num === request.num)
    yield frame(has ? { done: true } : { error: 'NOT_READY', message: `group ${request.group} does not have shard ${request.shard} of configuration ${request.num} yet` })
    return
  }
  const sending = shards[request.shard]
  if (sending?.state !== 'sending' || sending.num !== request.num) {
    const error = config.num < request.num ? 'NOT_READY' : 'WRONG_GROUP'
    yield frame({ error, message: `group ${request.group} at configuration ${config.num} is not sending shard ${request.shard} for configuration ${request.num}` })
    return
  }
  const reader = state.readShard(request.shard)
  try {
    let pairs: Pair[] = []
    let bytes = 0
    for (const pair of reader.pairs()) {
      const size = Buffer.byteLength(pair.key) + pair.value.length + 8
      // A piece stays under the frame cap: at most SHARD_PIECE_BYTES, or one pair (a largest value fits a frame).
      if (pairs.length > 0 && bytes + size > SHARD_PIECE_BYTES) {
        yield frame({ pairs })
        pairs = []
        bytes = 0
      }
      pairs.push(pair)
      bytes += size
    }
    yield frame({ pairs, done: true, sessions: reader.sessions() })
  } finally {
    reader.close()
  }
}

export async function serveShardStream (replicas: LocalReplicas, stream: Parameters<typeof lpStream>[0], signal: AbortSignal): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: MAX_KV_FRAME_BYTES })
  const request = decodeOrThrow(ShardRequest, await lp.read({ signal }), 'shard request')
  for await (const answer of answerShard(replicas, request)) await lp.write(ShardFrame.encode(answer), { signal })
  await stream.close({ signal })
}

/**
 * Asks each of `peers` in turn (this peer's own replica directly) for `request`;
 * yields the answer's frames from the first that gives one without an error,
 * and throws the last error when none does.
 */
export async function * askGroup (node: PeerNode, view: MembershipView, peers: readonly string[], replicas: LocalReplicas, request: ShardRequest, signal: AbortSignal): AsyncGenerator<ShardFrame> {
  const self = node.peerId.toString()
  let problem = `group ${request.group} has no peers`
  for (const peer of peers) {
    const frames = peer === self ? answerShard(replicas, request) : remoteFrames(node, { id: peer, addrs: view.get(peer)?.heartbeat.addrs ?? [] }, request, signal)
    try {
      let first = true
      for await (const answer of frames) {
        if (first && answer.error !== '') throw new Error(`${answer.error}: ${answer.message}`)
        first = false
        yield answer
        if (answer.done) return
      }
      throw new Error(`${peer} ended the answer early`)
    } catch (err) {
      signal.throwIfAborted()
      problem = `${peer}: ${(err as Error).message}`
    }
  }
  throw new Error(`no replica of group ${request.group} answered for shard ${request.shard}: ${problem}`)
}

async function * remoteFrames (node: PeerNode, peer: { id: string, addrs: string[] }, request: ShardRequest, signal: AbortSignal): AsyncGenerator<ShardFrame> {
  const timeout = AbortSignal.any([signal, AbortSignal.timeout(PULL_TIMEOUT_MS)])
  const stream = await node.dialProtocol(dialAddrs(peer), KV_SHARD_PROTOCOL, { signal: timeout })
  const lp = lpStream(stream, { maxDataLength: MAX_KV_FRAME_BYTES })
  try {
    await lp.write(ShardRequest.encode(request), { signal: timeout })
    while (true) {
      const answer = decodeOrThrow(ShardFrame, await lp.read({ signal: timeout }), 'shard frame')
      yield answer
      if (answer.done || answer.error !== '') break
    }
  } catch (err) {
    reset(stream, err)
    throw err
  } finally {
    // Also when the caller stops reading after the frame it wanted.
    if (stream.status === 'open') await stream.close({ signal: timeout }).catch(err => { reset(stream, err) })
  }
}

function frame (fields: Partial<ShardFrame>): ShardFrame {
  return { error: '', message: '', leader: '', pairs: [], done: false, sessions: [], ...fields }
}
