// Seeded chaos simulations of Raft groups on shared peers (see test/sim/cluster.ts).
// SHOAL_SIM_SEEDS=N runs seeds 1 to N (default 2000, about 12 s of CPU): two
// in three run one group through 300 ticks of chaos on a network that sends
// each message alone, as the simulation always did; every third runs 3 to 8
// groups on 5 to 7 peers through 150, over the transport's per-peer batches
// (test/sim/options.ts). Every run has quiescence on and the failure
// detector's wakes; every group keeps its own safety checks and must recover
// after healing. SHOAL_SIM_SEED=S replays one. Each seed also draws its
// variations (long delays, one-way links, clocks and stalls, disk loss, a
// leader removing itself, liveness with a minority kept down and then without
// the peer leading the most quiet groups); a failure names them.
// SHOAL_SIM_ONLY=V (or none) runs every seed with variation V alone instead.
// To see many seeds' failures grouped by cause: node dist/test/sim/sweep.js 1 20000.
//
// Each check catches a bug planted in the core, in both kinds of seed (the
// first failing single-group and many-group seeds, as measured): a node
// voting again in a term while it has no leader (one vote per term: 1 and 3),
// a candidate winning one vote short of a quorum (election safety: 2 and 3),
// a follower checking only that it has the previous index (log matching: 2
// and 30), voters ignoring whether a candidate's log is up to date (leader
// completeness: 1 and 3), a follower committing past what the append matched
// (state machine safety: 1 and 72), wake() doing nothing (liveness: 28% and
// 46% of the seeds fail). A leader committing an old term's entry by counting
// replicas fails single-group seeds only (options.ts).
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { NotLeaderError } from '../src/peer/consensus/core.js'
import { EntryType, MessageType, Role } from '../src/peer/consensus/types.js'
import type { ConfChange, Entry, Message, NodeId } from '../src/peer/consensus/types.js'
import { Checker, InvariantViolation } from './sim/checker.js'
import { SimCluster, VARIATIONS, emptyReport } from './sim/cluster.js'
import type { SimReport, Variations } from './sim/cluster.js'
import { Net } from './sim/net.js'
import type { NodeParams, SimNode } from './sim/node.js'
import { forcedVariations, options } from './sim/options.js'

const SEEDS = Number(process.env.SHOAL_SIM_SEEDS ?? 2000)
const seeds = process.env.SHOAL_SIM_SEED !== undefined
  ? [Number(process.env.SHOAL_SIM_SEED)]
  : Array.from({ length: SEEDS }, (_, k) => k + 1)
const forced = forcedVariations(process.env.SHOAL_SIM_ONLY)

const totals: SimReport = emptyReport()
let worstRecovery = 0
/** Seeds that ran more than one group, and their totals. */
let multiGroup = 0
const multiTotals: SimReport = emptyReport()
/** Seeds that ran with each variation (whether or not they passed). */
const withVariation = Object.fromEntries(VARIATIONS.map(v => [v, 0])) as Record<keyof Variations, number>

for (const seed of seeds) {
  test(`seed ${seed}`, () => {
    const cluster = new SimCluster({ ...options(seed), variations: forced })
    for (const v of VARIATIONS) if (cluster.variations[v]) withVariation[v]++
    if (cluster.groups.length > 1) multiGroup++
    const report = cluster.run()
    for (const key of Object.keys(totals) as Array<keyof SimReport>) totals[key] += report[key]
    if (cluster.groups.length > 1) for (const key of Object.keys(totals) as Array<keyof SimReport>) multiTotals[key] += report[key]
    worstRecovery = Math.max(worstRecovery, report.recovery)
  })
}

