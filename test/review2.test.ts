// Adversarial review 2 of the consensus layer: each test here fails on the
// code it was written against and states the bug it shows.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RaftGroup, SnapshotReader, Timing } from '../src/peer/consensus/driver.js'
import { GroupHost } from '../src/peer/consensus/host.js'
import { MessageType, Role, type ConfChange, type Message } from '../src/peer/consensus/types.js'
import { logger, logQuiet } from '../src/peer/log.js'
import { Store } from '../src/peer/store.js'
import { DurableTestState } from '../src/roles/testbed/durable-state.js'
import { waitFor } from './helpers/wait.js'
import { MasterState, encodeMasterCommand } from '../src/roles/master/state.js'
import { DEFAULT_SESSION_LIMITS } from '../src/peer/consensus/replicated-state.js'
import { Net } from './sim/net.js'
import type { NodeParams, SimNode } from './sim/node.js'

const encoder = new TextEncoder()

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

const withIncarnation = (incarnation: string): NodeParams => ({ electionTicks: 10, heartbeatTicks: 2, incarnation })

test('a learner back with no state (new incarnation) is never caught up by the same leader, which trusts its old match; promoted on that match, it wedges the group', () => {
  const net = new Net(1)
  const a = net.add('a', { voters: ['a'], learners: [] }, withIncarnation('a1'))
  a.act(c => { c.campaign() })
  net.add('b', undefined, withIncarnation('b1'))
  changeConf(a, { type: 'addLearner', node: 'b' })
  net.tick(4)
  propose(a, 'x')
  net.tick(4)
  assert.is(status(net.node('b')).lastIndex, status(a).lastIndex, 'the learner caught up')

  // b's peer loses its disk and comes back under the same id: a new replica, empty.
  net.node('b').crash()
  const b2 = net.add('b', undefined, withIncarnation('b2'))
  a.act(c => { c.wake() }) // host.peerReturned('b'): a quiet leader wakes when a member comes back
  net.tick(40)
  const leader = status(a)
  assert.is(leader.role, 'leader')
  // The council's caughtUp() (council.ts) reads exactly this to decide a promotion.
  assert.ok((leader.progress?.b.match ?? 0) >= leader.commit, 'the leader believes b caught up')
  assert.is(leader.progress?.b.incarnation, 'b2', 'although b answers as a new replica')
  assert.is(status(b2).lastIndex, leader.lastIndex, `the new b is sent the log (it has ${status(b2).lastIndex} of ${leader.lastIndex} entries)`)
})

test('...and, promoted to voter as the council would, the learner that lost its state wedges a two-voter group though both are up and connected', () => {
  const net = new Net(1)
  const a = net.add('a', { voters: ['a'], learners: [] }, withIncarnation('a1'))
  a.act(c => { c.campaign() })
  net.add('b', undefined, withIncarnation('b1'))
  changeConf(a, { type: 'addLearner', node: 'b' })
  net.tick(4)
  propose(a, 'x')
  net.tick(4)
  net.node('b').crash()
  net.add('b', undefined, withIncarnation('b2'))
  a.act(c => { c.wake() }) // host.peerReturned('b')
  net.tick(10)
  const before = status(a)
  assert.ok((before.progress?.b.match ?? 0) >= before.commit, 'caught up, as council.ts sees it')
  changeConf(a, { type: 'addVoter', node: 'b' }) // nextConfChange's promotion
  net.tick(10)
  const index = propose(a, 'y')
  net.tick(200)
  const after = status(a)
  assert.is(after.role, 'leader', 'check-quorum keeps a leading: b answers every heartbeat')
  assert.ok(after.commit >= index, `y commits with both voters up and connected (commit ${after.commit}, y at ${index})`)
})

test('client sessions: a retried append whose session was evicted (one of maxSessions other clients wrote meanwhile) applies a second time', () => {
  // The master's state with its production limits (DEFAULT_SESSION_LIMITS: 10,000 sessions).
  const state = new MasterState()
  let index = 0
  const apply = (data: Uint8Array): unknown => state.apply(data, ++index)
  apply(encodeMasterCommand({ op: 'commit', path: '/log', chunks: [], chunkSize: 8, replicas: 1, force: false, mtime: 1 }))
  const append = encodeMasterCommand({ op: 'append', path: '/log', chunks: [{ cid: 'record-1', size: 8 }], mtime: 2 }, { client: 'writer', seq: 0, firstUnanswered: 0 })
  apply(append) // committed and applied; the reply is lost with the master that served it
  // Meanwhile other clients (each DFS client is a new session) append once each.
  for (let k = 0; k < DEFAULT_SESSION_LIMITS.maxSessions; k++) {
    apply(encodeMasterCommand({ op: 'mkdir', path: `/d${k}`, parents: false }, { client: `other-${k}`, seq: 0, firstUnanswered: 0 }))
  }
  let retry: unknown
  try {
    retry = apply(append) // the writer's retry through the new master, same client and seq
  } catch (err) {
    retry = err // refusing it (the session expired) is also exactly-once
  }
  const file = state.namespace.stat('/log')
  assert.ok(file?.type === 'file')
  assert.is(file.chunks.length, 1, `the record is in the file once, not ${file.chunks.length} times (the retry answered ${JSON.stringify(retry)})`)
})

