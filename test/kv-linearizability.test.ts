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
// A variant with a real network partition (the leader's host loses its cable,
// in network namespaces) runs where namespaces can be made, and is skipped
// with the reason elsewhere.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { KvClient } from '../src/client/kv.js'
import { Swarm } from '../src/client/swarm.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { checkOperations, kvModel, type KvInput } from './helpers/linearizability.js'
import { bytes, HistoryRecorder, text, waitForLeader } from './helpers/kv.js'
import { seeded } from './helpers/seeded.js'
import { waitFor } from './helpers/wait.js'

const CLIENTS = 6
const KEYS = ['hot/a', 'hot/b', 'hot/c', 'hot/d', 'hot/e']
/** One call's limit: past it the call is abandoned and a write's outcome is unknown. */
const CALL_TIMEOUT_MS = 15_000
const CHECK_TIMEOUT_MS = 30_000

let swarm: TestSwarm
let control: Swarm
let kv: KvClient
let gid = ''
let peers: string[] = []

test.before(async () => {
  try {
    swarm = await TestSwarm.up(3)
    control = await Swarm.connect({ home: swarm.home })
    kv = new KvClient(control)
    const config = await waitFor('every shard served by one group of all 3 peers', async () => {
      const config = await kv.shardmaster.query()
      const [only] = Object.keys(config.groups)
      return only !== undefined && config.groups[only].length === 3 && config.shards.every(g => g === only) ? config : undefined
    }, { timeoutMs: 30_000 })
    gid = Object.keys(config.groups)[0]
    peers = [...config.groups[gid]]
  } catch (err) {
    console.error('setting up the swarm failed:', err, swarm === undefined ? '' : await swarm.peerLogs(30))
    throw err
  }
})

test.after(async () => {
  kv?.close()
  await control?.close().catch(() => {})
  await swarm?.[Symbol.asyncDispose]()
})

interface Load {
  recorder: HistoryRecorder
  stop: () => Promise<void>
}

/**
 * `CLIENTS` clients, each its own swarm connection and KvClient, each one call
 * at a time: get 40%, put 20%, append 25%, cas 15% on the hot keys. Values are
 * unique (client.n); a cas expects what some client last read or wrote there.
 */
async function startLoad (seed: number, prefix: string): Promise<Load> {
  const recorder = new HistoryRecorder()
  const stopping = new AbortController()
  const lastSeen = new Map<string, string | undefined>()
  const connections = await Promise.all(Array.from({ length: CLIENTS }, async () => await Swarm.connect({ home: swarm.home })))
  const clients = connections.map(c => new KvClient(c))
  const keys = KEYS.map(k => `${prefix}${k}`)
  const loops = clients.map(async (client, id) => {
    const random = seeded(seed + id)
    for (let n = 0; !stopping.signal.aborted; n++) {
      const key = keys[Math.floor(random() * keys.length)]
      const roll = random()
      const value = `${id}.${n}`
      const signal = AbortSignal.timeout(CALL_TIMEOUT_MS)
      if (roll < 0.4) {
        const out = await recorder.record(id, { op: 'get', key }, async () => ({ value: text(await client.get(key, { signal })) }))
        if (out !== undefined) lastSeen.set(key, out.value)
      } else if (roll < 0.6) {
        await recorder.record(id, { op: 'put', key, value }, async () => { await client.put(key, bytes(value), { signal }); return {} })
        lastSeen.set(key, value)
      } else if (roll < 0.85) {
        await recorder.record(id, { op: 'append', key, value: `+${value}` }, async () => { await client.append(key, bytes(`+${value}`), { signal }); return {} })
      } else {
        const expected = lastSeen.get(key)
        const input: KvInput = { op: 'cas', key, expected, value }
        await recorder.record(id, input, async () => ({ ok: await client.cas(key, expected === undefined ? undefined : bytes(expected), bytes(value), { signal }) }))
      }
    }
  })
  return {
    recorder,
    stop: async () => {
      stopping.abort()
      await Promise.all(loops)
      for (const client of clients) client.close()
      await Promise.all(connections.map(async c => { await c.close().catch(() => {}) }))
    }
  }
}