test('the chaos really happened', () => {
  const percent = (n: number, of: number): string => `${(100 * n / Math.max(1, of)).toFixed(1)}%`
  console.log(`\n  ${seeds.length} seeds, ${multiGroup} with many groups: ${JSON.stringify({ ...totals, recovery: undefined, worstRecovery })}`)
  const quiet = (r: SimReport): string => `quiet ${percent(r.quietGroupTicks, r.groupTicks)} of group ticks in the chaos, ${r.quiescences} times; woken by the failure detector ${r.wakes} replicas (${r.quietWakes} quiet), by a peer's return ${r.returnWakes} quiet leaders; ${r.quietLeadersKilled} peers killed at the end leading ${r.quietGroupsOrphaned} quiet groups`
  console.log(`  all seeds: ${quiet(totals)}`)
  console.log(`  many-group seeds: ${quiet(multiTotals)}; ${multiTotals.groups} groups; batches carrying several groups: ${percent(multiTotals.coalesced, multiTotals.batches)}`)
  console.log(`  seeds with each variation: ${JSON.stringify(withVariation)}`)
  if (seeds.length < 50) return
  assert.ok(multiGroup >= seeds.length / 4, `seeds with many groups: ${multiGroup}`)
  /** What each variation's events need: with SHOAL_SIM_ONLY, the others happen in no seed. */
  const needs: Partial<Record<keyof SimReport, keyof Variations>> = {
    longDelays: 'longDelays', oneWayCuts: 'oneWay', skewedClocks: 'clocks', stalls: 'clocks', diskLosses: 'diskLoss', replacements: 'diskLoss', leaderRemovals: 'removeLeader', leaderRemovalsCut: 'removeLeader', keptDown: 'keepDown'
  }
  const drawn = (key: keyof SimReport): boolean => needs[key] === undefined || withVariation[needs[key]] > 0
  for (const key of ['elections', 'committed', 'snapshotsSent', 'confChanges', 'crashes', 'partitions', 'longDelays', 'quiescences', 'deadVerdicts', 'wakes', 'coalesced'] as const) {
    if (drawn(key)) assert.ok(totals[key] > seeds.length, `${key}: ${totals[key]}`)
  }
  // Groups really go quiet in the chaos (about one group tick in ten), and the failure detector and peers' returns really wake them.
  const m = multiTotals
  assert.ok(m.quietGroupTicks > m.groupTicks / 20, `quiet group ticks in many-group seeds' chaos: ${m.quietGroupTicks} of ${m.groupTicks}`)
  assert.ok(m.coalesced > m.batches / 20, `batches carrying several groups: ${m.coalesced} of ${m.batches}`)
  for (const key of ['quietWakes', 'returnWakes'] as const) assert.ok(m[key] > multiGroup / 2, `${key} in many-group seeds: ${m[key]}`)
  // Most seeds that keep peers down end with a peer leading quiet groups dead for good (the others had no group quiet).
  if (withVariation.keepDown > 0) assert.ok(totals.quietLeadersKilled > withVariation.keepDown / 2, `peers leading quiet groups killed at the end: ${totals.quietLeadersKilled} in ${withVariation.keepDown} seeds`)
  // Rarer events: at least one in every 40 seeds (each happens in at least twice that many).
  for (const key of ['oneWayCuts', 'skewedClocks', 'stalls', 'diskLosses', 'replacements', 'leaderRemovals', 'leaderRemovalsCut', 'keptDown'] as const) {
    if (drawn(key)) assert.ok(totals[key] > seeds.length / 40, `${key}: ${totals[key]}`)
  }
})

const encoder = new TextEncoder()
const entry = (index: number, term: number, data: string): Entry => ({ index, term, type: EntryType.Normal, data: encoder.encode(data) })
const violates = (fn: (c: Checker) => void, what: RegExp): void => {
  const checker = new Checker()
  checker.where = 'broken history'
  assert.throws(() => { fn(checker) }, (err: Error) => err instanceof InvariantViolation && what.test(err.message) && err.message.startsWith('broken history'))
}

test('the checker reports two leaders in one term', () => {
  violates(c => {
    c.role('a', true, 3, () => undefined)
    c.role('b', true, 3, () => undefined)
  }, /election safety/)
})

test('the checker reports logs that agree on an entry but not before it', () => {
  violates(c => {
    c.persisted('a', [entry(1, 1, 'x'), entry(2, 2, 'y')], 0)
    c.persisted('b', [entry(1, 1, 'z'), entry(2, 2, 'y')], 0)
  }, /log matching/)
  violates(c => {
    c.persisted('a', [entry(2, 2, 'y')], 1)
    c.persisted('b', [entry(2, 2, 'y')], 2)
  }, /log matching/)
})

test('the checker reports divergent applied sequences and gaps', () => {
  violates(c => {
    c.start('a', 0, 0)
    c.start('b', 0, 0)
    c.apply('a', entry(1, 1, 'x'), 1)
    c.apply('b', entry(1, 1, 'y'), 1)
  }, /state machine safety/)
  violates(c => {
    c.start('a', 0, 0)
    c.apply('a', entry(2, 1, 'x'), 1)
  }, /state machine safety/)
  violates(c => {
    c.start('a', 0, 0)
    c.apply('a', entry(1, 1, 'x'), 1)
    c.start('b', 1, 12345)
  }, /state machine safety/)
})

