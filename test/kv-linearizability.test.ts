// The KV store's answers under faults, on real peer processes: concurrent
// clients put, get, append and cas a few hot keys while the replica group's
// leader is SIGKILLed and restarted (then another peer), and while a leader
// is paused (SIGSTOP, a partition as far as the others can tell) and resumed
// with its old beliefs. Every call is recorded with its invocation and
// response time; a write that threw has an unknown outcome (it may have
// applied, or not), a read that threw is dropped. The whole history must be
// linearizable (test/helpers/linearizability.ts, a Porcupine port), and the
// store must keep answering after each fault.
//
// Then the same load while half the shards move to a new group and back.
// The variant with real network partitions is test/kv-partition.test.ts.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { checkOperations, kvModel } from './helpers/linearizability.js'
import { HistoryRecorder, KvSwarm, waitForLeader } from './helpers/kv.js'
import { finalReads, startLoad, type Load } from './helpers/kv-load.js'
import { shardOf } from '../protocols/kv/shard.js'
import { waitFor } from './helpers/wait.js'

const CLIENTS = 6
const KEYS = ['a', 'b', 'c', 'd', 'e']
const keysOf = (prefix: string): string[] => KEYS.map(key => `${prefix}${key}`)
/** One call's limit: past it the call is abandoned and a write's outcome is unknown. */
const CALL_TIMEOUT_MS = 15_000
const CHECK_TIMEOUT_MS = 30_000

let k: KvSwarm

test.before(async () => {
  k = await KvSwarm.up(3)
})

test.after(async () => {
  await k?.[Symbol.asyncDispose]()
})

const load = async (seed: number, keys: string[]): Promise<Load> =>
  await startLoad({ connect: { home: k.swarm.home }, keys, clients: CLIENTS, seed, callTimeoutMs: CALL_TIMEOUT_MS })

/** Waits until the load completed `count` more operations of any kind after now: the store is serving again. */
async function progress (recorder: HistoryRecorder, what: string, count = 20, timeoutMs = 20_000): Promise<void> {
  const since = performance.now()
  await waitFor(`${count} operations to complete ${what}`, () => recorder.completedAfter(since) >= count, { timeoutMs, intervalMs: 50 })
}

/** Waits until every one of `keys` had `count` more operations complete after now: each key's shard is served again. */
async function progressOnEveryKey (recorder: HistoryRecorder, keys: string[], what: string, count = 5, timeoutMs = 20_000): Promise<void> {
  const since = performance.now()
  const behind = (): string[] => keys.filter(key => recorder.history.filter(op => op.input.key === key && op.return !== Infinity && op.return > since).length < count)
  await waitFor(`${count} operations on every hot key to complete ${what}`, () => behind().length === 0, { timeoutMs, intervalMs: 50 })
    .catch((err: unknown) => { throw new Error(`${(err as Error).message}; keys behind: ${behind().map(key => `${key} (shard ${shardOf(key)})`).join(', ')}`) })
}

/** A final read of every key by a fresh call, after the load stopped, then the check. */
async function finishAndCheck (recorder: HistoryRecorder, keys: string[]): Promise<void> {
  await finalReads(recorder, k.kv, keys)
  const failedTypes = [...new Set(recorder.failures.map(f => f.replace(/[0-9a-f]{20,}|\d+/g, 'N')))].slice(0, 8)
  console.log(`${recorder.history.length} operations: ${recorder.reads} reads, ${recorder.writes} writes acknowledged, ${recorder.unknown} writes of unknown outcome; failures: ${failedTypes.join(' | ')}`)
  const started = performance.now()
  const check = checkOperations(kvModel, recorder.history, { timeoutMs: CHECK_TIMEOUT_MS })
  console.log(`checked in ${Math.round(performance.now() - started)} ms: ${check.result}`)
  if (check.result === 'illegal') console.log(`NOT LINEARIZABLE:\n${check.explanation}`)
  assert.is.not(check.result, 'illegal', check.explanation)
  if (check.result === 'unknown') console.log(`inconclusive: ${check.explanation}`)
}

