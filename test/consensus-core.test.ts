import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ConfChangeInProgressError, NotLeaderError, RaftCore, TooLargeError, decodeConfChange, encodeConfChange } from '../src/peer/consensus/core.js'
import type { RaftOptions } from '../src/peer/consensus/core.js'
import { EntryType, MessageType, Role } from '../src/peer/consensus/types.js'
import type { ConfChange, Entry, Message, NodeId, Snapshot } from '../src/peer/consensus/types.js'
import { Net } from './sim/net.js'
import type { NodeParams, SimNode } from './sim/node.js'

const encoder = new TextEncoder()

function entry (index: number, term: number, data = '', type = EntryType.Normal): Entry {
  return { index, term, type, data: encoder.encode(data) }
}

function confEntry (index: number, term: number, cc: ConfChange): Entry {
  return { index, term, type: EntryType.ConfChange, data: encodeConfChange(cc) }
}

/** The entries a bootstrapped group starts with: one addVoter per member at term 1. */
function boot (voters: NodeId[]): Entry[] {
  return voters.map((node, k) => confEntry(k + 1, 1, { type: 'addVoter', node }))
}

function core (id: NodeId, opts: Partial<RaftOptions> = {}): RaftCore {
  return new RaftCore({ id, electionTicks: 10, heartbeatTicks: 2, random: () => 0, ...opts })
}

function msg (m: Partial<Message> & Pick<Message, 'type' | 'from' | 'to' | 'term'>): Message {
  return { logIndex: 0, logTerm: 0, entries: [], commit: 0, reject: false, rejectHint: 0, ...m }
}

/** Takes a Ready as a driver would and returns its messages. */
function sent (c: RaftCore): Message[] {
  const rd = c.ready()
  c.advance(rd)
  return rd.messages
}

/** Three voters a, b and c, with a elected. */
function trio (params?: NodeParams): Net {
  const net = Net.cluster(['a', 'b', 'c'], 1, params)
  net.elect('a')
  return net
}

function status (node: SimNode) {
  const c = node.core
  if (c === undefined) throw new Error(`${node.id} is down`)
  return c.status()
}

function propose (node: SimNode, text: string): number {
  return node.act(c => c.propose(encoder.encode(text))) as number
}

function changeConf (node: SimNode, cc: ConfChange): number {
  return node.act(c => c.proposeConfChange(cc)) as number
}

test('vote rule: up-to-date logs only, one vote per term, and the vote is persisted', () => {
  const c = core('a', { hardState: { term: 2, vote: '', commit: 3 }, entries: [...boot(['a', 'b', 'c', 'd']), entry(5, 2)] })
  sent(c)
  const ask = (from: NodeId, logIndex: number, logTerm: number): Message | undefined => {
    c.step(msg({ type: MessageType.Vote, from, to: 'a', term: 3, logIndex, logTerm }))
    return sent(c).find(m => m.type === MessageType.VoteResponse)
  }
  assert.is(ask('b', 10, 1)?.reject, true, 'longer log with an older last term')
  assert.is(ask('c', 4, 2)?.reject, true, 'same last term, shorter log')
  assert.is(c.status().term, 3, 'a higher term is adopted even when the vote is refused')
  const rd = (() => { c.step(msg({ type: MessageType.Vote, from: 'd', to: 'a', term: 3, logIndex: 5, logTerm: 2 })); return c.ready() })()
  assert.is(rd.messages[0].reject, false)
  assert.equal(rd.hardState, { term: 3, vote: 'd', commit: 3 }, 'the vote is in the hard state sent with the reply')
  c.advance(rd)
  assert.is(ask('b', 9, 2)?.reject, true, 'already voted in this term')
  assert.is(ask('d', 5, 2)?.reject, false, 'the same candidate may ask again')
})

test('restart keeps the vote: a restarted node does not vote twice in a term', () => {
  const c = core('a', { hardState: { term: 3, vote: 'd', commit: 3 }, entries: boot(['a', 'b', 'c', 'd']) })
  c.step(msg({ type: MessageType.Vote, from: 'b', to: 'a', term: 3, logIndex: 9, logTerm: 2 }))
  assert.is(sent(c)[0].reject, true)
})

test('pre-vote: an isolated node does not bump its term and cannot disrupt the leader when it returns', () => {
  const net = trio()
  const term = status(net.node('a')).term
  net.isolate('c')
  net.tick(100)
  assert.is(status(net.node('c')).term, term)
  assert.is(status(net.node('c')).role, Role.PreCandidate)
  net.heal()
  net.tick(30)
  assert.equal(net.leaders().map(n => n.id), ['a'])
  assert.is(status(net.node('a')).term, term)
  assert.is(status(net.node('c')).leader, 'a')
})

test('without pre-vote the same isolation bumps the term and deposes the leader (the contrast)', () => {
  const net = trio({ electionTicks: 10, heartbeatTicks: 2, preVote: false })
  const term = status(net.node('a')).term
  net.isolate('c')
  net.tick(100)
  assert.ok(status(net.node('c')).term > term + 2)
  net.heal()
  net.tick(30)
  assert.ok(status(net.leaders()[0]).term > term)
})

test('leader lease: a follower that hears from its leader ignores a disruptive candidate, unless asked by a transfer', () => {
  const net = trio()
  net.tick(1)
  const term = status(net.node('b')).term
  const vote = msg({ type: MessageType.Vote, from: 'c', to: 'b', term: term + 1, logIndex: 100, logTerm: term })
  net.node('b').deliver(vote)
  assert.is(net.queue.length, 0, 'no reply at all')
  assert.is(status(net.node('b')).term, term)
  net.node('b').deliver(msg({ ...vote, type: MessageType.PreVote }))
  assert.is(net.queue.length, 0)
  net.node('b').deliver({ ...vote, transfer: true })
  assert.is(status(net.node('b')).term, term + 1)
  assert.is(net.queue[0].reject, false)
})

test('check-quorum: a leader cut off from the majority steps down within two election timeouts', () => {
  const net = trio()
  net.isolate('a')
  propose(net.node('a'), 'keeps it busy')
  net.tick(20)
  assert.is(status(net.node('a')).role, Role.Follower)
  assert.ok(net.leaders().every(n => n.id !== 'a'), 'b or c took over')
})

