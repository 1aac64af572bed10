// A KV replica group's state machine alone, on a real LMDB store: what each
// command does, sessions (a retried write applies once, a write the client
// has acknowledged is refused, idle sessions are forgotten), shards it does
// not serve refused, configurations applied only in order and only once every
// shard is settled, and its snapshot installed into another replica.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { KvCommand } from '../protocols/kv/kv.js'
import { SHARD_COUNT, shardOf } from '../protocols/kv/shard.js'
import type { ShardConfig } from '../protocols/kv/wire.js'
import { Store } from '../src/peer/store.js'
import { KvGroupState, type KvResult } from '../src/roles/kv/group-state.js'
import { answerShard, type LocalGroups } from '../src/roles/kv/shard-transfer.js'

const dirs: string[] = []
const stores: Store[] = []
let index = 0

test.after(async () => {
  for (const store of stores) await store.close()
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

async function newState (gid = 'g1'): Promise<KvGroupState> {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-kv-state-'))
  dirs.push(dir)
  const store = Store.open(dir)
  stores.push(store)
  return new KvGroupState(store, gid)
}

const bytes = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s) as Uint8Array<ArrayBuffer>
const text = (b: Uint8Array | undefined): string | undefined => b === undefined ? undefined : Buffer.from(b).toString()
const config = (num: number, owner: (shard: number) => string, groups: Record<string, string[]>): ShardConfig =>
  ({ num, shards: Array.from({ length: SHARD_COUNT }, (_, s) => owner(s)), groups })

async function apply (state: KvGroupState, command: Partial<KvCommand>): Promise<KvResult> {
  return await state.apply(KvCommand.encode({ client: '', seq: 0n, acked: 0n, now: 0n, ...command }), ++index)
}

async function serving (gid = 'g1'): Promise<KvGroupState> {
  const state = await newState(gid)
  assert.equal(await apply(state, { config: { num: 1, json: JSON.stringify(config(1, () => gid, { [gid]: ['a'] })) } }), { ok: true })
  return state
}

test('put, append, del and cas do what they say; reads see what was applied once flushed', async () => {
  const state = await serving()
  await apply(state, { put: { key: 'k', value: bytes('1') } })
  await apply(state, { append: { key: 'k', value: bytes('2') } })
  assert.equal(await apply(state, { cas: { key: 'k', old: bytes('x'), value: bytes('3') } }), { ok: false, count: 0 })
  assert.equal(await apply(state, { cas: { key: 'k', old: bytes('12'), value: bytes('3') } }), { ok: true, count: 0 })
  await state.flush()
  assert.is(text(state.get('k')), '3')
  assert.equal(await apply(state, { del: { key: 'k' } }), { ok: true, count: 0 })
  assert.equal(await apply(state, { del: { key: 'k' } }), { ok: false, count: 0 })
  await state.flush()
  assert.is(state.get('k'), undefined)
})

test('a retried write applies once and gets its first result; one the client acknowledged is refused', async () => {
  const state = await serving()
  const session = { client: 'c1', now: 1000n }
  await apply(state, { ...session, seq: 1n, acked: 1n, append: { key: 'log', value: bytes('a') } })
  await apply(state, { ...session, seq: 1n, acked: 1n, append: { key: 'log', value: bytes('a') } })
  await state.flush()
  assert.is(text(state.get('log')), 'a', 'the retry did not apply again')
  assert.equal(await apply(state, { ...session, seq: 2n, acked: 1n, cas: { key: 'log', old: bytes('a'), value: bytes('b') } }), { ok: true, count: 0 })
  assert.equal(await apply(state, { ...session, seq: 2n, acked: 1n, cas: { key: 'log', old: bytes('a'), value: bytes('b') } }), { ok: true, count: 0 }, 'the first result, not a second try')
  // Sessions are kept per shard (they move with it): the acknowledgement reaches this shard with the next write to it.
  await apply(state, { ...session, seq: 3n, acked: 3n, append: { key: 'log', value: bytes('c') } })
  const stale = await apply(state, { ...session, seq: 2n, acked: 1n, cas: { key: 'log', old: bytes('bc'), value: bytes('d') } })
  assert.is(stale.error, 'STALE_REQUEST')
  await state.flush()
  assert.is(text(state.get('log')), 'bc')
})

test('sessions idle past the expiry are forgotten, recent ones kept', async () => {
  const state = await serving()
  await apply(state, { client: 'old', seq: 1n, acked: 1n, now: 1_000n, append: { key: 'a', value: bytes('x') } })
  await apply(state, { client: 'new', seq: 1n, acked: 1n, now: 5_000n, append: { key: 'b', value: bytes('x') } })
  assert.equal(await apply(state, { expire: { before: 2_000n } }), { ok: true, count: 1 })
  await apply(state, { client: 'old', seq: 1n, acked: 1n, now: 6_000n, append: { key: 'a', value: bytes('x') } })
  await apply(state, { client: 'new', seq: 1n, acked: 1n, now: 6_000n, append: { key: 'b', value: bytes('x') } })
  await state.flush()
  assert.is(text(state.get('a')), 'xx', 'a forgotten session no longer recognises its old write')
  assert.is(text(state.get('b')), 'x', 'a kept session still does')
})

test('a shard the group does not serve is refused; configurations apply in order, once every shard is settled', async () => {
  const state = await serving()
  const two = config(2, s => s < SHARD_COUNT / 2 ? 'g1' : 'g2', { g1: ['a'], g2: ['b'] })
  assert.equal(await apply(state, { config: { num: 3, json: JSON.stringify({ ...two, num: 3 }) } }), { error: 'BAD_REQUEST', message: 'configuration 3 does not follow 1' })
  assert.equal(await apply(state, { config: { num: 2, json: JSON.stringify(two) } }), { ok: true })
  const given = Array.from({ length: SHARD_COUNT }, (_, i) => `key${i}`).find(k => shardOf(k) >= SHARD_COUNT / 2)!
  assert.is((await apply(state, { put: { key: given, value: bytes('x') } })).error, 'WRONG_GROUP')
  const three = config(3, () => 'g1', { g1: ['a'] })
  assert.is((await apply(state, { config: { num: 3, json: JSON.stringify(three) } })).error, 'NOT_READY', 'shards given away and not yet taken')
  for (let shard = SHARD_COUNT / 2; shard < SHARD_COUNT; shard++) await apply(state, { drop: { shard, num: 2, sessions: [] } })
  assert.equal(await apply(state, { config: { num: 3, json: JSON.stringify(three) } }), { ok: true })
  assert.is((await apply(state, { put: { key: given, value: bytes('x') } })).error, 'NOT_READY', 'a shard arriving is not served yet')
  await apply(state, { piece: { shard: shardOf(given), num: 3, pairs: [{ key: given, value: bytes('moved') }] } })
  await apply(state, { done: { shard: shardOf(given), num: 3, sessions: [] } })
  await state.flush()
  assert.is(text(state.get(given)), 'moved')
  assert.equal(state.refusal(shardOf(given)), undefined)
})

test('a giver asking whether its shard was taken: yes from a replica that has it, or from a peer whose replica of the group retired when the group left after that configuration', async () => {
  const state = await serving()
  const none = (): undefined => undefined
  const ask = async (groups: LocalGroups, num: number, confirm = true): Promise<string> => {
    const answer = await answerShard(groups, { shard: 0, num, group: 'g1', confirm, after: '' })
    return answer.done ? 'taken' : answer.error
  }
  assert.is(await ask({ replica: () => state, leftAt: none }, 1), 'taken', 'the group is at configuration 1 with the shard')
  assert.is(await ask({ replica: () => state, leftAt: none }, 2), 'NOT_READY', 'configuration 2 not applied yet')
  assert.is(await ask({ replica: none, leftAt: none }, 1), 'WRONG_GROUP', 'no replica, and none that retired with the group')
  assert.is(await ask({ replica: none, leftAt: () => 7 }, 5), 'taken', 'the group left at configuration 7: it had every shard of 5 and passed it on')
  assert.is(await ask({ replica: none, leftAt: () => 7 }, 8), 'WRONG_GROUP', 'a configuration after it left gave it nothing')
  assert.is(await ask({ replica: none, leftAt: () => 7 }, 5, false), 'WRONG_GROUP', 'a retired replica has no shard to send')
})

test('a snapshot installs into another replica: pairs, sessions and status', async () => {
  const source = await serving()
  for (let i = 0; i < 500; i++) await apply(source, { client: 'c', seq: BigInt(i + 1), acked: BigInt(i + 1), now: 1n, put: { key: `k${i}`, value: bytes(`v${i}`) } })
  await source.flush()
  const target = await newState()
  const reader = source.readSnapshot()
  const install = target.beginInstall()
  try {
    for await (const piece of reader.chunks()) {
      for (let at = 0; at < piece.length; at += 333) await install.write(piece.subarray(at, at + 333))
    }
  } finally {
    reader.close()
  }
  install.commit(reader.index)
  await target.flush()
  install.committed()
  assert.is(target.appliedIndex(), reader.index)
  for (let i = 0; i < 500; i += 50) assert.is(text(target.get(`k${i}`)), `v${i}`)
  assert.equal(target.status(), source.status())
  await apply(target, { client: 'c', seq: 500n, acked: 500n, now: 1n, put: { key: 'k499', value: bytes('again') } })
  await target.flush()
  assert.is(text(target.get('k499')), 'v499', 'the sessions came with the snapshot')
})

test.run()