/**
 * Runs `faults` under the load on `keys`, then checks the history, even when
 * `faults` failed (the store stopped serving): a wrong answer is reported
 * beside a wedge.
 */
async function underLoad (seed: number, keys: string[], faults: (recorder: HistoryRecorder) => Promise<void>): Promise<void> {
  const running = await load(seed, keys)
  let stalled: unknown
  try {
    await faults(running.recorder)
  } catch (err) {
    stalled = err
  } finally {
    await running.stop()
  }
  await finishAndCheck(running.recorder, keys)
  if (stalled !== undefined) throw stalled
}

test('linearizable under SIGKILL and restart of the leader, twice, and of a follower', async () => {
  await underLoad(1000, keysOf('kill/'), async recorder => {
    await progress(recorder, 'before any fault')
    for (const round of [1, 2]) {
      const leader = await waitForLeader(k.control, k.mainPeers, k.main)
      const index = k.index(leader)
      console.log(`round ${round}: SIGKILL the leader of ${k.main}, peer ${index}`)
      k.swarm.kill(index)
      await k.swarm.waitForExit(index)
      await progress(recorder, `after the leader (peer ${index}) was killed`)
      await k.swarm.upAgain()
      await progress(recorder, `after peer ${index} restarted`)
    }
    const leader = await waitForLeader(k.control, k.mainPeers, k.main)
    const follower = k.index(k.mainPeers.find(p => p !== leader)!)
    console.log(`SIGKILL a follower of ${k.main}, peer ${follower}`)
    k.swarm.kill(follower)
    await k.swarm.waitForExit(follower)
    await progress(recorder, `after a follower (peer ${follower}) was killed`)
    await k.swarm.upAgain()
    await progress(recorder, `after peer ${follower} restarted`)
  })
})

test('linearizable when the leader is paused (SIGSTOP) until the others elect another, then resumed', async () => {
  await underLoad(2000, keysOf('pause/'), async recorder => {
    await progress(recorder, 'before any fault')
    const leader = await waitForLeader(k.control, k.mainPeers, k.main)
    const index = k.index(leader)
    console.log(`SIGSTOP the leader of ${k.main}, peer ${index}`)
    k.swarm.kill(index, 'SIGSTOP')
    try {
      const others = k.mainPeers.filter(p => p !== leader)
      const next = await waitForLeader(k.control, others, k.main)
      console.log(`peer ${k.index(next)} leads ${k.main} now`)
      await progress(recorder, 'while the old leader is paused')
    } finally {
      k.swarm.kill(index, 'SIGCONT')
    }
    await progress(recorder, 'after the old leader resumed', 40)
  })
})

test('linearizable while half the shards move to a new group and back', async () => {
  // Hot keys on both sides: shards 32..63 move to the joining group, 0..31 stay.
  const candidates = Array.from({ length: 40 }, (_, i) => `move/${i}`)
  const keys = [...candidates.filter(key => shardOf(key) >= 32).slice(0, 3), ...candidates.filter(key => shardOf(key) < 32).slice(0, 2)]
  await underLoad(3000, keys, async recorder => {
    await progress(recorder, 'before the join')
    const before = await k.kv.shardmaster.query()
    // A group of one, on a follower of the main group (a peer may serve in two groups).
    const leader = await waitForLeader(k.control, k.mainPeers, k.main)
    const joined = await k.kv.shardmaster.join([k.mainPeers.find(p => p !== leader)!])
    const gid = Object.keys(joined.groups).find(g => before.groups[g] === undefined)!
    console.log(`group ${gid} joined (configuration ${joined.num})`)
    await progressOnEveryKey(recorder, keys, `after group ${gid} joined`)
    const left = await k.kv.shardmaster.leave([gid])
    console.log(`group ${gid} left (configuration ${left.num})`)
    await progressOnEveryKey(recorder, keys, `after group ${gid} left`)
  })
})

test.run()
