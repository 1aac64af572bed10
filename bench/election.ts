// Election benchmark: on a local swarm of 5 and then 3 peer processes, SIGKILL
// the current master 10 times (restarting it each time) and time how long
// until a new master is visible in `swarm status`. Compared with etcd 3.4 (3
// members, stock timing) killed the same way in the same run.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { down, isPeerProcess, up } from '../src/client/local-swarm.js'
import { Swarm } from '../src/client/swarm.js'
import { figures, measureEtcdFailover, type FailoverFigures } from './etcd-baseline.js'

const KILLS = 10
const POLL_MS = 10
const DEADLINE_MS = 15_000

async function measureShoal (peers: number): Promise<FailoverFigures> {
  const home = await mkdtemp(join(tmpdir(), `shoal-bench-election-${peers}-`))
  const samples: number[] = []
  try {
    let { file } = await up({ home, peers })
    const swarm = await Swarm.connect({ home })
    try {
      for (let round = 0; round < KILLS; round++) {
        const before = await swarm.status()
        if (before.master == null) throw new Error('no master before the kill')
        const victim = file.peers.find(p => p.id === before.master!.id)!
        let last: unknown
        const killedAt = performance.now()
        process.kill(victim.pid, 'SIGKILL')
        for (;;) {
          if (performance.now() - killedAt > DEADLINE_MS) throw new Error(`round ${round + 1}: no new master ${DEADLINE_MS} ms after killing ${victim.id} (last status: ${JSON.stringify(last)})`)
          const status = await swarm.status().catch(() => undefined)
          last = status ?? last
          if (status?.master != null && status.master.id !== victim.id && status.master.term > before.master.term) break
          await new Promise(resolve => setTimeout(resolve, POLL_MS))
        }
        samples.push(performance.now() - killedAt)
        process.stderr.write(`${peers} peers, round ${round + 1}: ${Math.round(samples[samples.length - 1])} ms\n`)
        while (await isPeerProcess(victim.pid, victim.home)) await new Promise(resolve => setTimeout(resolve, POLL_MS))
        file = (await up({ home, peers })).file
      }
    } finally {
      await swarm.close()
    }
  } finally {
    await down(home).catch(() => {})
    await rm(home, { recursive: true, force: true })
  }
  return figures(samples)
}

export async function run (): Promise<unknown> {
  // Peers started here die with this process, whatever happens to it.
  process.env.SHOAL_EXIT_WITH_PID = String(process.pid)
  const fivePeers = await measureShoal(5)
  const threePeers = await measureShoal(3)
  const etcd = await measureEtcdFailover({ members: 3, kills: KILLS })
  return {
    bench: 'election',
    kills: KILLS,
    shoal_5_peers: fivePeers,
    shoal_3_peers: threePeers,
    baseline_etcd_3_4_3_members: etcd,
    goal: { median_ms: 1000, max_ms: 2500 }
  }
}
