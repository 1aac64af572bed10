// The Activity view's history: the swarm's rates, sampled from the console
// peer's status answer (every peer's heartbeat totals) while some page asks
// for them. No page asking for IDLE_MS stops the sampling and forgets it.
import type { PeerStatus } from '../client/swarm.js'

export const SAMPLE_EVERY_MS = 2_000
const KEEP = 150
const IDLE_MS = 30_000

type Totals = Pick<PeerStatus, 'bytesIn' | 'bytesOut' | 'kvOps' | 'elections'>
const FIGURES = ['bytesIn', 'bytesOut', 'kvOps', 'elections'] as const

/** The whole swarm over one sample's interval: bytes and KV requests per second, elections won in it. */
export interface ActivitySample {
  at: number
  bytesIn: number
  bytesOut: number
  kvOps: number
  elections: number
}

export class ActivitySampler {
  private readonly samples: ActivitySample[] = []
  /** Each peer's totals at the last sample, and when it was taken. */
  private last?: { at: number, peers: Map<string, Totals> }
  private timer?: NodeJS.Timeout
  private askedAt = 0
  private sampling = false

  constructor (private readonly read: () => Promise<Array<Totals & { id: string }>>, private readonly everyMs = SAMPLE_EVERY_MS) {}

  /** The samples so far; asking keeps the sampling going (and starts it). */
  history (): ActivitySample[] {
    this.askedAt = Date.now()
    if (this.timer === undefined) {
      this.timer = setInterval(() => { void this.tick() }, this.everyMs).unref()
      void this.tick()
    }
    return this.samples
  }

  stop (): void {
    clearInterval(this.timer)
    this.timer = undefined
    this.last = undefined
    this.samples.length = 0
  }

  private async tick (): Promise<void> {
    if (Date.now() - this.askedAt > IDLE_MS) { this.stop(); return }
    if (this.sampling) return
    this.sampling = true
    try {
      this.record(Date.now(), new Map((await this.read()).map(peer => [peer.id, peer])))
    } catch {
      // The swarm did not answer: this interval has no sample, the next one spans both.
    } finally {
      this.sampling = false
    }
  }

  private record (at: number, peers: Map<string, Totals>): void {
    const last = this.last
    this.last = { at, peers }
    if (last === undefined) return
    const sample: ActivitySample = { at, bytesIn: 0, bytesOut: 0, kvOps: 0, elections: 0 }
    for (const [id, now] of peers) {
      const before = last.peers.get(id)
      if (before === undefined) continue
      // A total that went down is a restarted peer counting from zero again.
      for (const figure of FIGURES) sample[figure] += now[figure] >= before[figure] ? now[figure] - before[figure] : now[figure]
    }
    const seconds = (at - last.at) / 1000
    for (const figure of ['bytesIn', 'bytesOut', 'kvOps'] as const) sample[figure] = Math.round(sample[figure] / seconds)
    this.samples.push(sample)
    if (this.samples.length > KEEP) this.samples.shift()
  }
}