test('the checker reports a later leader missing a committed entry', () => {
  violates(c => {
    c.start('a', 0, 0)
    c.apply('a', entry(1, 1, 'x'), 1)
    c.role('b', true, 2, index => index === 1 ? 2 : undefined)
  }, /leader completeness/)
  violates(c => {
    c.role('b', true, 2, () => undefined)
    c.start('a', 0, 0)
    c.apply('a', entry(1, 1, 'x'), 1)
  }, /leader completeness/)
})

test('the checker reports a node voting for two candidates in one term', () => {
  violates(c => {
    c.voted('a', 2, 'b')
    c.voted('a', 3, 'c')
    c.voted('a', 2, 'c')
  }, /one vote per term: a voted for b and then for c in term 2/)
})

test('the checker accepts a consistent history', () => {
  const c = new Checker()
  c.role('a', true, 1, i => i === 1 ? 1 : undefined)
  c.persisted('a', [entry(1, 1, 'x')], 0)
  c.persisted('b', [entry(1, 1, 'x')], 0)
  for (const id of ['a', 'b']) {
    c.start(id, 0, 0)
    c.apply(id, entry(1, 1, 'x'), 1)
  }
  c.role('b', true, 2, i => i === 1 ? 1 : undefined)
  c.role('a', false, 2, () => undefined)
  for (const [term, vote] of [[2, ''], [2, 'b'], [2, 'b'], [3, ''], [3, 'a']] as const) c.voted('a', term, vote)
})

// ---- focused scenarios on the hand-driven network ----

const live = (node: SimNode): NonNullable<SimNode['core']> => {
  if (node.core === undefined) throw new Error(`${node.id} is down`)
  return node.core
}
const involves = (m: Message, id: NodeId): boolean => m.from === id || m.to === id

test('why a lost disk means a new id: back under its old id, a node votes twice in a term, and the checker says so', () => {
  const net = Net.cluster(['a', 'b', 'c'], 1, { electionTicks: 10, heartbeatTicks: 2, preVote: false })
  const [a, b] = ['a', 'b'].map(id => net.node(id))
  // b wins term 2 with a's vote; c hears none of it.
  net.drop = m => involves(m, 'c')
  net.elect('b')
  assert.is(live(b).status().role, Role.Leader)
  assert.equal(a.storage.hardState, { term: 2, vote: 'b', commit: a.storage.hardState?.commit ?? -1 })
  // a loses its disk and comes back as 'a', empty, as if new: it has forgotten its vote.
  a.loseDisk()
  a.start()
  assert.is(live(a).status().term, 1)
  // c campaigns for term 2 as well and asks a, which grants it: c would lead term 2 beside b.
  net.drop = m => involves(m, 'b')
  assert.throws(() => { net.elect('c') }, (err: Error) => err instanceof InvariantViolation && /one vote per term: a voted for b and then for c in term 2/.test(err.message))
})

// Core bugs the seeded run found, each reproduced on the hand-driven net as a regression test.

test('finding 1: a leader that appended its own removal, then lost leadership, must not block the group', () => {
  const net = Net.cluster(['a', 'b', 'c', 'd'], 1)
  net.elect('c')
  net.tick(3)
  const c = net.node('c')
  net.node('d').crash()
  // c appends "remove c" and is cut off before anyone else has it; check-quorum then deposes it.
  net.isolate('c')
  live(c).proposeConfChange({ type: 'remove', node: 'c' } satisfies ConfChange)
  net.tick(30)
  assert.is.not(live(c).status().role, Role.Leader)
  // All but d are back: {a,b,c} is a quorum of {a,b,c,d} and {a,b} one of c's newest conf {a,b,d}.
  // But c's log is the longest, so it refuses a and b, and it never campaigns: it is not in its own newest conf.
  net.heal()
  net.tick(300)
  assert.equal(net.leaders().map(n => n.id).length, 1, `no leader: ${['a', 'b', 'c'].map(id => `${id} ${live(net.node(id)).status().role} last ${live(net.node(id)).status().lastIndex}`).join(', ')}`)
})

