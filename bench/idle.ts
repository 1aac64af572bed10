// Idle benchmark: a 3-peer local swarm left alone for 30 s, CPU (% of one
// core) and memory of each peer read from /proc, first as a swarm starts
// (the two control groups and the KV replica group the shardmaster forms,
// its role following the configurations), then with 16 more 3-voter groups.
import { sample } from './proc-usage.js'
import { TestbedSwarm } from './testbed-swarm.js'

const IDLE_MS = 30_000
const EXTRA_GROUPS = 16
/** Time for the swarm to settle after start-up (DHT, elections, first reports) before measuring. */
const SETTLE_MS = 5_000

export async function run (): Promise<unknown> {
  const swarm = await TestbedSwarm.up(3)
  try {
    await new Promise(resolve => setTimeout(resolve, SETTLE_MS))
    const controlOnly = await sample(swarm.pids, IDLE_MS)
    const groups = Array.from({ length: EXTRA_GROUPS }, (_, g) => ({ group: `test/idle${g}`, members: swarm.ids }))
    for (const { group, members } of groups) await swarm.openGroup(group, members)
    await swarm.quiet(groups)
    const withGroups = await sample(swarm.pids, IDLE_MS)
    return {
      bench: 'idle',
      peers: 3,
      seconds: IDLE_MS / 1000,
      baseline_control_and_kv_groups: controlOnly,
      with_16_more_groups: withGroups,
      goal: { cpu_pct_per_peer: 1 }
    }
  } finally {
    await swarm.down()
  }
}
