// Snapshots travel on their own stream: a group whose snapshot is well over the
// 4 MiB Raft message cap still brings a new member up to date, on real peers.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { TEST_HOOKS, testbed } from '../src/roles/testbed/client.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

const VALUES = 1_100
const VALUE_BYTES = 8 * 1024

test('a new member catches up from a snapshot of over 8 MiB, streamed', async () => {
  await using swarm = await TestSwarm.up(2, TEST_HOOKS)
  const client = await swarm.connect()
  const call = testbed.bind(null, client, swarm.file)
  const [a, b] = swarm.file.peers.map(p => p.id)
  const group = 'test/big'
  assert.is((await call(a, { op: 'open', group, voters: [a] })).error, '')
  await waitFor('a to lead', async () => (await call(a, { op: 'status', group })).leader === a)
  // More entries than the group keeps before compacting: b can only catch up by snapshot.
  const load = await call(a, { op: 'load', group, count: VALUES, concurrency: 16, size: VALUE_BYTES }, 60_000)
  assert.is(load.error, '')
  assert.is((await call(b, { op: 'open', group })).error, '')
  assert.is((await call(a, { op: 'learner', group, voters: [b] })).error, '')
  const leaderApplied = (await call(a, { op: 'status', group })).index
  await waitFor('b to catch up', async () => (await call(b, { op: 'status', group })).index >= leaderApplied, { timeoutMs: 30_000 })
  const [onA, onB] = await Promise.all([a, b].map(async peer => await call(peer, { op: 'digest', group })))
  assert.is(onA.count, VALUES)
  assert.is(onB.count, onA.count)
  assert.equal([...onB.digest], [...onA.digest], 'b holds the same commands')
})

test.run()