test('finding 2: compact() must not hand out a leader\'s snapshot the driver has not stored (one stepped in while a Ready was outstanding)', () => {
  const net = Net.cluster(['a', 'b', 'c'], 1)
  net.elect('a')
  const [a, c] = ['a', 'c'].map(id => net.node(id))
  for (let i = 0; i < 3; i++) a.act(core => core.propose(encoder.encode(`x${i}`)))
  net.tick(3)
  assert.ok(c.machine.index >= 5, 'c applied the first proposals')
  // c falls behind a compaction on a.
  net.drop = m => involves(m, 'c')
  for (let i = 0; i < 10; i++) a.act(core => core.propose(encoder.encode(`y${i}`)))
  net.tick(3)
  a.compact(1)
  // Back: hold the first snapshot a sends c, and then a heartbeat.
  let snapshot: Message | undefined
  let heartbeat: Message | undefined
  net.drop = m => {
    if (m.to !== 'c') return false
    if (m.type === MessageType.Snapshot && snapshot === undefined) return (snapshot = m) !== undefined
    if (m.type === MessageType.Append && snapshot !== undefined && heartbeat === undefined) return (heartbeat = m) !== undefined
    return snapshot !== undefined
  }
  for (let i = 0; i < 50 && heartbeat === undefined; i++) net.tick()
  assert.ok(snapshot !== undefined && heartbeat !== undefined)
  // c answers the heartbeat; its Ready stays outstanding (persisted, not yet sent or advanced) while the snapshot arrives.
  c.lagReady = 1
  c.deliver(heartbeat)
  c.deliver(snapshot)
  // The driver snapshots what it applied; compact() gives it a's snapshot, which it has not even received in a Ready.
  c.compact(1)
})

test('finding 4: a learner with the newest log, a voter only in another node\'s uncommitted conf, must not block the group', () => {
  const net = Net.cluster(['a', 'b', 'c'], 1)
  net.elect('a')
  const [a, b, c] = ['a', 'b', 'c'].map(id => net.node(id))
  const d = net.add('d')
  live(a).proposeConfChange({ type: 'addLearner', node: 'd' })
  net.tick(5)
  // b takes over (term 3), commits its no-op, then, cut off, appends "addVoter d": its conf is {a,b,c,d}, nobody else's.
  live(a).transferLeadership('b')
  net.deliver()
  net.tick(3)
  assert.is(live(b).status().role, Role.Leader)
  net.isolate('b')
  live(b).proposeConfChange({ type: 'addVoter', node: 'd' })
  // The group had gone quiet; the failure detector wakes the others with b's peer dead to them.
  for (const n of [a, c, d]) live(n).wake('b')
  // a wins term 4 with c's vote; its no-op reaches the learner d only. Then a's disk is lost: it never comes back.
  const campaign = (m: Message): boolean => m.type === MessageType.PreVote || m.type === MessageType.Vote
  net.drop = m => involves(m, 'b') || (campaign(m) && (m.from === 'c' || m.from === 'd')) ||
    (m.from === 'a' && m.to === 'c' && m.type === MessageType.Append)
  for (let i = 0; i < 100 && !a.isLeader; i++) net.tick()
  assert.ok(a.isLeader, [a, b, c, d].map(n => `${n.id} ${live(n).status().role} t${live(n).status().term} last ${n.lastEntry().join('@')}`).join('; '))
  assert.ok(d.lastEntry()[0] > b.lastEntry()[0], 'd has a newer last term than b')
  a.loseDisk()
  // b, c and d are up: a quorum of every conf in play ({a,b,c} and b's {a,b,c,d}). But b needs d's vote, and d's
  // log is newer; c needs b's, and b's log is longer than c's; d, a learner in its own conf, never campaigns.
  net.heal()
  net.tick(300)
  assert.equal(net.leaders().length, 1, `no leader: ${[b, c, d].map(n => `${n.id} ${live(n).status().role} voters ${live(n).status().conf.voters.join(',')} last ${n.lastEntry().join('@')}`).join('; ')}`)
})

test('finding 3: without pre-vote, a behind node with a fast clock must not keep the up-to-date one from ever campaigning', () => {
  const net = Net.cluster(['a', 'b', 'c'], 1, { electionTicks: 10, heartbeatTicks: 2, preVote: false })
  net.elect('a')
  const [a, b, c] = ['a', 'b', 'c'].map(id => net.node(id))
  // c misses the last entries; then the leader dies.
  net.drop = m => involves(m, 'c')
  a.act(core => core.propose(encoder.encode('c lacks this')))
  net.tick(3)
  a.crash()
  net.heal()
  // c's clock runs twice as fast as b's. c campaigns first every time and b refuses it (b's log is newer);
  // each Vote at a higher term makes b a follower of that term, which restarts b's election timer.
  for (let i = 0; i < 500 && net.leaders().length === 0; i++) {
    c.tick()
    c.tick()
    b.tick()
    net.deliver()
  }
  assert.equal(net.leaders().map(n => n.id), ['b'], `b ${live(b).status().role} term ${live(b).status().term}, c ${live(c).status().role} term ${live(c).status().term}`)
})

const statusOf = (node: SimNode): ReturnType<NonNullable<SimNode['core']>['status']> => live(node).status()
const propose = (node: SimNode, text: string): number => node.act(c => c.propose(encoder.encode(text))) as number
const changeConf = (node: SimNode, cc: ConfChange): number => node.act(c => c.proposeConfChange(cc)) as number