test('without check-quorum the cut-off leader stays leader (the contrast)', () => {
  const net = trio({ electionTicks: 10, heartbeatTicks: 2, checkQuorum: false })
  net.isolate('a')
  net.tick(20)
  assert.is(status(net.node('a')).role, Role.Leader)
})

test('conflicting entries are truncated, and a refusal hints where to resume', () => {
  const c = core('b', { hardState: { term: 2, vote: '', commit: 3 }, entries: [...boot(['a', 'b', 'c']), entry(4, 2), entry(5, 2), entry(6, 2)] })
  sent(c)
  c.step(msg({ type: MessageType.Append, from: 'a', to: 'b', term: 3, logIndex: 4, logTerm: 2, entries: [entry(5, 3, 'x')], commit: 3 }))
  const rd = c.ready()
  assert.equal(rd.entries.map(e => [e.index, e.term]), [[5, 3]], 'persist from the first replaced index')
  assert.is(rd.messages[0].logIndex, 5)
  c.advance(rd)
  assert.is(c.status().lastIndex, 5, 'entry 6 of term 2 is gone')

  c.step(msg({ type: MessageType.Append, from: 'a', to: 'b', term: 3, logIndex: 8, logTerm: 3, commit: 3 }))
  const [refusal] = sent(c)
  assert.is(refusal.reject, true)
  assert.is(refusal.logIndex, 8)
  assert.is(refusal.rejectHint, 5)
  assert.is(refusal.logTerm, 3)
})

test('the leader backs off past a divergent follower and repairs its log', () => {
  const net = trio()
  net.isolate('a')
  for (let i = 0; i < 5; i++) propose(net.node('a'), `lost ${i}`) // term-2 entries only a has
  net.queue = []
  net.tick(25)
  const [leader] = net.leaders()
  assert.ok(leader.id !== 'a')
  propose(leader, 'kept')
  net.heal()
  net.tick(10)
  assert.equal(net.node('a').applied, ['kept'])
  assert.is(status(net.node('a')).lastIndex, status(leader).lastIndex)
})

test('a leader commits entries of earlier terms only by committing one of its own (Raft §5.4.2)', () => {
  const c = core('a', { preVote: false, hardState: { term: 2, vote: '', commit: 3 }, entries: [...boot(['a', 'b', 'c']), entry(4, 2)] })
  c.campaign()
  sent(c)
  c.step(msg({ type: MessageType.VoteResponse, from: 'b', to: 'a', term: 3 }))
  assert.is(c.status().role, Role.Leader)
  sent(c)
  c.step(msg({ type: MessageType.AppendResponse, from: 'b', to: 'a', term: 3, logIndex: 4 }))
  assert.is(c.status().commit, 3, 'entry 4 (term 2) is on a majority but not committed')
  c.step(msg({ type: MessageType.AppendResponse, from: 'b', to: 'a', term: 3, logIndex: 5 }))
  assert.is(c.status().commit, 5, 'the no-op of term 3 commits it')
})

test('Raft Figure 8 replayed: an old-term entry on a majority is not committed, so a later leader may overwrite it', () => {
  const net = Net.cluster(['a', 'b', 'c', 'd', 'e'], 1, { electionTicks: 10, heartbeatTicks: 2, preVote: false, checkQuorum: false, maxEntriesPerAppend: 1 })
  const [a, c, e] = ['a', 'c', 'e'].map(id => net.node(id))
  const involves = (m: Message, ...ids: NodeId[]): boolean => ids.includes(m.from) || ids.includes(m.to)
  net.elect('a') // term 2
  net.tick(2)
  net.drop = m => !(involves(m, 'a') && involves(m, 'b'))
  const x = propose(a, 'x') // only a and b get it
  net.deliver()
  a.crash()
  net.drop = m => involves(m, 'a', 'b') || (m.from === 'e' && m.type === MessageType.Append)
  net.elect('e') // term 3, its no-op stays on e
  assert.is(status(e).role, Role.Leader)
  e.crash()
  a.start()
  // a reaches b, c and d, but c never gets an entry of a's own term, and d no entries at all.
  net.drop = m => involves(m, 'e') ||
    (m.from === 'a' && m.to === 'c' && m.entries.some(en => en.term === 4)) || (m.from === 'a' && m.to === 'd' && m.type === MessageType.Append)
  net.elect('a') // term 3: c and d already voted for e
  net.elect('a') // term 4
  assert.is(status(a).role, Role.Leader)
  assert.is(status(a).term, 4)
  net.tick(2)
  assert.is(c.logTerm(x), 2, 'x is on a, b and c: a majority')
  assert.ok(status(a).commit < x, 'but it is from term 2, so a (term 4) must not count it committed')
  a.crash()
  e.start()
  net.drop = m => involves(m, 'a', 'b')
  net.elect('e') // term 4: c and d voted for a
  net.elect('e') // term 5: e's last term 3 beats c's 2
  assert.is(status(e).role, Role.Leader)
  net.tick(2)
  assert.is(c.logTerm(x), 3, 'x was overwritten, which is safe only because it never committed')
})

test('a membership change takes effect when appended and is undone by truncation', () => {
  const c = core('b', { hardState: { term: 1, vote: '', commit: 3 }, entries: boot(['a', 'b', 'c']) })
  c.step(msg({ type: MessageType.Append, from: 'a', to: 'b', term: 2, logIndex: 3, logTerm: 1, commit: 3, entries: [confEntry(4, 2, { type: 'addVoter', node: 'd' })] }))
  assert.equal(c.status().conf.voters, ['a', 'b', 'c', 'd'])
  assert.is(c.status().commit, 3, 'in effect before it commits')
  c.step(msg({ type: MessageType.Append, from: 'c', to: 'b', term: 3, logIndex: 3, logTerm: 1, commit: 3, entries: [entry(4, 3, 'y')] }))
  assert.equal(c.status().conf.voters, ['a', 'b', 'c'])
})

