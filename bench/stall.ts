// A stalled chunk server (SIGSTOP: connections open, nothing answers) during
// a 200 MiB get and put on a local 3-peer swarm, beside the same operations
// on the healthy swarm in the same round (median of ROUNDS). Goal: a get
// takes at most 1.5 times as long, a put at most 2 times.
import { Swarm } from '../src/client/swarm.js'
import { settled } from '../test/helpers/dfs.js'
import { stalledTransfers, type StallTimes } from '../test/helpers/stall.js'
import { withLocalSwarm } from './local-swarm.js'

const MIB = 1024 * 1024
const ROUNDS = 5
const FILE_BYTES = 200 * MIB

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const round2 = (n: number): number => Math.round(n * 100) / 100

export async function run (): Promise<Record<string, unknown>> {
  const rounds = await withLocalSwarm('stall', 3, async (home, peers) => {
    const client = await Swarm.connect({ home })
    try {
      const measured: StallTimes[] = []
      for (let round = 0; round < ROUNDS; round++) {
        // The peer stopped last round must be back in the master's view first.
        await settled(client)
        const times = await stalledTransfers(client, peers, FILE_BYTES, `/bench/stall-${round}`)
        measured.push(times)
        process.stderr.write(`stall round ${round + 1}: get ${Math.round(times.get.normal)} ms, stalled ${Math.round(times.get.stalled)} ms; put ${Math.round(times.put.normal)} ms, stalled ${Math.round(times.put.stalled)} ms\n`)
      }
      return measured
    } finally {
      await client.close()
    }
  })
  const seconds = (ms: number): number => round2(ms / 1000)
  return {
    bench: 'stall',
    file_mib: FILE_BYTES / MIB,
    replicas: 2,
    get_s: seconds(median(rounds.map(r => r.get.normal))),
    get_stalled_s: seconds(median(rounds.map(r => r.get.stalled))),
    // Each round's stalled time over the same round's healthy one, median of the rounds.
    get_ratio: round2(median(rounds.map(r => r.get.stalled / r.get.normal))),
    put_s: seconds(median(rounds.map(r => r.put.normal))),
    put_stalled_s: seconds(median(rounds.map(r => r.put.stalled))),
    put_ratio: round2(median(rounds.map(r => r.put.stalled / r.put.normal))),
    rounds: rounds.map(r => ({ get_s: seconds(r.get.normal), get_stalled_s: seconds(r.get.stalled), put_s: seconds(r.put.normal), put_stalled_s: seconds(r.put.stalled) })),
    goal: { get_ratio: 1.5, put_ratio: 2 }
  }
}
