// The leader's view of one follower's log and the flow control of what it
// sends there (etcd-raft's tracker.Progress).

export enum ProgressState {
  /** Unsure where the follower's log matches ours: one append at a time. */
  Probe = 'probe',
  /** Matching: stream appends optimistically, up to a window of unacknowledged ones. */
  Replicate = 'replicate',
  /** A snapshot is on its way; send nothing else until it is acknowledged. */
  Snapshot = 'snapshot'
}

export class Progress {
  /** Highest index known to match our log. */
  match = 0
  /** Next index to send. */
  next: number
  state = ProgressState.Probe
  /** Probe: an append is out and unanswered. */
  probeSent = false
  pendingSnapshot = 0
  /** Ticks spent in Snapshot state; a snapshot lost without a word is resent after a while. */
  snapshotTicks = 0
  /** Heard from since the last check-quorum round. */
  recentActive = true
  /** Highest commit index this follower can have learnt from us. */
  sentCommit = 0
  /** The replica incarnation the follower last answered as ('' when it names none). */
  incarnation = ''
  /** Replicate: the last index of each unacknowledged append, oldest first. */
  private inflights: number[] = []

  constructor (next: number, private readonly maxInflight: number) {
    this.next = next
  }

  becomeProbe (): void { this.reset(ProgressState.Probe) }
  becomeReplicate (): void { this.reset(ProgressState.Replicate) }
  becomeSnapshot (index: number): void {
    this.reset(ProgressState.Snapshot)
    this.pendingSnapshot = index
  }

  private reset (state: ProgressState): void {
    this.state = state
    this.next = this.match + 1
    this.probeSent = false
    this.pendingSnapshot = 0
    this.snapshotTicks = 0
    this.inflights = []
  }

  /** The follower has our log up to `index`; false when that is not news. */
  maybeUpdate (index: number): boolean {
    if (index <= this.match) return false
    this.match = index
    this.next = Math.max(this.next, index + 1)
    return true
  }

  /**
   * The follower refused an append after `rejected`; `hint` is the last index
   * that may still match. False when the refusal is stale.
   */
  maybeDecrTo (rejected: number, hint: number): boolean {
    if (this.state === ProgressState.Replicate) {
      if (rejected <= this.match) return false
      this.becomeProbe()
      return true
    }
    // A refusal at or below what the follower already acknowledged says nothing new: resending at once would spin.
    if (this.state === ProgressState.Snapshot || this.next - 1 !== rejected || rejected <= this.match) return false
    this.next = Math.max(Math.min(rejected, hint + 1), this.match + 1)
    this.probeSent = false
    return true
  }

  isPaused (): boolean {
    switch (this.state) {
      case ProgressState.Probe: return this.probeSent
      case ProgressState.Replicate: return this.inflights.length >= this.maxInflight
      case ProgressState.Snapshot: return true
    }
  }

  /** An append of `count` entries ending at `last` went out. */
  sent (last: number, count: number): void {
    if (this.state === ProgressState.Probe) {
      this.probeSent = true
    } else if (count > 0) {
      this.next = last + 1
      this.inflights.push(last)
    }
  }

  acked (index: number): void {
    while (this.inflights.length > 0 && this.inflights[0] <= index) this.inflights.shift()
  }

  /** Lets one more append out of a full window, so a window of lost appends cannot stall the follower. */
  freeOne (): void {
    if (this.inflights.length >= this.maxInflight) this.inflights.shift()
  }
}
