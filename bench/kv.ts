// KV benchmark: 64 operations in flight, half gets and half puts of 100-byte
// values over 10,000 keys (bench/kv-load.ts), for SHOAL_BENCH_SECONDS (default
// 30) on a local swarm of 3 peers; in the same run the same mix on etcd 3.4
// with 3 members (bench/etcd-kv.ts) and on one LMDB database in this process,
// the ceiling (bench/kv-ceiling.ts).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Swarm } from '../src/client/swarm.js'
import { measureEtcdKv } from './etcd-kv.js'
import { measureLmdbKv } from './kv-ceiling.js'
import { runMix, type KvTarget, type Mix, type MixFigures } from './kv-load.js'
import { withLocalSwarm } from './local-swarm.js'

const DEFAULT_SECONDS = 30
const KV_CLIENT = new URL('../src/client/kv.js', import.meta.url)

type KvClientClass = new (swarm: Swarm) => KvTarget

function benchSeconds (): number {
  const text = process.env.SHOAL_BENCH_SECONDS ?? String(DEFAULT_SECONDS)
  const seconds = Number(text)
  if (!(seconds > 0)) throw new Error(`SHOAL_BENCH_SECONDS (or --seconds) must be a positive number of seconds, not "${text}"`)
  return seconds
}

async function measureShoal (mix: Mix): Promise<MixFigures | { skipped: string }> {
  // Loaded only when run, so this bench builds and runs before the KV client exists.
  if (!existsSync(fileURLToPath(KV_CLIENT))) return { skipped: 'src/client/kv.js is not built yet' }
  const { KvClient } = await import(KV_CLIENT.href) as { KvClient: KvClientClass }
  return await withLocalSwarm('kv', 3, async home => {
    const swarm = await Swarm.connect({ home })
    try {
      return await runMix(mix, new KvClient(swarm))
    } finally {
      await swarm.close()
    }
  })
}

const measured = (figures: MixFigures | { skipped: string }): figures is MixFigures => !('skipped' in figures)

export async function run (): Promise<unknown> {
  const mix: Mix = { inFlight: 64, seconds: benchSeconds(), keys: 10_000, valueBytes: 100, getShare: 0.5, seed: 1 }
  const shoal = await measureShoal(mix)
  const etcd = await measureEtcdKv(mix)
  const ceiling = await measureLmdbKv(mix)
  return {
    bench: 'kv',
    seconds: mix.seconds,
    inFlight: mix.inFlight,
    valueBytes: mix.valueBytes,
    getShare: mix.getShare,
    keys: mix.keys,
    shoal,
    baseline_etcd_3_4_3_members: etcd,
    ceiling_lmdb_one_process: ceiling,
    ratio_vs_etcd: measured(shoal) && measured(etcd) ? Math.round(shoal.opsPerSecond / etcd.opsPerSecond * 100) / 100 : null,
    goal: { opsPerSecond: 10_000, p99Ms: 50, timesEtcd: 5 }
  }
}