test('a leader takes one membership change at a time, and none before it commits an entry of its term', () => {
  const net = Net.cluster(['a', 'b', 'c'])
  net.drop = m => m.type === MessageType.AppendResponse
  net.elect('a')
  assert.is(status(net.node('a')).role, Role.Leader)
  assert.throws(() => changeConf(net.node('a'), { type: 'addLearner', node: 'd' }), (e: Error) => e instanceof ConfChangeInProgressError)
  net.heal()
  net.tick(2)
  changeConf(net.node('a'), { type: 'addLearner', node: 'd' })
  assert.throws(() => changeConf(net.node('a'), { type: 'addLearner', node: 'e' }), (e: Error) => e.name === 'ConfChangeInProgressError')
  net.deliver()
  changeConf(net.node('a'), { type: 'addLearner', node: 'e' })
})

test('proposals to a follower throw NotLeaderError naming the leader', () => {
  const net = trio()
  assert.throws(() => propose(net.node('b'), 'x'), (e: Error) => e instanceof NotLeaderError && e.name === 'NotLeaderError' && e.leader === 'a')
})

test('a learner catches up without voting or counting, then is promoted and counts', () => {
  const net = trio()
  const a = net.node('a')
  for (let i = 0; i < 5; i++) propose(a, `v${i}`)
  net.deliver()
  const d = net.add('d')
  changeConf(a, { type: 'addLearner', node: 'd' })
  net.tick(4)
  assert.equal(d.applied, ['v0', 'v1', 'v2', 'v3', 'v4'])
  assert.equal(status(d).conf, { voters: ['a', 'b', 'c'], learners: ['d'] })
  const { progress, lastIndex } = status(a)
  assert.equal(progress?.d, { match: lastIndex, next: lastIndex + 1, incarnation: '' }, 'the leader reports the learner caught up')
  assert.is(status(d).progress, undefined, 'only a leader reports progress')

  net.node('b').crash()
  net.node('c').crash()
  const index = propose(a, 'needs a voter')
  net.deliver()
  assert.ok(status(d).lastIndex >= index, 'the learner has it')
  assert.ok(status(a).commit < index, 'but a learner does not make a majority')
  net.node('b').start()
  net.deliver()
  net.tick(2)
  assert.ok(status(a).commit >= index)

  changeConf(a, { type: 'addVoter', node: 'd' })
  net.tick(2)
  assert.equal(status(d).conf, { voters: ['a', 'b', 'c', 'd'], learners: [] })
  net.node('c').crash()
  const four = propose(a, 'a, b and d of four')
  net.deliver()
  assert.ok(status(a).commit >= four, 'd counts toward the quorum of 3')
})

test('a learner or a node outside the conf never campaigns', () => {
  const net = trio()
  const d = net.add('d')
  changeConf(net.node('a'), { type: 'addLearner', node: 'd' })
  net.tick(2)
  const stranger = net.add('x')
  net.isolate('a')
  net.tick(60)
  assert.is(status(d).role, Role.Follower)
  assert.is(status(stranger).role, Role.Follower)
  assert.is(status(stranger).term, 0)
  assert.ok(net.queue.every(m => m.from !== 'd' && m.from !== 'x'))
})

test('snapshot install: the leader sends its snapshot to a follower whose next entry is compacted', () => {
  const net = trio()
  const a = net.node('a')
  const c = net.node('c')
  c.crash()
  for (let i = 0; i < 20; i++) propose(a, `v${i}`)
  net.tick(2)
  a.compact(5)
  const snapshot = a.storage.snapshot
  assert.ok(snapshot !== undefined && snapshot.index >= 20)
  const snapshots: Message[] = []
  net.drop = m => { if (m.type === MessageType.Snapshot) snapshots.push(m); return false }
  c.start()
  net.tick(6)
  assert.is(snapshots.length, 1)
  assert.equal(c.storage.snapshot, snapshot, 'persisted from Ready.snapshot')
  assert.equal(c.machine, a.machine, 'state machine restored')
  propose(a, 'after')
  net.tick(2)
  assert.equal(c.applied, ['after'])
  assert.equal(status(c).conf.voters, ['a', 'b', 'c'], 'conf from the snapshot')
})

test('snapshot message: Ready carries it, the log is reset to it, commit and applied move to its index', () => {
  const c = core('d')
  const snapshot = { index: 10, term: 2, conf: { voters: ['a', 'b', 'c'], learners: ['d'] }, data: encoder.encode('state') }
  c.step(msg({ type: MessageType.Snapshot, from: 'a', to: 'd', term: 2, snapshot }))
  const rd = c.ready()
  assert.equal(rd.snapshot, snapshot)
  assert.equal(rd.committed, [])
  assert.is(rd.messages[0].logIndex, 10)
  c.advance(rd)
  const s = c.status()
  assert.equal([s.commit, s.applied, s.lastIndex, s.leader], [10, 10, 10, 'a'])
  assert.equal(s.conf, snapshot.conf)
  assert.is(c.hasReady(), false)
})

test('a leader that removes itself steps down once the removal commits, and hands over at once', () => {
  const net = trio()
  const term = status(net.node('a')).term
  changeConf(net.node('a'), { type: 'remove', node: 'a' })
  assert.is(status(net.node('a')).role, Role.Leader, 'still leads until the removal commits')
  net.deliver()
  assert.is(status(net.node('a')).role, Role.Follower)
  const [leader] = net.leaders()
  assert.ok(leader !== undefined && leader.id !== 'a', 'TimeoutNow elected a successor without waiting for a timeout')
  assert.is(status(leader).term, term + 1)
  assert.equal(status(leader).conf.voters, ['b', 'c'])
  net.tick(50)
  assert.is(status(net.node('a')).role, Role.Follower, 'never campaigns again')
  const index = propose(net.leaders()[0], 'two voters')
  net.deliver()
  assert.ok(status(net.node('b')).commit >= index)
})

