// The network between the simulated peers: what one peer writes to another
// travels as a batch (a tick's messages, or a single one on a scattered
// network), lost, duplicated and delayed as one, now and then far longer
// than usual (longDelays); a partition or one-way cut decides who hears whom,
// and a batch that left on a connection the receiver has since closed is
// lost. Once calm (after the chaos) nothing is lost, duplicated or cut.
// Draws come from the cluster's generators, so a seed replays exactly.
import type { Message, NodeId } from '../../src/peer/consensus/types.js'
import type { SimGroup } from './group.js'
import type { Rng } from './prng.js'

export interface GroupMessage { group: SimGroup, m: Message }

/** What one peer wrote to another at once: every group's messages, in order. */
export interface Batch { from: NodeId, to: NodeId, messages: GroupMessage[], /** of the connection it left on */ epoch: number, sentAt: number }

/** A batch is lost when it matches a cut: `from` and `to` undefined match any peer. */
export interface OneWayCut { from?: NodeId, to?: NodeId }

export interface NetworkOptions {
  /** Chance that a batch is lost, and that it arrives twice. */
  loss: number
  duplication: number
  /** With longDelays: chance that a batch arrives up to `max` ticks after the usual MAX_DELAY. */
  longDelay: { chance: number, max: number } | undefined
}

const MAX_DELAY = 3

export class Network {
  /** Batches written, those carrying more than one group's messages, and those delayed long. */
  readonly counts = { batches: 0, coalesced: 0, longDelays: 0 }
  private chaos = true
  /** Batches in flight by the tick they arrive. */
  private readonly inflight = new Map<number, Batch[]>()
  /** The peers on the far side of a partition; undefined when there is none. */
  private far: Set<NodeId> | undefined
  private cuts: OneWayCut[] = []
  /** receiver -> sender -> connections closed so far. */
  private readonly closed = new Map<NodeId, Map<NodeId, number>>()

  constructor (private readonly rng: Rng, private readonly vrng: Rng, private readonly opts: NetworkOptions) {}

  get partitioned (): boolean { return this.far !== undefined }
  get hasOneWayCuts (): boolean { return this.cuts.length > 0 }

  /** Splits the peers: `far` on one side, everyone else on the other (an empty `far` is a partition that cuts no one); undefined heals. */
  partition (far: NodeId[] | undefined): void {
    this.far = far === undefined ? undefined : new Set(far)
  }

  /** Replaces the one-way cuts. */
  cut (cuts: OneWayCut[]): void {
    this.cuts = cuts
  }

  /** The chaos is over: every cut heals, and nothing is lost, duplicated or delayed long any more. */
  calm (): void {
    this.chaos = false
    this.far = undefined
    this.cuts = []
  }

  connected (from: NodeId, to: NodeId): boolean {
    if (this.far !== undefined && this.far.has(from) !== this.far.has(to)) return false
    return !this.cuts.some(c => (c.from === undefined || c.from === from) && (c.to === undefined || c.to === to))
  }

  /** `to` closes its connection from `from`: nothing still on it arrives. */
  close (from: NodeId, to: NodeId): void {
    let byFrom = this.closed.get(to)
    if (byFrom === undefined) this.closed.set(to, byFrom = new Map())
    byFrom.set(from, this.epoch(from, to) + 1)
  }

  send (now: number, from: NodeId, to: NodeId, messages: GroupMessage[]): void {
    this.counts.batches++
    if (messages.some(x => x.group !== messages[0].group)) this.counts.coalesced++
    if (this.chaos && this.rng.chance(this.opts.loss)) return
    const batch: Batch = { from, to, messages, epoch: this.epoch(from, to), sentAt: now }
    this.enqueue(now, batch)
    if (this.chaos && this.rng.chance(this.opts.duplication)) this.enqueue(now, batch)
  }

  /** Takes back what `from` sent at `now` (its process died before the writes left). */
  unsend (from: NodeId, now: number): void {
    for (const [at, due] of this.inflight) this.inflight.set(at, due.filter(b => b.from !== from || b.sentAt !== now))
  }

  /** The batches arriving at `now`, in a random order, but for those whose connection was closed. */
  arrivals (now: number): Batch[] {
    const due = this.inflight.get(now) ?? []
    this.inflight.delete(now)
    return this.rng.shuffle(due).filter(b => b.epoch === this.epoch(b.from, b.to))
  }

  private epoch (from: NodeId, to: NodeId): number {
    return this.closed.get(to)?.get(from) ?? 0
  }

  private enqueue (now: number, batch: Batch): void {
    let at = now + 1 + this.rng.int(MAX_DELAY)
    const long = this.opts.longDelay
    if (this.chaos && long !== undefined && this.vrng.chance(long.chance)) {
      at = now + 1 + MAX_DELAY + this.vrng.int(long.max)
      this.counts.longDelays++
    }
    const due = this.inflight.get(at)
    if (due === undefined) this.inflight.set(at, [batch])
    else due.push(batch)
  }
}
