// Replicated state of named parts with client sessions: a retried write
// applies once (also out of order, also after a snapshot), sessions and
// replies are forgotten deterministically, a write of a forgotten session is
// refused rather than applied again, and the master's state still reads
// entries and snapshots written before it had parts.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DEFAULT_SESSION_LIMITS, encodeCommand, encodeRegistration, ReplicatedState, type SessionLimits, type StatePart } from '../src/peer/consensus/replicated-state.js'
import { encodeMasterCommand, MasterState } from '../src/roles/master/state.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** A counter part: `add` returns the new total; a negative amount is refused. */
class Counter implements StatePart {
  total = 0
  applied = 0
  apply (command: unknown): unknown {
    const amount = (command as { add: number }).add
    if (amount < 0) throw new RangeError('no negative amounts')
    this.applied++
    this.total += amount
    return this.total
  }

  snapshot (): Uint8Array { return encoder.encode(JSON.stringify([this.total, this.applied])) }
  restore (data: Uint8Array): void { [this.total, this.applied] = JSON.parse(decoder.decode(data)) as [number, number] }
}

const LIMITS: SessionLimits = { idleEntries: 100, maxSessions: 3, maxReplies: 4 }

function counters (limits = LIMITS): { state: ReplicatedState, a: Counter, b: Counter } {
  const a = new Counter()
  const b = new Counter()
  return { state: new ReplicatedState({ a, b }, limits), a, b }
}

/** The master's snapshot before its state had parts: a 4-byte length, the metadata as a JSON array, then the namespace. */
function snapshotBeforeParts (metadata: Uint8Array, namespace: Uint8Array): Uint8Array {
  const old = new Uint8Array(4 + metadata.length + namespace.length)
  new DataView(old.buffer).setUint32(0, metadata.length)
  old.set(metadata, 4)
  old.set(namespace, 4 + metadata.length)
  return old
}

let index = 0
const add = (state: ReplicatedState, part: string, amount: number, session?: { client: string, seq: number, firstUnanswered?: number }): unknown =>
  state.apply(encodeCommand(part, { add: amount }, session === undefined ? undefined : { firstUnanswered: 0, ...session }), ++index)
/** Opens a session through the log, as a client does before its first write; returns its client id. */
const register = (state: { apply: (data: Uint8Array, index: number) => unknown }): string => state.apply(encodeRegistration(), ++index) as string
const expired = (err: Error): boolean => err.name === 'SessionError' && (err as Error & { code: string }).code === 'SESSION_EXPIRED'

test('commands go to their part; a retried write returns its first answer and applies once', () => {
  const { state, a, b } = counters()
  assert.is(add(state, 'a', 5), 5)
  assert.is(add(state, 'b', 1), 1)
  const c1 = register(state)
  assert.is(add(state, 'a', 2, { client: c1, seq: 0 }), 7)
  assert.is(add(state, 'a', 2, { client: c1, seq: 0 }), 7, 'the retry answers as the first did')
  assert.is(a.applied, 2)
  assert.is(b.total, 1)
  assert.throws(() => state.apply(encodeCommand('nope', {}), ++index), /not a command/)
  assert.throws(() => state.apply(encoder.encode('{"part":"a"'), ++index))
  assert.throws(() => add(state, 'a', 1, { client: '', seq: 1 }), /session/)
  assert.throws(() => add(state, 'a', 1, { client: c1, seq: 1, firstUnanswered: 2 }), /session/)
  assert.throws(() => add(state, 'a', 1, { client: 'r999999', seq: 0 }), expired, 'a registered id the state does not hold')
  assert.is(a.applied, 2)
})

test('concurrent writes of one client may arrive out of order; each applies once; answered ones below the floor are stale', () => {
  const { state, a } = counters()
  const c = register(state)
  assert.is(add(state, 'a', 10, { client: c, seq: 1 }), 10)
  assert.is(add(state, 'a', 1, { client: c, seq: 0 }), 11, 'an earlier number arriving later still applies')
  assert.is(add(state, 'a', 1, { client: c, seq: 0 }), 11)
  assert.is(add(state, 'a', 100, { client: c, seq: 2, firstUnanswered: 2 }), 111, 'the client has answers to 0 and 1')
  assert.throws(() => add(state, 'a', 1, { client: c, seq: 0 }), (err: Error) => err.name === 'SessionError')
  assert.is(a.applied, 3)
})