test('transferLeadership: catches the target up, refuses proposals meanwhile, then sends TimeoutNow', () => {
  const net = trio()
  const a = net.node('a')
  const term = status(a).term
  net.isolate('b')
  propose(a, 'b lacks this')
  net.deliver()
  assert.throws(() => a.act(c => { c.transferLeadership('nobody') }), RangeError)
  a.act(c => { c.transferLeadership('b') })
  assert.throws(() => propose(a, 'x'), (e: Error) => e instanceof NotLeaderError && e.leader === 'b')
  net.heal()
  net.tick(2)
  assert.equal(net.leaders().map(n => n.id), ['b'])
  assert.is(status(net.node('b')).term, term + 1)
  assert.equal(net.node('b').applied, ['b lacks this'])
})

test('a one-voter group bootstraps, commits alone, and after a restart knows its conf from its log', () => {
  const net = new Net()
  const a = net.add('a', { voters: ['a'], learners: [] })
  a.act(c => { c.campaign() })
  assert.is(status(a).role, Role.Leader)
  propose(a, 'solo')
  assert.equal(a.applied, ['solo'])
  a.crash()
  a.start() // no conf given: it is in the stored log
  assert.equal(status(a).conf, { voters: ['a'], learners: [] })
  assert.equal(a.applied, ['solo'], 're-applied from the log')
  net.tick(25)
  assert.is(status(a).role, Role.Leader)
})

test('Ready: nothing is handed out twice, and steps between ready() and advance() are kept for the next one', () => {
  const c = core('a', { conf: { voters: ['a', 'b', 'c'], learners: [] } })
  assert.ok(c.hasReady())
  const rd = c.ready()
  assert.equal(rd.entries.map(e => e.index), [1, 2, 3])
  assert.equal(rd.hardState, { term: 1, vote: '', commit: 3 })
  assert.equal(rd.committed.map(e => e.index), [1, 2, 3])
  c.step(msg({ type: MessageType.Append, from: 'b', to: 'a', term: 2, logIndex: 3, logTerm: 1, commit: 3, entries: [entry(4, 2, 'x')] }))
  c.advance(rd)
  const next = c.ready()
  assert.equal(next.entries.map(e => e.index), [4])
  assert.equal(next.committed, [])
  assert.is(next.messages.length, 1)
  c.advance(next)
  assert.is(c.hasReady(), false)
  assert.equal(c.ready(), { entries: [], messages: [], committed: [], readStates: [] })
})

test('an append carries at most maxBytesPerAppend of entry data, and an entry larger than that goes alone', () => {
  const net = Net.cluster(['a', 'b', 'c'], 1, { electionTicks: 10, heartbeatTicks: 2, maxBytesPerAppend: 1000 })
  net.elect('a')
  net.isolate('b')
  const texts = ['x'.repeat(400), 'y'.repeat(400), 'z'.repeat(400), 'w'.repeat(3000), 'v'.repeat(100), 'u'.repeat(100)]
  for (const text of texts) propose(net.node('a'), text)
  net.deliver()
  const batches: number[][] = []
  net.drop = m => {
    if (m.type === MessageType.Append && m.to === 'b' && m.entries.length > 0) batches.push(m.entries.map(e => e.data.length))
    return false
  }
  net.tick(30)
  assert.ok(batches.length > 0, 'b was caught up')
  for (const batch of batches) {
    const bytes = batch.reduce((sum, n) => sum + n, 0)
    assert.ok(batch.length === 1 || bytes <= 1000, `a batch of ${bytes} bytes in ${batch.length} entries`)
  }
  assert.ok(batches.some(batch => batch.length > 1), 'small entries still travel together')
  assert.equal(net.node('b').applied.slice(-texts.length), texts)
})

test('odd, stale and malformed messages are ignored without throwing', () => {
  const c = core('b', { hardState: { term: 5, vote: '', commit: 3 }, entries: boot(['a', 'b', 'c']) })
  sent(c)
  const before = JSON.stringify(c.status())
  const base = msg({ type: MessageType.Append, from: 'a', to: 'b', term: 5 })
  for (const m of [
    { ...base, to: 'z' },
    { ...base, from: 'b' },
    { ...base, term: -1 },
    { ...base, term: Number.NaN },
    { ...base, logIndex: 2.5 },
    { ...base, logIndex: 3, logTerm: 1, entries: [entry(5, 5)] },
    { ...base, logIndex: 3, logTerm: 1, entries: [entry(4, 6)] },
    { ...base, logIndex: 3, logTerm: 1, entries: [entry(4, 5), entry(5, 4)] },
    { ...base, type: MessageType.Snapshot },
    { ...base, type: 99 as MessageType },
    { ...base, type: MessageType.AppendResponse },
    { ...base, type: MessageType.VoteResponse },
    { ...base, logIndex: 1, logTerm: 9, entries: [entry(2, 5)] }
  ]) c.step(m)
  assert.is(JSON.stringify(c.status()), before)
  assert.is(c.status().lastIndex, 3)
})

test('stale-term append is answered with our term so an old leader steps down', () => {
  const c = core('b', { hardState: { term: 5, vote: '', commit: 3 }, entries: boot(['a', 'b', 'c']) })
  c.step(msg({ type: MessageType.Append, from: 'a', to: 'b', term: 4, logIndex: 3, logTerm: 1 }))
  const [reply] = sent(c)
  assert.is(reply.type, MessageType.AppendResponse)
  assert.is(reply.term, 5)
})

test('ConfChange encoding round-trips and rejects garbage', () => {
  for (const cc of [{ type: 'addVoter', node: 'n1' }, { type: 'addLearner', node: 'x' }, { type: 'remove', node: '12D3Koo' }] as ConfChange[]) {
    assert.equal(decodeConfChange(encodeConfChange(cc)), cc)
  }
  assert.is(new TextDecoder().decode(encodeConfChange({ type: 'remove', node: 'n1' })), '{"type":"remove","node":"n1"}')
  for (const bad of ['', '{}', '{"type":"nuke","node":"a"}', '{"type":"remove","node":""}', '\xff']) {
    assert.throws(() => decodeConfChange(encoder.encode(bad)), TypeError)
  }
})

