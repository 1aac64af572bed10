// Adversarial review 2 of the consensus layer: each test here fails on the
// code it was written against and states the bug it shows.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { ConfChange } from '../src/peer/consensus/types.js'
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

test.run()