test('a refused write is not remembered: its retry applies', () => {
  const { state, a } = counters()
  const c = register(state)
  assert.throws(() => add(state, 'a', -1, { client: c, seq: 0 }), RangeError)
  assert.throws(() => add(state, 'a', -1, { client: c, seq: 0 }), RangeError, 'refused again, not a cached answer')
  assert.is(a.applied, 0)
})

test('sessions are forgotten by log position and by count, the same way on every replica; a write of a forgotten session is refused, not applied again', () => {
  const { state, a } = counters()
  const idle = register(state)
  add(state, 'a', 1, { client: idle, seq: 0 })
  for (let i = 0; i < 100; i++) add(state, 'b', 1)
  assert.throws(() => add(state, 'a', 1, { client: idle, seq: 0 }), expired, 'idle past the limit: forgotten, so its retry is refused')
  const old = register(state)
  add(state, 'a', 1, { client: old, seq: 0 })
  for (let k = 0; k < 3; k++) add(state, 'a', 1, { client: register(state), seq: 0 })
  assert.throws(() => add(state, 'a', 1, { client: old, seq: 0 }), expired, 'the least recently used of four sessions was dropped: refused, not applied again')
  assert.is(a.applied, 5)
  const { state: replies } = counters()
  const c = register(replies)
  for (let seq = 0; seq < 6; seq++) add(replies, 'a', 1, { client: c, seq })
  assert.throws(() => add(replies, 'a', 1, { client: c, seq: 0 }), /answered long ago/, 'beyond the replies a session keeps')
})

test('review 2, finding 2: the master refuses the retried append of a session evicted meanwhile, rather than append the record twice', () => {
  // The master's state with its production limits.
  const state = new MasterState()
  state.apply(encodeMasterCommand({ op: 'commit', path: '/log', chunks: [], chunkSize: 8, replicas: 1, force: false, mtime: 1 }), ++index)
  const writer = register(state)
  const append = encodeMasterCommand({ op: 'append', path: '/log', chunks: [{ cid: 'record-1', size: 8 }], mtime: 2 }, { client: writer, seq: 0, firstUnanswered: 0 })
  state.apply(append, ++index) // committed and applied; the reply is lost with the master that served it
  // Meanwhile as many other clients as the master keeps sessions for write once each.
  for (let k = 0; k < DEFAULT_SESSION_LIMITS.maxSessions; k++) {
    state.apply(encodeMasterCommand({ op: 'mkdir', path: `/d${k}`, parents: false }, { client: register(state), seq: 0, firstUnanswered: 0 }), ++index)
  }
  assert.throws(() => state.apply(append, ++index), expired, 'the retry through the new master is refused')
  const file = state.namespace.stat('/log')
  assert.ok(file?.type === 'file')
  assert.is(file.chunks.length, 1, 'the record is in the file once')
})

test('a snapshot carries the parts and the sessions: a restored replica answers retries as the original', () => {
  const { state } = counters()
  const c = register(state)
  add(state, 'a', 3, { client: c, seq: 4 })
  add(state, 'b', 8)
  const copy = counters()
  copy.state.restore(state.snapshot())
  assert.equal([copy.a.total, copy.b.total], [3, 8])
  assert.equal(copy.state.snapshot(), state.snapshot())
  assert.is(add(copy.state, 'a', 3, { client: c, seq: 4 }), 3, 'the retry is recognised')
  assert.is(copy.a.applied, 1)
})

test('the master reads log entries and snapshots written before its state had parts', () => {
  const legacyEntries = [
    { op: 'set', key: 'founder', value: 'p1' },
    { op: 'mkdir', path: '/d' }
  ]
  const master = new MasterState()
  legacyEntries.forEach((command, k) => master.apply(encoder.encode(JSON.stringify(command)), k + 1))
  assert.is(master.get('founder'), 'p1')
  assert.equal(master.namespace.stat('/d')?.type, 'dir')
  master.apply(encodeMasterCommand({ op: 'mkdir', path: '/e' }), 3)

  const old = snapshotBeforeParts(encoder.encode(JSON.stringify([['founder', 'p1']])), master.namespace.snapshot())
  const restored = new MasterState()
  restored.restore(old)
  assert.is(restored.get('founder'), 'p1')
  assert.equal(restored.namespace.list('/').map(e => e.name), ['d', 'e'])
  const again = new MasterState()
  again.restore(restored.snapshot())
  assert.equal(again.namespace.list('/').map(e => e.name), ['d', 'e'])
})