test('compact drops the log up to an applied index, keeps the conf as of that index, and refuses an unapplied index', () => {
  const net = new Net()
  const a = net.add('a', { voters: ['a'], learners: [] })
  a.act(c => { c.campaign() })
  for (let i = 0; i < 5; i++) propose(a, `v${i}`)
  const c = a.core as RaftCore
  const applied = c.status().applied
  assert.throws(() => c.compact(applied + 1, new Uint8Array()), RangeError)
  const learnerAt = changeConf(a, { type: 'addLearner', node: 'l' })
  assert.throws(() => changeConf(a, { type: 'remove', node: 'a' }), RangeError, 'not the last voter')
  const snapshot = c.compact(applied, encoder.encode('s')) as Snapshot
  assert.equal([snapshot.index, snapshot.conf], [applied, { voters: ['a'], learners: [] }], 'the conf as of the index, not the latest')
  assert.is(c.compact(applied - 1, new Uint8Array()), snapshot, 'an older index returns the snapshot in effect')
  assert.equal(c.compact(learnerAt, new Uint8Array())?.conf, { voters: ['a'], learners: ['l'] })
})

// ---- found in review (issue 9): each reproduced here before its fix ----

test('a leader whose own removal is not yet committed still campaigns, so the group does not freeze (dissertation §4.2.2)', () => {
  const net = Net.cluster(['a', 'b', 'c', 'd'])
  net.elect('c')
  const c = net.node('c')
  net.node('d').crash()
  net.isolate('c')
  changeConf(c, { type: 'remove', node: 'c' })
  net.tick(30)
  assert.is.not(status(c).role, Role.Leader, 'check-quorum deposed the cut-off leader')
  assert.equal(status(c).conf.voters, ['a', 'b', 'd'], 'c alone holds its removal')
  net.heal()
  net.tick(60)
  const [leader] = net.leaders()
  assert.ok(leader !== undefined, 'a, b and c elect a leader while d is down')
  if (leader.id === 'c') net.tick(30)
  const [successor] = net.leaders()
  assert.ok(successor !== undefined && successor.id !== 'c', 'c hands over once its removal commits')
  assert.equal(status(successor).conf.voters, ['a', 'b', 'd'])
  const index = propose(successor, 'after')
  net.tick(2)
  assert.ok(status(net.node('a')).commit >= index && status(net.node('b')).commit >= index)
})

test('compact refuses while a Ready is out or a leader snapshot is not yet applied; applied moves only on advance', () => {
  const c = core('d')
  const snapshot = { index: 10, term: 2, conf: { voters: ['a', 'b', 'c'], learners: ['d'] }, data: encoder.encode('state') }
  c.step(msg({ type: MessageType.Snapshot, from: 'a', to: 'd', term: 2, snapshot }))
  assert.is(c.compact(0, new Uint8Array()), undefined, 'a snapshot stepped but not handed out')
  assert.is(c.status().applied, 0, 'applied waits for the driver to restore the snapshot')
  const rd = c.ready()
  assert.is(c.compact(0, new Uint8Array()), undefined, 'a Ready out, not advanced')
  assert.is(c.status().applied, 0)
  c.advance(rd)
  assert.is(c.status().applied, 10)
  assert.equal(c.compact(10, new Uint8Array()), snapshot, 'now the persisted snapshot is the one in effect')
})

test('a snapshot whose conf does not hold this node is not installed', () => {
  const c = core('z')
  const snapshot = { index: 10, term: 2, conf: { voters: ['a', 'b', 'c'], learners: [] }, data: encoder.encode('state') }
  c.step(msg({ type: MessageType.Snapshot, from: 'a', to: 'z', term: 2, snapshot }))
  const rd = c.ready()
  assert.is(rd.snapshot, undefined)
  c.advance(rd)
  assert.equal([c.status().commit, c.status().lastIndex], [0, 0])
})

test('a removed voter that missed its removal is told so by the leader and goes quiet until a leader contacts it', () => {
  const net = Net.cluster(['a', 'b', 'c', 'd'])
  net.elect('a')
  const d = net.node('d')
  d.crash()
  changeConf(net.node('a'), { type: 'remove', node: 'd' })
  net.tick(4)
  assert.equal(status(net.node('a')).conf.voters, ['a', 'b', 'c'])
  d.start()
  assert.equal(status(d).conf.voters, ['a', 'b', 'c', 'd'], 'd missed its removal')
  net.tick(60)
  assert.is(status(d).removed, true)
  let asked = 0
  net.drop = m => { if (m.from === 'd') asked++; return false }
  net.tick(100)
  assert.is(asked, 0, 'no more pre-votes')
  assert.is(status(net.node('a')).role, Role.Leader)
  changeConf(net.node('a'), { type: 'addLearner', node: 'd' })
  net.tick(4)
  assert.is(status(d).removed, false, 'added again: it listens')
  assert.equal(status(d).conf.learners, ['d'])
})

test('a proposal over the entry limit is refused with TOO_LARGE and nothing is appended', () => {
  const net = Net.cluster(['a', 'b', 'c'], 1, { electionTicks: 10, heartbeatTicks: 2, maxEntryBytes: 100 })
  net.elect('a')
  const a = net.node('a')
  const last = status(a).lastIndex
  assert.throws(() => a.act(c => c.propose(new Uint8Array(101))), (err: Error) => err instanceof TooLargeError && err.code === 'TOO_LARGE')
  assert.is(status(a).lastIndex, last)
  assert.ok(propose(a, 'x'.repeat(100)) > last, 'at the limit is fine')
})

