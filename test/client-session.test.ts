// A client's session: it registers once, however many writes start at once;
// a failed registration is tried again by the next write; a session the state
// forgot is replaced by a new registration, its numbers starting afresh.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ClientSession } from '../src/client/client-session.js'
import { encodeCommand, encodeRegistration, ReplicatedState, type StatePart } from '../src/peer/consensus/replicated-state.js'

function registrar (): { register: () => Promise<string>, calls: () => number, failNext: () => void } {
  let calls = 0
  let fail = false
  return {
    register: async () => {
      calls++
      if (fail) {
        fail = false
        throw new Error('master unavailable')
      }
      return `client-${calls}`
    },
    calls: () => calls,
    failNext: () => { fail = true }
  }
}

test('concurrent writes share one registration and get growing numbers; the lowest unanswered follows the answers', async () => {
  const r = registrar()
  const session = new ClientSession(r.register)
  const [a, b] = await Promise.all([session.begin(), session.begin()])
  assert.is(r.calls(), 1)
  assert.equal([a.clientId, a.seq, b.clientId, b.seq], ['client-1', 0, 'client-1', 1])
  session.answered(a)
  const c = await session.begin()
  assert.equal([c.seq, c.firstUnanswered], [2, 1])
})

test('a failed registration is tried again; an expired session is replaced', async () => {
  const r = registrar()
  const session = new ClientSession(r.register)
  r.failNext()
  const refused = await session.begin().then(() => 'registered', (err: Error) => err.message)
  assert.is(refused, 'master unavailable')
  const first = await session.begin()
  assert.equal([first.clientId, first.seq], ['client-2', 0])
  session.expired(first.clientId)
  const next = await session.begin()
  assert.equal([next.clientId, next.seq, next.firstUnanswered], ['client-3', 0, 0])
})

test('review 3, finding 4: the late answer of a write of an expired session is taken for a write of its replacement, which the state then refuses as answered long ago although it never applied', async () => {
  // A state whose sessions are forgotten after 3 entries, with a part that counts the records it appends.
  const records: string[] = []
  const part: StatePart = {
    apply: command => { records.push(command as string); return records.length },
    snapshot: () => new Uint8Array(),
    restore: () => {}
  }
  const state = new ReplicatedState({ log: part }, { idleEntries: 3, maxSessions: 100, maxReplies: 100 })
  let index = 0
  const write = (stamp: { clientId: string, seq: number, firstUnanswered: number }, record: string): unknown =>
    state.apply(encodeCommand('log', record, { client: stamp.clientId, seq: stamp.seq, firstUnanswered: stamp.firstUnanswered }), ++index)
  const session = new ClientSession(async () => state.apply(encodeRegistration(), ++index) as string)
  const a = await session.begin() // seq 0 of the first session
  const b = await session.begin() // seq 1
  write(a, 'a') // applied; its answer is slow to come back
  for (let k = 0; k < 3; k++) state.apply(encodeCommand('log', `other-${k}`), ++index) // the first session expires
  assert.throws(() => write(b, 'b'), /expired/)
  session.expired(b.clientId)
  session.answered(b)
  const c = await session.begin() // seq 0 of the new session; its request is slow on its way
  session.answered(a) // a's answer arrives at last
  const d = await session.begin()
  write(d, 'd')
  let refusal = ''
  try {
    write(c, 'c')
  } catch (err) {
    refusal = (err as Error).message
  }
  assert.ok(records.includes('c'), `c never applied: d said the new session's answers below ${d.firstUnanswered} were all in, and c was refused (${refusal})`)
})

test.run()
