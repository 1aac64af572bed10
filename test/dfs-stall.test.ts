// A chunk server stalled (SIGSTOP: its connections stay open and nothing
// answers) during a 200 MiB get and a 200 MiB put on real peer processes:
// both complete with the right bytes, on the deadlines that follow the data
// (hedged reads, stalled chain hops placed around). How long they take beside
// the same operations on a healthy swarm is `npm run bench -- stall`.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { settled } from './helpers/dfs.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { stalledTransfers } from './helpers/stall.js'

const MiB = 1024 * 1024

test('a SIGSTOPped holder during a 200 MiB get and a 200 MiB put: both complete, byte-identical', async () => {
  await using swarm = await TestSwarm.up(3)
  await settled(swarm)
  // It reads every file back and throws at the first byte that differs.
  const times = await stalledTransfers(await swarm.connect(), swarm.file.peers, 200 * MiB, '/stall')
  assert.ok(times.get.stalled > 0 && times.put.stalled > 0, 'both stalled operations completed')
})

test.run()
