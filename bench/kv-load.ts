// Closed-loop load for the KV benchmark: every key `key-<n>` is written once
// (the preload, so gets hit), then `inFlight` workers each issue their next
// operation as soon as the last returns, for `seconds`: a get with chance
// `getShare`, else a put of `valueBytes` bytes, on a key drawn uniformly by a
// seeded generator. Failed operations are counted, never thrown.
import { seeded } from '../src/client/seeded.js'

export interface KvTarget {
  get: (key: string, options?: { signal?: AbortSignal }) => Promise<Uint8Array | undefined>
  put: (key: string, value: Uint8Array, options?: { signal?: AbortSignal }) => Promise<void>
}

export interface Mix { inFlight: number, seconds: number, keys: number, valueBytes: number, getShare: number, seed: number }

export interface MixFigures {
  ops: number
  opsPerSecond: number
  p50Ms: number
  p99Ms: number
  errors: number
  gets: number
  puts: number
  /** More than FLAGGED_ERROR_SHARE of the operations failed: the other figures are suspect. */
  flagged: boolean
  firstError?: string
}

const FLAGGED_ERROR_SHARE = 0.01
const PRELOAD_DEADLINE_MS = 120_000
/** How long after the run an operation still out may take before it is aborted (and counted as an error). */
const DRAIN_MS = 10_000

const message = (error: unknown): string => error instanceof Error ? error.message : String(error)
const round2 = (ms: number): number => Math.round(ms * 100) / 100

async function workers (count: number, work: () => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: count }, work))
}

/** Puts every key once, `inFlight` at a time; throws the first failure once the puts out have settled. */
async function preload (mix: Mix, target: KvTarget, value: Uint8Array): Promise<void> {
  const signal = AbortSignal.timeout(PRELOAD_DEADLINE_MS)
  let next = 0
  let failure: Error | undefined
  await workers(mix.inFlight, async () => {
    while (next < mix.keys && failure == null) {
      const key = `key-${next++}`
      await target.put(key, value, { signal }).catch((error: unknown) => { failure ??= new Error(`preload: put ${key}: ${message(error)}`) })
    }
  })
  if (failure != null) throw failure
}

export async function runMix (mix: Mix, target: KvTarget): Promise<MixFigures> {
  const random = seeded(mix.seed)
  const value = Uint8Array.from({ length: mix.valueBytes }, () => Math.floor(random() * 256))
  await preload(mix, target, value)

  const latencies: number[] = []
  let gets = 0
  let puts = 0
  let errors = 0
  let firstError: string | undefined
  const drain = new AbortController()
  const drainTimer = setTimeout(() => { drain.abort(new Error(`still out ${DRAIN_MS} ms after the run`)) }, mix.seconds * 1000 + DRAIN_MS)
  const signal = drain.signal
  const startedAt = performance.now()
  const endAt = startedAt + mix.seconds * 1000
  try {
    await workers(mix.inFlight, async () => {
      while (performance.now() < endAt) {
        const key = `key-${Math.floor(random() * mix.keys)}`
        const isGet = random() < mix.getShare
        const opStartedAt = performance.now()
        try {
          if (isGet) {
            const got = await target.get(key, { signal })
            if (got?.length !== mix.valueBytes) throw new Error(got == null ? 'missing after the preload' : `${got.length} bytes, not ${mix.valueBytes}`)
            gets++
          } else {
            await target.put(key, value, { signal })
            puts++
          }
          latencies.push(performance.now() - opStartedAt)
        } catch (error) {
          errors++
          firstError ??= `${isGet ? 'get' : 'put'} ${key}: ${message(error)}`
        }
      }
    })
  } finally {
    clearTimeout(drainTimer)
  }
  const seconds = (performance.now() - startedAt) / 1000

  latencies.sort((a, b) => a - b)
  const at = (q: number): number => round2(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN)
  const ops = gets + puts
  return {
    ops,
    opsPerSecond: Math.round(ops / seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
    gets,
    puts,
    flagged: errors > FLAGGED_ERROR_SHARE * (ops + errors),
    ...(firstError != null ? { firstError } : {})
  }
}