test('a voter back with no state is a new replica: its acks and votes count only once it is promoted again', () => {
  const params = (incarnation: string): NodeParams => ({ electionTicks: 10, heartbeatTicks: 2, incarnation })
  const net = new Net(1)
  const a = net.add('a', { voters: ['a'], learners: [] }, params('a1'))
  a.act(c => { c.campaign() })
  for (const [id, incarnation] of [['b', 'b1'], ['c', 'c1']]) {
    net.add(id, undefined, params(incarnation))
    changeConf(a, { type: 'addLearner', node: id })
    net.tick(4)
    changeConf(a, { type: 'addVoter', node: id })
    net.tick(4)
  }
  assert.equal(status(a).conf.incarnations, { a: 'a1', b: 'b1', c: 'c1' }, 'each voter promoted as the replica the leader saw')

  // A new leader has heard from no follower yet: none of them is a stranger for that.
  const fresh = core('b', { incarnation: 'b1', preVote: false, entries: [...boot(['a']), confEntry(2, 1, { type: 'addVoter', node: 'b', incarnation: 'b1' }), confEntry(3, 1, { type: 'addVoter', node: 'c', incarnation: 'c1' })] })
  fresh.campaign()
  fresh.step(msg({ type: MessageType.VoteResponse, from: 'c', to: 'b', term: 1, incarnation: 'c1' }))
  assert.is(fresh.status().role, Role.Leader)
  assert.equal(fresh.status().strangers, [], 'a and c have not answered yet; they are not strangers')
  propose(a, 'before')
  net.tick(2)

  net.node('c').crash()
  const c2 = net.add('c', undefined, params('c2'))
  net.node('b').crash()
  const index = propose(a, 'needs b or the real c')
  net.tick(4)
  assert.ok(status(c2).term > 0, 'the new c hears from the leader')
  assert.ok(status(a).commit < index, 'but it is not the c that was promoted: no quorum')
  assert.equal(status(a).strangers, ['c'])
  net.tick(60)
  assert.ok(net.leaders().every(n => n.id !== 'c'), 'the new c never campaigns as the old voter')

  net.node('b').start()
  net.tick(30)
  const [leader] = net.leaders()
  assert.ok(leader !== undefined && leader.id !== 'c')
  changeConf(leader, { type: 'remove', node: 'c' })
  net.tick(4)
  changeConf(leader, { type: 'addLearner', node: 'c' })
  net.tick(4)
  changeConf(leader, { type: 'addVoter', node: 'c' })
  net.tick(4)
  assert.is(status(leader).conf.incarnations?.c, 'c2', 'promoted again as its new self')
  assert.equal(status(leader).strangers, [])
  net.node('b').crash()
  const after = propose(net.leaders()[0], 'the new c counts')
  net.tick(4)
  assert.ok(status(net.leaders()[0]).commit >= after)
})

test('a wiped replica under its old id, where incarnations are not bound, votes twice in a term: what the binding prevents', () => {
  const c = core('c', { hardState: { term: 5, vote: 'a', commit: 0 } })
  c.step(msg({ type: MessageType.Vote, from: 'b', to: 'c', term: 5, logIndex: 10, logTerm: 5 }))
  assert.is(sent(c)[0].reject, true, 'with its state, c keeps its vote for a')
  const wiped = core('c')
  wiped.step(msg({ type: MessageType.Vote, from: 'b', to: 'c', term: 5, logIndex: 10, logTerm: 5 }))
  const answer = sent(wiped)[0]
  assert.is(answer.reject, false, 'without it, c grants b the same term')
  assert.is(answer.incarnation, undefined, 'an unbound replica names no incarnation, so a candidate cannot tell')
})

test('quiescence: a stale quiet leader must not tell a current voter it was removed (the voter would never campaign again and the group wedges)', () => {
  const net = Net.cluster(['a', 'b', 'c'])
  net.elect('a')
  quietDown(net, 200)
  const a = net.node('a')
  assert.ok(status(a).quiesced && status(a).role === Role.Leader)

  // a's peer is cut off; the failure detector on b and c calls it dead. a itself
  // is quiet: it does not tick, so check-quorum never deposes it.
  net.isolate('a')
  for (const id of ['b', 'c']) net.node(id).act(c => { c.wake('a') })
  net.tick(40)
  const [leader] = net.leaders().filter(n => n.id !== 'a')
  assert.ok(leader !== undefined, 'b or c leads')
  const other = net.node(leader.id === 'b' ? 'c' : 'b')

  // The new leader replaces `other` by d: add d, promote it, remove `other`.
  const d = net.add('d')
  changeConf(leader, { type: 'addLearner', node: 'd' })
  net.tick(6)
  changeConf(leader, { type: 'addVoter', node: 'd' })
  net.tick(6)
  changeConf(leader, { type: 'remove', node: other.id })
  net.tick(6)
  assert.equal([...status(leader).conf.voters].sort(), ['a', leader.id, 'd'].sort())
  const index = propose(leader, 'x')
  net.tick(4)
  assert.ok(status(d).commit >= index, 'x committed (leader and d)')
  other.crash() // retired by the operator once removed

  // One voter of three fails for good; the partition around a heals.
  const term = status(leader).term
  leader.crash()
  net.heal()
  d.act(c => { c.wake(leader.id) }) // the failure detector's verdict on d
  net.tick(400)

  const [next] = net.leaders()
  assert.ok(next !== undefined && status(next).term > term,
    `a and d, two voters of three, elect a leader (none after 400 ticks; d.removed=${String(status(d).removed)}: ` +
    `a, stale leader of term ${term - 1} whose committed conf is [a,b,c], answered d's pre-vote with Removed)`)
  const after = propose(next, 'y')
  net.tick(4)
  assert.ok(status(a).commit >= after && status(d).commit >= after, 'and commit')
})

// ---- ReadIndex ----

test('ReadIndex: a read is released at the commit index after a quorum echoes a round started after it', () => {
  const net = trio()
  const a = net.node('a')
  const index = propose(a, 'w')
  net.deliver()
  a.act(c => { c.readIndex(1) })
  assert.equal(a.readStates, [], 'not before the round')
  const heartbeats = net.queue.filter(m => m.type === MessageType.Append && m.context !== undefined)
  assert.is(heartbeats.length, 2)
  net.deliver()
  assert.equal(a.readStates, [{ id: 1, index }])
})

test('ReadIndex: reads arriving during a round share the next one', () => {
  const net = trio()
  const a = net.node('a')
  a.act(c => { c.readIndex(1) })
  a.act(c => { c.readIndex(2) })
  a.act(c => { c.readIndex(3) })
  const rounds = new Set(net.queue.filter(m => m.context !== undefined).map(m => m.context))
  assert.is(rounds.size, 1, 'one round out')
  net.deliver()
  assert.equal(a.readStates.map(r => r.id), [1, 2, 3])
  const contexts = new Set<number | undefined>()
  net.drop = m => { if (m.type === MessageType.Append) contexts.add(m.context); return false }
  net.tick(4)
  assert.equal(a.readStates.length, 3)
})