// ---- durable groups over real LMDB (as in durable-snapshots.test.ts) ----

logQuiet.enabled = true
const FAST: Timing = { tickMs: 5, electionTicks: 10, heartbeatTicks: 2 }
const GROUP = 'test/durable'

interface Member { id: string, store: Store, state: DurableTestState, host: GroupHost, group: RaftGroup }
interface Transfer { message: Message, chunks: Uint8Array[] }

/** Durable groups wired in memory; snapshots to `holdSnapshotsTo` are kept for the test to deliver by hand. */
class DurableCluster {
  readonly members = new Map<string, Member>()
  readonly held: Transfer[] = []
  holdSnapshotsTo = ''
  readonly cut = new Set<string>()
  constructor (readonly dir: string) {}

  open (id: string, options: { bootstrap?: boolean, snapshotEvery?: number } = {}): Member {
    const store = Store.open(join(this.dir, id))
    const state = new DurableTestState(store, GROUP)
    const host = new GroupHost({
      self: id,
      store,
      send: (group: string, m: Message, reader?: SnapshotReader) => {
        if (this.cut.has(m.from) || this.cut.has(m.to)) {
          reader?.close()
          return
        }
        if (m.type === MessageType.Snapshot && reader != null) {
          const chunks = [...reader.chunks() as Iterable<Uint8Array>].map(c => c.slice())
          reader.close()
          if (m.to === this.holdSnapshotsTo) {
            this.held.push({ message: m, chunks })
            return
          }
          const sink = this.members.get(m.to)?.host.snapshotSink(group, m)
          if (sink == null) return
          void (async () => { for (const c of chunks) await sink.write(c); sink.finish() })()
          return
        }
        setImmediate(() => { this.members.get(m.to)?.host.receive(group, m) })
      },
      log: logger(id),
      timing: FAST
    })
    const group = host.open({
      group: GROUP,
      stateMachine: state,
      log: logger(id),
      bootstrapConf: options.bootstrap === true ? { voters: [id], learners: [] } : undefined,
      snapshotEvery: options.snapshotEvery
    })
    const member = { id, store, state, host, group }
    this.members.set(id, member)
    host.start()
    return member
  }

  async close (id: string): Promise<void> {
    const member = this.members.get(id)!
    member.host.stop()
    this.members.delete(id)
    await member.store.close()
  }
}

async function withDurableCluster (fn: (cluster: DurableCluster) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-review2-'))
  const cluster = new DurableCluster(dir)
  try {
    await fn(cluster)
  } finally {
    for (const id of [...cluster.members.keys()]) await cluster.close(id)
    await rm(dir, { recursive: true, force: true })
  }
}

test('durable snapshots: a transfer superseded by a newer one mid-stream, that still completes, installs a state missing the commands it wrote before it was superseded (data loss)', () => withDurableCluster(async cluster => {
  const a = cluster.open('a', { bootstrap: true, snapshotEvery: 10 })
  a.group.campaign()
  await waitFor('a to lead', () => a.group.status().role === Role.Leader)
  for (let i = 0; i < 40; i++) await a.group.propose(encoder.encode(`command ${i}`))
  cluster.holdSnapshotsTo = 'b'
  const b = cluster.open('b')
  await a.group.proposeConfChange({ type: 'addLearner', node: 'b' })
  await waitFor('the leader to send its snapshot twice (a resend after snapshotRetryTicks)', () => cluster.held.length >= 2)
  const [first, second] = cluster.held
  cluster.cut.add('b') // b hears nothing else meanwhile: the order below is the whole story

  // The first stream is slow, not dead: the resend opens beside it (driver.ts
  // snapshotSink: "the newest transfer wins"), which aborts the first one's
  // install and drops its staging generation; but the first stream goes on
  // and completes, and its finish() still installs that generation.
  const slow = b.host.snapshotSink(GROUP, first.message)!
  const half = Math.floor(first.chunks.length / 2)
  for (const c of first.chunks.slice(0, half)) await slow.write(c)
  const resent = b.host.snapshotSink(GROUP, second.message)! // the resend's header arrives; its bytes are still on their way
  for (const c of first.chunks.slice(half)) await slow.write(c)
  slow.finish()
  // Then the resend completes too: whichever of the two b keeps, it must hold a whole snapshot.
  for (const c of second.chunks) await resent.write(c)
  resent.finish()
  assert.is(first.message.snapshot!.index, second.message.snapshot!.index, 'both copies are of the same snapshot')
  assert.is(first.chunks.length, second.chunks.length)
  const index = first.message.snapshot!.index
  await waitFor('b to install the snapshot', () => b.group.status().applied >= index)
  await b.state.flush()
  const mine = b.state.digest()
  assert.is(mine.count, first.chunks.length, `b says it applied up to ${index}, where the snapshot holds ${first.chunks.length} commands, but b holds ${mine.count}: the superseded transfer installed its staging generation, which its abort had partly dropped`)
}))

test.run()