test('review 3, finding 2: a log written before sessions were registered replays without its appends: the master drops records it applied and acknowledged before the upgrade', () => {
  // Entries as the master wrote them from 359241a until b44624e: DFS append named a session the client made up
  // (randomBytes(8) in hex, never registered), and the state opened it on first use, applied the append and answered.
  const log = [
    encodeMasterCommand({ op: 'commit', path: '/log', chunks: [], chunkSize: 8, replicas: 1, force: false, mtime: 1 }),
    encodeMasterCommand({ op: 'append', path: '/log', chunks: [{ cid: 'record-1', size: 8 }], mtime: 2 }, { client: '9f86d081884c7d65', seq: 0, firstUnanswered: 0 }),
    encodeMasterCommand({ op: 'append', path: '/log', chunks: [{ cid: 'record-2', size: 8 }], mtime: 3 }, { client: '9f86d081884c7d65', seq: 1, firstUnanswered: 1 })
  ]
  // A master replica restarted on the new code replays them (its state is in memory: the last snapshot, then the log),
  // as the driver does: a command that throws is refused and changes nothing.
  const replayed = new MasterState()
  const refusals: string[] = []
  log.forEach((entry, k) => {
    try {
      replayed.apply(entry, k + 1)
    } catch (err) {
      refusals.push(`${k + 1}: ${(err as Error).message}`)
    }
  })
  const file = replayed.namespace.stat('/log')
  assert.ok(file?.type === 'file')
  assert.is(file.chunks.length, 2, `the two committed, acknowledged appends are gone after replay; refused: ${refusals.join('; ')}`)
})

test('review 3, finding 2b: a log written before client sessions (append requestIds, 359241a^) replays a retried append twice: the file gains a record its writer was told landed once, and later offsets shift', () => {
  // Bare commands, as the master wrote them then. The retry of r1 (its first answer was lost with a master) found r1
  // among the namespace's remembered requestIds and was answered as the first, changing nothing.
  const log = [
    { op: 'commit', path: '/log', chunks: [], chunkSize: 8, replicas: 1, force: false, mtime: 1 },
    { op: 'append', path: '/log', chunks: [{ cid: 'record-1', size: 8 }], mtime: 2, requestId: 'r1' },
    { op: 'append', path: '/log', chunks: [{ cid: 'record-1', size: 8 }], mtime: 3, requestId: 'r1' },
    { op: 'append', path: '/log', chunks: [{ cid: 'record-2', size: 8 }], mtime: 4, requestId: 'r2' }
  ]
  const replayed = new MasterState()
  const answers = log.map((command, k) => replayed.apply(encoder.encode(JSON.stringify(command)), k + 1))
  const file = replayed.namespace.stat('/log')
  assert.ok(file?.type === 'file')
  assert.is(file.size, 16, `replayed, /log holds ${file.size} bytes, not the 16 its writers were told; r2 now lands at offset ${(answers[3] as { offset: number }).offset}, not 8`)
})

test('a snapshot written before client sessions (namespace version 1) keeps answering the retry of an append it remembered by requestId', () => {
  const old = snapshotBeforeParts(encoder.encode(JSON.stringify([])), encoder.encode(JSON.stringify({
    version: 1, appendMemory: 1000, cids: [['record-1', 8]], tree: [[-1, 'log', 8, 1, 1, [0]]], appends: [['r9', 0, 0, 1, 8]]
  })))
  const master = new MasterState()
  master.restore(old)
  const retry = { op: 'append', path: '/log', chunks: [{ cid: 'record-1', size: 8 }], mtime: 5, requestId: 'r9' }
  const answer = master.apply(encoder.encode(JSON.stringify(retry)), 7) as { offset: number }
  const file = master.namespace.stat('/log')
  assert.ok(file?.type === 'file')
  assert.is(file.size, 8, 'the retry changed nothing')
  assert.is(answer.offset, 0, 'and answered as the first did')
})

test.run()
