import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { emptyHeartbeat, MembershipView, type LivenessChange } from '../src/peer/membership.js'

function viewWithClock (): { view: MembershipView, advance: (ms: number) => void, changes: LivenessChange[] } {
  let now = 1_000
  const view = new MembershipView({ self: 'me', now: () => now })
  const changes: LivenessChange[] = []
  view.subscribe(change => changes.push(change))
  return { view, changes, advance: (ms) => { now += ms; view.refresh() } }
}

test('a peer unheard for 3 s is suspect, for 10 s dead, and alive again when heard', () => {
  const { view, advance, changes } = viewWithClock()
  view.observe(emptyHeartbeat('a'))
  advance(2_999)
  assert.is(view.state('a'), 'alive')
  advance(1)
  assert.is(view.state('a'), 'suspect')
  advance(6_999)
  assert.is(view.state('a'), 'suspect')
  advance(1)
  assert.is(view.state('a'), 'dead')
  view.observe(emptyHeartbeat('a'))
  assert.is(view.state('a'), 'alive')
  assert.equal(changes.map(c => `${c.previous ?? '-'}>${c.state}`), ['->alive', 'alive>suspect', 'suspect>dead', 'dead>alive'])
})

test('a heartbeat older than the last one heard from that process (gossip reordered them) changes nothing; a new process starts its count again', () => {
  const { view, advance } = viewWithClock()
  const beat = (startedAt: number, seq: number, full: boolean): void => { view.observe({ ...emptyHeartbeat('a'), startedAt, seq, full }) }
  beat(1, 1, false)
  beat(1, 2, true)
  advance(2_000)
  beat(1, 1, false)
  assert.is(view.get('a')?.heartbeat.full, true, 'the late, older heartbeat did not undo the newer one')
  advance(1_000)
  assert.is(view.state('a'), 'suspect', 'nor did it count as hearing from the peer')
  beat(2, 1, false)
  assert.equal([view.state('a'), view.get('a')?.heartbeat.full], ['alive', false], 'a restarted peer counts from 1 again')
})

test('we never suspect ourselves', () => {
  const { view, advance } = viewWithClock()
  view.observe(emptyHeartbeat('me'))
  advance(60_000)
  assert.is(view.state('me'), 'alive')
})

test('the leader for a role is the highest-term claim among members not dead', () => {
  const { view, advance } = viewWithClock()
  view.observe({ ...emptyHeartbeat('old'), leaders: [{ role: 'master', id: 'old', term: 7 }] })
  view.observe({ ...emptyHeartbeat('b'), leaders: [{ role: 'master', id: 'old', term: 3 }, { role: 'shardmaster', id: 'b', term: 2 }] })
  assert.equal(view.leader('master'), { role: 'master', id: 'old', term: 7 })
  assert.equal(view.leader('shardmaster'), { role: 'shardmaster', id: 'b', term: 2 })
  advance(10_000)
  view.observe({ ...emptyHeartbeat('b'), leaders: [{ role: 'master', id: 'b', term: 5 }] })
  // "old" is dead, so its own claim no longer counts.
  assert.equal(view.leader('master'), { role: 'master', id: 'b', term: 5 })
})

test('an expected peer that never speaks goes dead after the timeout', () => {
  const { view, advance } = viewWithClock()
  view.expect('x')
  assert.is(view.state('x'), 'alive')
  advance(10_000)
  assert.is(view.state('x'), 'dead')
  view.expect('x')
  assert.is(view.state('x'), 'dead', 'expect() does not revive a peer already known')
})

test.run()