const withIncarnation = (incarnation: string): NodeParams => ({ electionTicks: 10, heartbeatTicks: 2, incarnation })

/** a leads alone with learner b caught up; then b's peer loses its disk and comes back under the same id: a new replica, empty. */
function learnerBackEmpty (): { net: Net, a: SimNode, b2: SimNode } {
  const net = new Net(1)
  const a = net.add('a', { voters: ['a'], learners: [] }, withIncarnation('a1'))
  a.act(c => { c.campaign() })
  net.add('b', undefined, withIncarnation('b1'))
  changeConf(a, { type: 'addLearner', node: 'b' })
  net.tick(4)
  propose(a, 'x')
  net.tick(4)
  assert.is(statusOf(net.node('b')).lastIndex, statusOf(a).lastIndex, 'the learner caught up')
  net.node('b').crash()
  const b2 = net.add('b', undefined, withIncarnation('b2'))
  a.act(c => { c.wake() }) // host.peerReturned('b'): a quiet leader wakes when a member comes back
  return { net, a, b2 }
}

test('review 2, finding 1: a learner back with no state (a new incarnation) is caught up again by the leader, which drops the old replica\'s match', () => {
  const { net, a, b2 } = learnerBackEmpty()
  net.tick(40)
  const leader = statusOf(a)
  assert.is(leader.role, 'leader')
  // The council's caughtUp() (council.ts) reads exactly this to decide a promotion.
  assert.ok((leader.progress?.b.match ?? 0) >= leader.commit, 'the leader believes b caught up')
  assert.is(leader.progress?.b.incarnation, 'b2', 'although b answers as a new replica')
  assert.is(statusOf(b2).lastIndex, leader.lastIndex, `the new b is sent the log (it has ${statusOf(b2).lastIndex} of ${leader.lastIndex} entries)`)
})

test('review 2, finding 1: promoted to voter as the council would, a learner that lost its state does not wedge a two-voter group', () => {
  const { net, a } = learnerBackEmpty()
  net.tick(10)
  const before = statusOf(a)
  assert.ok((before.progress?.b.match ?? 0) >= before.commit, 'caught up, as council.ts sees it')
  changeConf(a, { type: 'addVoter', node: 'b' }) // nextConfChange's promotion
  net.tick(10)
  const index = propose(a, 'y')
  net.tick(200)
  const after = statusOf(a)
  assert.is(after.role, 'leader', 'check-quorum keeps a leading: b answers every heartbeat')
  assert.ok(after.commit >= index, `y commits with both voters up and connected (commit ${after.commit}, y at ${index})`)
})

// Seed 1039 with SHOAL_SIM_ONLY=clocks (no pre-vote, no check-quorum): 43 terms after healing, none of them a voter's.
test('finding 5: a learner that wins an election must hand over to a voter even when a write came in after its no-op', () => {
  const net = Net.cluster(['a'], 1, { electionTicks: 10, heartbeatTicks: 2, preVote: false, checkQuorum: false })
  net.elect('a')
  const [a, b] = [net.node('a'), net.add('b')]
  live(a).proposeConfChange({ type: 'addLearner', node: 'b' })
  net.tick(5)
  // a restarts with no leader (the failure detector woke the quiet b, forgetting a); a's clock runs at half
  // speed, so b, a learner, campaigns first.
  a.crash()
  live(b).wake('a')
  a.start()
  // b wins with a's vote, appends its no-op, and a client writes to it before the no-op commits. Once the no-op
  // commits, b steps down without TimeoutNow, as a lacks the write; b's timer then runs out before a's again.
  let writtenIn = 0
  let learnerTerms = 0
  for (let round = 0; round < 300 && !a.isLeader; round++) {
    b.tick()
    if (round % 2 === 0) a.tick()
    for (let m = net.queue.shift(); m !== undefined; m = net.queue.shift()) {
      net.node(m.to).deliver(m)
      const term = live(b).status().term
      if (b.isLeader && writtenIn !== term) {
        writtenIn = term
        learnerTerms++
        try {
          b.act(core => core.propose(encoder.encode(`w${term}`)))
        } catch (err) {
          if (!(err instanceof NotLeaderError)) throw err // a leader may refuse writes while it hands over
        }
      }
    }
  }
  assert.ok(a.isLeader, `after 300 rounds the voter a has not led once: the learner b won ${learnerTerms} terms, each time stepping down as its no-op committed, without handing over`)
})

test.run()
