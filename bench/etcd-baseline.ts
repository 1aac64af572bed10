// Baseline for the election benchmark, measured live: a stock 3.4 etcd cluster
// (bench/etcd-cluster.ts) whose leader is SIGKILLed `kills` times. Each sample
// is the time from the kill until a surviving member reports a leader other
// than the killed one, in a higher raft term. The killed member is restarted on
// its data dir, and the cluster is healthy again, before the next round.
import { EtcdCluster, status, until } from './etcd-cluster.js'

export interface FailoverFigures { median_ms: number, max_ms: number, samples_ms: number[] }

const FAILOVER_DEADLINE_MS = 15_000

export function figures (samples: number[]): FailoverFigures {
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { median_ms: Math.round(median), max_ms: Math.round(sorted.at(-1) ?? NaN), samples_ms: samples.map(Math.round) }
}

export async function measureEtcdFailover (options: { members: number, kills: number }): Promise<FailoverFigures | { skipped: string }> {
  if (!Number.isInteger(options.members) || options.members < 3) throw new Error('etcd baseline: need at least 3 members to survive a leader kill')
  if (!Number.isInteger(options.kills) || options.kills < 1) throw new Error('etcd baseline: kills must be a positive integer')
  return await EtcdCluster.with(options.members, async cluster => {
    const samples: number[] = []
    for (let round = 0; round < options.kills; round++) {
      const before = await cluster.settled()
      const victim = cluster.members.find(m => m.id === before.leader)!
      const killedAt = performance.now()
      victim.child!.kill('SIGKILL')
      const survivors = cluster.members.filter(m => m !== victim)
      await cluster.withLogs(until(() => `a new leader after killing ${victim.name} (round ${round + 1})`, FAILOVER_DEADLINE_MS, async () => {
        cluster.alive(survivors)
        const seen = await Promise.all(survivors.map(status))
        return seen.some(s => s != null && s.leader !== '0' && s.leader !== before.leader && s.term > before.term) ? true : undefined
      }), survivors)
      samples.push(performance.now() - killedAt)
      await cluster.exited(victim)
      cluster.start(victim, 'existing')
    }
    await cluster.settled()
    return figures(samples)
  })
}
