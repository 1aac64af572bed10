// Keeps this server's DHT provider records in step with its chunks: each
// stored chunk is announced, each removed one withdrawn, a few at a time in
// the background (the DHT is the index of last resort; puts never wait on it).
import type { CID } from 'multiformats/cid'
import { describeError, type Logger } from '../../peer/log.js'
import type { PeerNode } from '../../peer/node.js'

const CONCURRENCY = 2
const PROVIDE_TIMEOUT_MS = 30_000

type Job = { cid: CID, provide: boolean }

export class Announcer {
  private readonly queue = new Map<string, Job>()
  private active = 0
  private stopped = false

  constructor (private readonly node: PeerNode, private readonly log: Logger) {}

  provide (cid: CID): void {
    this.enqueue({ cid, provide: true })
  }

  withdraw (cid: CID): void {
    this.enqueue({ cid, provide: false })
  }

  stop (): void {
    this.stopped = true
    this.queue.clear()
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
    while (this.active < CONCURRENCY && this.queue.size > 0 && !this.stopped) {
      const [key, job] = this.queue.entries().next().value as [string, Job]
      this.queue.delete(key)
      this.active++
      void this.run(job).finally(() => {
        this.active--
        this.drain()
      })
    }
  }

  private async run ({ cid, provide }: Job): Promise<void> {
    const routing = this.node.contentRouting
    try {
      if (provide) await routing.provide(cid, { signal: AbortSignal.timeout(PROVIDE_TIMEOUT_MS) })
      else await routing.cancelReprovide(cid)
    } catch (err) {
      if (!this.stopped) this.log(`DHT ${provide ? 'announce' : 'withdrawal'} of ${cid} failed: ${describeError(err)}`)
    }
  }
}