test('ReadIndex: a leader cut off from the quorum never releases a read, and drops it on stepping down', () => {
  const net = trio()
  const a = net.node('a')
  net.isolate('a')
  a.act(c => { c.readIndex(7) })
  net.tick(30)
  assert.is.not(status(a).role, Role.Leader)
  const [b] = net.leaders()
  assert.ok(b !== undefined)
  net.heal()
  net.tick(4)
  assert.equal(a.readStates, [], 'the read was never confirmed')
  assert.throws(() => a.act(c => { c.readIndex(8) }), (err: Error) => err instanceof NotLeaderError)
})

test('ReadIndex: a new leader serves reads only after an entry of its term commits; one voter answers at once', () => {
  const net = trio()
  net.isolate('a')
  net.tick(30)
  const [leader] = net.leaders().filter(n => n.id !== 'a')
  assert.ok(leader !== undefined)
  const cut = (m: Message): boolean => m.from === 'a' || m.to === 'a' || m.type === MessageType.AppendResponse
  net.drop = cut
  const noop = status(leader).lastIndex
  leader.act(c => { c.readIndex(1) })
  net.deliver()
  assert.equal(leader.readStates, [], 'its noop has not committed: the commit index could trail')
  net.drop = m => m.from === 'a' || m.to === 'a'
  net.tick(2)
  assert.equal(leader.readStates.map(r => r.id), [1])
  assert.ok(leader.readStates[0].index >= noop)

  const solo = new Net()
  const s = solo.add('s', { voters: ['s'], learners: [] })
  s.act(c => { c.campaign() })
  s.act(c => { c.readIndex(5) })
  assert.equal(s.readStates, [{ id: 5, index: status(s).commit }])
})

// ---- quiescence ----

/** Ticks until no message is sent for several heartbeat intervals, or gives up. */
function quietDown (net: Net, maxTicks = 100): void {
  let silent = 0
  for (let i = 0; i < maxTicks; i++) {
    for (const node of net.nodes.values()) node.tick()
    silent = net.deliver() === 0 ? silent + 1 : 0
    if (silent > 3 * (net.params.heartbeatTicks ?? 1)) return
  }
  throw new Error('the group never went quiet')
}

test('quiescence: an idle group stops sending, a proposal wakes it, and it goes quiet again', () => {
  const net = trio()
  quietDown(net)
  assert.ok([...net.nodes.values()].every(n => status(n).quiesced), 'leader and followers quiet')
  let sent = 0
  net.drop = () => { sent++; return false }
  net.tick(200)
  assert.is(sent, 0, 'not one message in 200 ticks')
  const term = status(net.node('a')).term
  const index = propose(net.node('a'), 'wake')
  net.tick(3)
  assert.ok(['a', 'b', 'c'].every(id => status(net.node(id)).commit >= index))
  quietDown(net)
  assert.is(status(net.node('a')).term, term, 'no election on the way')
  assert.is(status(net.node('a')).role, Role.Leader)
})

test('quiescence: a read on a quiet group wakes it and is confirmed', () => {
  const net = trio()
  quietDown(net)
  const a = net.node('a')
  a.act(c => { c.readIndex(1) })
  net.tick(2)
  assert.equal(a.readStates.map(r => r.id), [1])
})

test('quiescence: followers of a dead leader stay quiet until the failure detector wakes them, then elect', () => {
  const net = trio()
  quietDown(net)
  const term = status(net.node('a')).term
  net.node('a').crash()
  net.tick(100)
  assert.is(net.leaders().length, 0, 'nobody noticed: no timer runs')
  for (const id of ['b', 'c']) net.node(id).act(c => { c.wake('a') })
  net.tick(30)
  const [leader] = net.leaders()
  assert.ok(leader !== undefined && leader.id !== 'a')
  assert.ok(status(leader).term > term)
})

test('quiescence: a detector that wrongly calls a quiet leader dead (its gossip was late) costs no election: the woken followers wake the leader', () => {
  const net = trio()
  quietDown(net)
  const term = status(net.node('a')).term
  for (const id of ['b', 'c']) net.node(id).act(c => { c.wake('a') })
  net.tick(100)
  assert.equal(net.leaders().map(n => n.id), ['a'])
  assert.is(status(net.node('a')).term, term, 'no election')
  assert.ok(['b', 'c'].every(id => status(net.node(id)).leader === 'a'), 'the followers follow a again')
})

test('quiescence: a follower that missed the quiet heartbeat wakes the leader instead of deposing it', () => {
  const net = trio()
  let dropped = 0
  net.drop = m => m.quiesce === true && m.to === 'c' && dropped++ === 0
  quietDown(net, 200)
  assert.is(dropped, 1)
  const term = status(net.node('a')).term
  net.tick(100)
  quietDown(net)
  assert.is(status(net.node('a')).term, term, 'no election')
  assert.is(status(net.node('a')).role, Role.Leader)
  assert.ok([...net.nodes.values()].every(n => status(n).quiesced), 'c went quiet on a later quiet heartbeat')
})

test('quiescence: quiet followers refuse a disruptive vote request, as their lease holds, and wake their leader', () => {
  const net = trio()
  quietDown(net)
  const b = net.node('b')
  b.act(c => { c.step(msg({ type: MessageType.PreVote, from: 'c', to: 'b', term: status(b).term + 1, logIndex: 100, logTerm: 100 })) })
  const answer = net.queue.find(m => m.from === 'b' && m.type === MessageType.PreVoteResponse)
  assert.is(answer, undefined, 'ignored inside the lease')
  assert.ok(net.queue.some(m => m.from === 'b' && m.to === 'a' && m.type === MessageType.AppendResponse), 'b tells its leader it is awake')
  net.tick(60)
  assert.is(status(net.node('a')).role, Role.Leader)
})

// ---- review 3 ----

