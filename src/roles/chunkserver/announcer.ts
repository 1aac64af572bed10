// Keeps this server's DHT provider records in step with its chunks: each
// stored chunk is announced, each removed one withdrawn, a few at a time in
// the background. The DHT is the index of last resort, so puts never wait on
// it, and announcing waits for a quiet moment: a provide is a DHT lookup and a
// few RPCs, which cost a busy server 7-10% of its CPU during a bulk put here.
// Under steady load no job waits longer than MAX_DELAY_MS.
import type { CID } from 'multiformats/cid'
import { describeError, type Logger } from '../../peer/log.js'

const CONCURRENCY = 2
const PROVIDE_TIMEOUT_MS = 30_000
/** Announcing starts once no chunk has moved for this long... */
export const QUIET_MS = 1_000
/** ...or once the oldest job has waited this long. */
export const MAX_DELAY_MS = 10_000

type Job = { cid: CID, provide: boolean, queuedAt: number }

/** The part of libp2p's content routing an announcer uses. */
export interface ProviderRouting {
  provide: (cid: CID, options: { signal: AbortSignal }) => Promise<void>
  cancelReprovide: (cid: CID) => Promise<void>
}

export class Announcer {
  private readonly queue = new Map<string, Job>()
  private active = 0
  private stopped = false
  private lastBusy = 0
  private wakeUp?: NodeJS.Timeout

  constructor (private readonly routing: ProviderRouting, private readonly log: Logger, private readonly timing = { quietMs: QUIET_MS, maxDelayMs: MAX_DELAY_MS }) {}

  provide (cid: CID): void {
    this.enqueue({ cid, provide: true, queuedAt: performance.now() })
  }

  withdraw (cid: CID): void {
    this.enqueue({ cid, provide: false, queuedAt: performance.now() })
  }

  /** Chunk bytes are moving: announcements hold off. */
  busy (): void {
    this.lastBusy = performance.now()
  }

  /** Jobs waiting or running. */
  get pending (): number {
    return this.queue.size + this.active
  }

  stop (): void {
    this.stopped = true
    this.queue.clear()
    clearTimeout(this.wakeUp)
  }

  /** A later job for the same chunk replaces a queued one: only the last word counts. */
  private enqueue (job: Job): void {
    if (this.stopped) return
    const key = job.cid.toString()
    this.queue.delete(key)
    this.queue.set(key, job)
    this.drain()
  }

  private drain (): void {
    clearTimeout(this.wakeUp)
    while (this.active < CONCURRENCY && this.queue.size > 0 && !this.stopped) {
      const [key, job] = this.queue.entries().next().value as [string, Job]
      const startAt = Math.min(this.lastBusy + this.timing.quietMs, job.queuedAt + this.timing.maxDelayMs)
      if (startAt > performance.now()) {
        this.wakeUp = setTimeout(() => { this.drain() }, startAt - performance.now())
        this.wakeUp.unref()
        return
      }
      this.queue.delete(key)
      this.active++
      void this.run(job).finally(() => {
        this.active--
        this.drain()
      })
    }
  }

  private async run ({ cid, provide }: Job): Promise<void> {
    try {
      if (provide) await this.routing.provide(cid, { signal: AbortSignal.timeout(PROVIDE_TIMEOUT_MS) })
      else await this.routing.cancelReprovide(cid)
    } catch (err) {
      if (!this.stopped) this.log(`DHT ${provide ? 'announce' : 'withdrawal'} of ${cid} failed: ${describeError(err)}`)
    }
  }
}
