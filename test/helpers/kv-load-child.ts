// The hot-key load (kv-load.ts) as a process of its own, for a client host in
// a network namespace. Arguments: home (holding swarm.key), a peer's
// multiaddr, the keys (comma-separated), the seed. It prints
// `ready {"gid","peers"}` once one group of 3 serves every shard, then obeys
// one command a line on stdin:
//   start   the load begins; `progress <completed operations>` every 200 ms
//   leader  `leader <peer id or none>`: who leads the group now
//   stop    the load stops, every key is read once more, and
//           `history <json>` (a lost write's return as null) ends the output
import { createInterface } from 'node:readline'
import { KvClient } from '../../src/client/kv.js'
import { Swarm } from '../../src/client/swarm.js'
import { leaderNow } from './kv.js'
import { finalReads, startLoad, type Load } from './kv-load.js'
import { waitFor } from './wait.js'

const [home, addr, keyList, seedText] = process.argv.slice(2)
const keys = keyList.split(',')
const connect = { home, swarm: [addr] }
const control = await Swarm.connect(connect)
const kv = new KvClient(control)
const config = await waitFor('one group of 3 serving every shard', async () => {
  const config = await kv.shardmaster.query()
  const gids = Object.keys(config.groups)
  return gids.length === 1 && config.groups[gids[0]].length === 3 && config.shards.every(g => g === gids[0]) ? config : undefined
}, { timeoutMs: 60_000, intervalMs: 200 })
const gid = Object.keys(config.groups)[0]
const peers = [...config.groups[gid]]
process.stdout.write(`ready ${JSON.stringify({ gid, peers })}\n`)

let load: Load | undefined
let ticker: NodeJS.Timeout | undefined
for await (const line of createInterface({ input: process.stdin })) {
  const command = line.trim()
  if (command === 'start' && load === undefined) {
    load = await startLoad({ connect, keys, clients: 6, seed: Number(seedText) })
    const recorder = load.recorder
    ticker = setInterval(() => { process.stdout.write(`progress ${recorder.completedAfter(-Infinity)}\n`) }, 200)
  } else if (command === 'leader') {
    const leader = await leaderNow(control, peers, gid)
    process.stdout.write(`leader ${leader ?? 'none'}\n`)
  } else if (command === 'stop' && load !== undefined) {
    clearInterval(ticker)
    await load.stop()
    await finalReads(load.recorder, kv, keys)
    const history = load.recorder.history.map(op => ({ ...op, return: Number.isFinite(op.return) ? op.return : null }))
    process.stdout.write(`history ${JSON.stringify({ history, failures: load.recorder.failures })}\n`)
    break
  }
}
kv.close()
await control.close()
process.exit(0)