/** Term 2: a led and wrote 4..6 alone. Term 3: c led, with b's vote, and wrote 4 to b and c. */
function divergedTrio (): { a: RaftCore, b: RaftCore, c: RaftCore } {
  const a = core('a', { preVote: false, hardState: { term: 2, vote: 'a', commit: 3 }, entries: [...boot(['a', 'b', 'c']), entry(4, 2, 'a4'), entry(5, 2, 'a5'), entry(6, 2, 'a6')] })
  const b = core('b', { preVote: false, hardState: { term: 3, vote: 'c', commit: 4 }, entries: [...boot(['a', 'b', 'c']), entry(4, 3, 'c4')] })
  const c = core('c', { preVote: false, hardState: { term: 3, vote: 'c', commit: 4 }, entries: [...boot(['a', 'b', 'c']), entry(4, 3, 'c4')] })
  for (const n of [a, b, c]) sent(n)
  return { a, b, c }
}

test('review 3, finding 1: a follower woken with wake(deadLeader) while its log still holds an old term\'s tail tells the leader it matches that tail, and the leader commits entries only it holds', () => {
  const { a, b, c } = divergedTrio()
  // Term 4: b is elected with c's vote, then c is cut off from b.
  b.campaign()
  const vote = sent(b).find(m => m.to === 'c' && m.type === MessageType.Vote) as Message
  c.step(vote)
  b.step(sent(c).find(m => m.type === MessageType.VoteResponse) as Message)
  assert.is(b.status().role, Role.Leader)
  b.propose(encoder.encode('x')) // index 6; b's no-op is 5
  const toA = sent(b).filter(m => m.to === 'a') // what went to c is lost
  assert.is(toA.length, 1)
  // a refuses b's probe (its 4 is of term 2, b's of term 3), and so follows b.
  a.step(toA[0])
  const refusal = sent(a)
  assert.ok(refusal.length === 1 && refusal[0].reject, 'a refuses the probe')
  assert.is(a.status().leader, 'b')
  b.step(refusal[0])
  sent(b) // b's next probe, which would repair a, is on its way (and lost when b crashes below)
  assert.is(b.status().commit, 4)
  // The failure detector, on late gossip, calls b dead at a: a forgets b and tells b it is listening.
  a.wake('b')
  const woken = sent(a).filter(m => m.to === 'b')
  for (const m of woken) b.step(m)
  const bCommitted = b.ready().committed.filter(e => e.type === EntryType.Normal).map(e => `${e.index}:${new TextDecoder().decode(e.data)}`)
  // b crashes. a and c elect c (its last term, 3, is ahead of a's), which writes y.
  c.campaign()
  const pump = (): void => {
    for (let round = 0; round < 20; round++) {
      const out = [...sent(a), ...sent(c)].filter(m => m.to !== 'b')
      if (out.length === 0) return
      for (const m of out) (m.to === 'a' ? a : c).step(m)
    }
  }
  pump()
  assert.is(c.status().role, Role.Leader)
  c.propose(encoder.encode('y'))
  pump()
  const committedAt6 = c.status().commit >= 6 ? 'y' : undefined
  // Nobody but b held b's 5 and 6 (a held term-2 entries there; c stopped at 4): b must not have called them committed.
  assert.equal(bCommitted, [], `b applied ${JSON.stringify(bCommitted)} as committed (its progress for a: ${JSON.stringify(b.status().progress?.a)}), and the group then committed ${committedAt6 ?? 'nothing'} at 6: the write x acknowledged to its client is lost`)
})

test('review 3, finding 1b: the same false match wedges the group: with c down, a and b are up and connected, and b never commits again', () => {
  const { a, b, c } = divergedTrio()
  b.campaign()
  c.step(sent(b).find(m => m.to === 'c' && m.type === MessageType.Vote) as Message)
  b.step(sent(c).find(m => m.type === MessageType.VoteResponse) as Message)
  b.propose(encoder.encode('x'))
  a.step(sent(b).filter(m => m.to === 'a')[0]) // refused: a follows b, its tail still term 2
  b.step(sent(a)[0])
  sent(b) // the repairing probe is lost
  a.wake('b') // a false alarm of the failure detector
  for (const m of sent(a).filter(m => m.to === 'b')) b.step(m)
  // c goes down for good. a and b are up and connected: a quorum. b takes a write and both run for 100 election timeouts.
  const at = b.propose(encoder.encode('z'))
  for (let t = 0; t < 1000; t++) {
    a.tick()
    b.tick()
    for (let round = 0; round < 5; round++) {
      const out = [...sent(a), ...sent(b)].filter(m => m.to !== 'c')
      if (out.length === 0) break
      for (const m of out) (m.to === 'a' ? a : b).step(m)
    }
  }
  assert.ok(b.status().commit >= at || a.status().role === Role.Leader,
    `no progress: b leads term ${b.status().term} with commit ${b.status().commit} < ${at}, a follows ${a.status().leader} at commit ${a.status().commit}; b's progress for a: ${JSON.stringify(b.status().progress?.a)}`)
})

test('perf review, finding 1: a learner whose first probe is lost still catches up in an idle group (an ack must not need news to resend the probe)', () => {
  const net = trio()
  const a = net.node('a')
  for (let i = 0; i < 3; i++) propose(a, `v${i}`)
  net.deliver()
  const d = net.add('d')
  // The first message to a new member is lost, as one may be (its connection not up yet).
  let lost = 0
  net.drop = m => m.to === 'd' && m.type === MessageType.Append && lost++ === 0
  changeConf(a, { type: 'addLearner', node: 'd' })
  net.deliver()
  net.heal()
  assert.is(lost, 1, 'the probe to d was lost (the only append to d meanwhile)')
  // No proposal comes: heartbeats go on (the leader cannot go quiet with d behind), d answers each.
  net.tick(100)
  const { progress, lastIndex } = status(a)
  assert.is(progress?.d.match, lastIndex, `d never caught up: the leader has it at ${JSON.stringify(progress?.d)}, d's log ends at ${status(d).lastIndex}`)
  assert.equal(d.applied, ['v0', 'v1', 'v2'])
})

test.run()
