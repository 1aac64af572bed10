// Holds on an uncommitted put's chunks: kept per put on the master, renewed by
// the client while the put runs, and a put that could not renew in time knows
// it must not commit.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { HoldRequest, HoldResult } from '../protocols/dfs/dfs.js'
import { HoldRenewal } from '../src/client/hold-renewal.js'
import type { MasterClient } from '../src/client/master-client.js'
import { HOLD_MS, PendingPlacements } from '../src/roles/master/pending.js'
import { waitFor } from './helpers/wait.js'

const X = { cid: 'chunk-x', size: 1 }
const Y = { cid: 'chunk-y', size: 1 }

test('holds are per put: one put\'s commit leaves another\'s hold, and each lapses unless renewed', () => {
  let now = 1_000
  const pending = new PendingPlacements(() => now)
  pending.hold([X, Y], 'put-a')
  pending.hold([X], 'put-b')
  pending.settle([X, Y], 'put-a')
  assert.ok(pending.held(X.cid), 'put-b still holds X')
  assert.not.ok(pending.held(Y.cid), 'only put-a held Y')
  now += HOLD_MS - 1
  pending.hold([X], 'put-b')
  now += HOLD_MS - 1
  assert.ok(pending.held(X.cid), 'the renewal moved the lapse')
  now += 1
  assert.not.ok(pending.held(X.cid), 'lapsed a hold after the renewal')
  pending.hold([X], 'put-c')
  pending.settle([X], 'put-c')
  assert.not.ok(pending.held(X.cid))
})

/** A master that answers holds (or fails them) and records each request. */
function fakeMaster (answer: 'ok' | 'fail'): { master: MasterClient, requests: Array<{ op: string, request: Partial<HoldRequest> }> } {
  const requests: Array<{ op: string, request: Partial<HoldRequest> }> = []
  const master = {
    async call (op: string, request: Partial<HoldRequest>): Promise<HoldResult> {
      requests.push({ op, request })
      if (answer === 'fail') throw new Error('the master is unreachable')
      return { holdMs: 2_000 }
    }
  }
  return { master: master as unknown as MasterClient, requests }
}

test('a running put renews the holds of every chunk it placed, each quarter hold, and never lapses', async () => {
  const { master, requests } = fakeMaster('ok')
  const holds = new HoldRenewal(master, 'put-1')
  try {
    holds.place(X.cid, X.size, 2_000, performance.now())
    holds.place(Y.cid, Y.size, 2_000, performance.now())
    await waitFor('renewals for longer than a hold', () => requests.length >= 6, { timeoutMs: 10_000, intervalMs: 50 })
    assert.not.ok(holds.lapsed())
    for (const { op, request } of requests) {
      assert.is(op, 'hold')
      assert.is(request.putId, 'put-1')
      assert.equal(request.chunks?.map(c => c.cid), [X.cid, Y.cid])
    }
  } finally {
    holds.stop()
  }
})

test('a put whose renewals fail for a whole hold knows its holds may have lapsed', async () => {
  const { master, requests } = fakeMaster('fail')
  const holds = new HoldRenewal(master, 'put-2')
  try {
    holds.place(X.cid, X.size, 1_000, performance.now())
    assert.not.ok(holds.lapsed())
    await waitFor('the hold to lapse', () => holds.lapsed(), { timeoutMs: 10_000, intervalMs: 50 })
    assert.ok(requests.length >= 2, 'it kept trying')
  } finally {
    holds.stop()
  }
})

test.run()