/** Waits until the load completed `count` more operations of any kind after now: the store is serving again. */
async function progress (recorder: HistoryRecorder, what: string, count = 20, timeoutMs = 20_000): Promise<void> {
  const since = performance.now()
  await waitFor(`${count} operations to complete ${what}`, () => recorder.completedAfter(since) >= count, { timeoutMs, intervalMs: 50 })
}

/** A final read of every key by a fresh call, after the load stopped, then the check. */
async function finishAndCheck (recorder: HistoryRecorder, prefix: string): Promise<void> {
  for (const key of KEYS.map(k => `${prefix}${k}`)) {
    await recorder.record(99, { op: 'get', key }, async () => ({ value: text(await kv.get(key)) }))
  }
  const failedTypes = [...new Set(recorder.failures.map(f => f.replace(/[0-9a-f]{20,}|\d+/g, 'N')))].slice(0, 8)
  console.log(`${recorder.history.length} operations: ${recorder.reads} reads, ${recorder.writes} writes acknowledged, ${recorder.unknown} writes of unknown outcome; failures: ${failedTypes.join(' | ')}`)
  const started = performance.now()
  const check = checkOperations(kvModel, recorder.history, { timeoutMs: CHECK_TIMEOUT_MS })
  console.log(`checked in ${Math.round(performance.now() - started)} ms: ${check.result}`)
  if (check.result === 'illegal') console.log(`NOT LINEARIZABLE:\n${check.explanation}`)
  assert.is.not(check.result, 'illegal', check.explanation)
  if (check.result === 'unknown') console.log(`inconclusive: ${check.explanation}`)
}

test('linearizable under SIGKILL and restart of the leader, twice, and of a follower', async () => {
  const load = await startLoad(1000, 'kill/')
  try {
    await progress(load.recorder, 'before any fault')
    for (const round of [1, 2]) {
      const leader = await waitForLeader(control, peers, gid)
      const index = swarm.peerIndex(leader)
      console.log(`round ${round}: SIGKILL the leader of ${gid}, peer ${index}`)
      swarm.kill(index)
      await swarm.waitForExit(index)
      await progress(load.recorder, `after the leader (peer ${index}) was killed`)
      await swarm.upAgain()
      await progress(load.recorder, `after peer ${index} restarted`)
    }
    const leader = await waitForLeader(control, peers, gid)
    const follower = swarm.peerIndex(peers.find(p => p !== leader)!)
    console.log(`SIGKILL a follower of ${gid}, peer ${follower}`)
    swarm.kill(follower)
    await swarm.waitForExit(follower)
    await progress(load.recorder, `after a follower (peer ${follower}) was killed`)
    await swarm.upAgain()
    await progress(load.recorder, `after peer ${follower} restarted`)
  } finally {
    await load.stop()
  }
  await finishAndCheck(load.recorder, 'kill/')
})

test('linearizable when the leader is paused (SIGSTOP) until the others elect another, then resumed', async () => {
  const load = await startLoad(2000, 'pause/')
  try {
    await progress(load.recorder, 'before any fault')
    const leader = await waitForLeader(control, peers, gid)
    const index = swarm.peerIndex(leader)
    console.log(`SIGSTOP the leader of ${gid}, peer ${index}`)
    swarm.kill(index, 'SIGSTOP')
    try {
      const others = peers.filter(p => p !== leader)
      const next = await waitForLeader(control, others, gid)
      console.log(`peer ${swarm.peerIndex(next)} leads ${gid} now`)
      await progress(load.recorder, 'while the old leader is paused')
    } finally {
      swarm.kill(index, 'SIGCONT')
    }
    await progress(load.recorder, 'after the old leader resumed', 40)
  } finally {
    await load.stop()
  }
  await finishAndCheck(load.recorder, 'pause/')
})

test.run()
