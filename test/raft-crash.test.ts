// The Raft driver over real LMDB, its members SIGKILLed at random moments
// (the leader, a member that just voted, campaigned or acknowledged entries)
// and restarted on the same directories, while the network drops, delays,
// duplicates and replays messages: no acknowledged command is lost, every
// member applies the same commands in the same order, no member votes twice in
// a term or forgets a term or vote it has spoken, and no term has two leaders.
// SHOAL_CRASH_SEED replays a run's schedule of kills and traps (not its
// timing, so not the whole run); SHOAL_CRASH_MS sets how long faults last;
// SHOAL_CRASH_DURABLE=1 runs the members on a DurableTestState in LMDB.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { NO_FAULTS, ProcessCluster, type Faults, type Trap } from './helpers/raft-crash-cluster.js'
import { Invariants } from './helpers/raft-crash-invariants.js'
import { waitFor } from './helpers/wait.js'
import { seeded } from '../src/client/seeded.js'

const VOTERS = ['a', 'b', 'c', 'd', 'e']
const FAULTS_MS = Number(process.env.SHOAL_CRASH_MS ?? 20_000)
/** Commands that must be acknowledged under faults for the run to have tested anything. */
const MIN_ACKED = 50
const SEED = Number(process.env.SHOAL_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 32))
const FAULTS: Faults = { drop: 0.02, duplicate: 0.01, delay: 0.1, maxDelayMs: 15, late: 0.01, lateVote: 0.25, lateMs: 500, replayVotes: true }
const RESTART_WITHIN_MS = 300
const IN_FLIGHT = 8
// SHOAL_CRASH_TRAPS=append,... picks the traps; 'append' kills a leader as it sends entries it may not have persisted yet.
const TRAPS: Trap[] = (process.env.SHOAL_CRASH_TRAPS?.split(',') ?? ['vote', 'campaign', 'ack']) as Trap[]

/** Keeps a few unique commands in flight to whoever leads, and records those acknowledged. */
class Proposer {
  readonly proposed = new Set<string>()
  inFlight = 0
  private next = 0
  private timer?: NodeJS.Timeout

  constructor (private readonly cluster: ProcessCluster, private readonly invariants: Invariants) {}

  start (): void {
    this.timer = setInterval(() => { if (this.inFlight < IN_FLIGHT) void this.propose() }, 10)
  }

  stop (): void {
    clearInterval(this.timer)
  }

  /** Resolves with the command's position once acknowledged; undefined if refused, its fate unknown, or not answered within `giveUpMs`. */
  async propose (giveUpMs?: number): Promise<number | undefined> {
    const leader = this.cluster.leader
    if (leader === undefined) return undefined
    const value = `v${++this.next}`
    this.proposed.add(value)
    this.inFlight++
    const answer = this.cluster.propose(leader.id, value).then(({ pos }) => {
      this.inFlight--
      if (pos !== undefined) this.invariants.acknowledged(value, pos)
      return pos
    })
    if (giveUpMs === undefined) return await answer
    // A proposal whose entry a new leader overwrote settles only when that index is applied, maybe never.
    return await Promise.race([answer, delay(giveUpMs, undefined, { ref: false })])
  }
}

async function injectFaults (cluster: ProcessCluster, invariants: Invariants, random: () => number): Promise<void> {
  // Faults for FAULTS_MS, and on until enough commands were acknowledged among them (a loaded machine makes progress slower), within a bound.
  const until = Date.now() + FAULTS_MS
  const atMost = Date.now() + 3 * FAULTS_MS
  while ((Date.now() < until || invariants.acked.size < MIN_ACKED) && Date.now() < atMost && invariants.violations.length === 0) {
    // The moment of the next fault, not a wait for anything.
    await delay(50 + random() * 250)
    const roll = random()
    const pick = random()
    if (!cluster.killable()) continue
    const up = VOTERS.filter(id => cluster.isUp(id))
    if (roll < 0.25 && cluster.leader !== undefined) cluster.kill(cluster.leader.id)
    else if (roll < 0.4) cluster.kill(up[Math.floor(pick * up.length)])
    else cluster.trap ??= TRAPS[Math.floor(pick * TRAPS.length)]
  }
}

function summary (cluster: ProcessCluster, invariants: Invariants, proposer: Proposer): string {
  const { stats } = cluster
  return `seed ${SEED}: ${invariants.acked.size} of ${proposer.proposed.size} commands acknowledged; ` +
    `${stats.kills} kills (${stats.trapped.vote} after a vote, ${stats.trapped.campaign} after campaigning, ${stats.trapped.ack} after an ack, ${stats.trapped.append} after sending new entries), ` +
    `${invariants.leaders.size} terms with a leader, ${stats.snapshotsRestored} snapshot restores`
}

function assertHeld (invariants: Invariants): void {
  assert.ok(invariants.violations.length === 0, `seed ${SEED}:\n${invariants.violations.join('\n')}`)
}

/** Waits for `probe`, but not once an invariant is broken: the breach says more than a timeout would. */
async function waitUnlessBroken<T> (invariants: Invariants, what: string, probe: () => Promise<T | undefined | false> | T | undefined | false): Promise<T> {
  const value = await waitFor(what, async () => invariants.violations.length > 0 || await probe(), { timeoutMs: 20_000 })
  assertHeld(invariants)
  return value as T
}

test(`SIGKILLed members lose no acknowledged command and never vote twice in a term (seed ${SEED})`, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-crash-'))
  const invariants = new Invariants()
  const cluster = new ProcessCluster(dir, VOTERS, invariants, seeded(SEED ^ 0x5eed))
  const proposer = new Proposer(cluster, invariants)
  try {
    for (const id of VOTERS) cluster.start(id)
    await waitFor('a first leader', () => cluster.leader)
    cluster.faults = FAULTS
    cluster.restartWithinMs = RESTART_WITHIN_MS
    proposer.start()
    await injectFaults(cluster, invariants, seeded(SEED))
    proposer.stop()
    assertHeld(invariants)

    cluster.faults = NO_FAULTS
    cluster.trap = undefined
    cluster.restartWithinMs = 0
    for (const id of cluster.down()) cluster.start(id)
    await waitUnlessBroken(invariants, 'every member up', () => cluster.down().length === 0)
    const last = await waitUnlessBroken(invariants, 'a command acknowledged after healing', () => proposer.propose(1_000))
    await waitUnlessBroken(invariants, 'every member to apply the same commands', () => {
      const applied = VOTERS.map(id => cluster.applied(id))
      return applied.every(n => n !== undefined && n >= last && n === applied[0])
    })
    const sequences = new Map<string, string[]>()
    for (const id of VOTERS) sequences.set(id, await cluster.dump(id))
    invariants.final(sequences, proposer.proposed)
    assertHeld(invariants)

    console.log(summary(cluster, invariants, proposer))
    assert.ok(cluster.stats.kills >= FAULTS_MS / 1_000, `only ${cluster.stats.kills} kills`)
    assert.ok(invariants.acked.size >= MIN_ACKED, `only ${invariants.acked.size} commands acknowledged`)
  } catch (err) {
    console.log(`${summary(cluster, invariants, proposer)}; at the end: leader ${cluster.leader?.id}, down [${cluster.down()}], applied [${VOTERS.map(id => cluster.applied(id))}]`)
    // A breach explains a later timeout better than the timeout does.
    assertHeld(invariants)
    throw err
  } finally {
    proposer.stop()
    await cluster.shutdown()
    await rm(dir, { recursive: true, force: true })
  }
})

test.run()
