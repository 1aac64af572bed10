// The leader's view of one follower's log and the flow control of what it
// sends there (etcd-raft's tracker.Progress).
export var ProgressState;
(function (ProgressState) {
    /** Unsure where the follower's log matches ours: one append at a time. */
    ProgressState["Probe"] = "probe";
    /** Matching: stream appends optimistically, up to a window of unacknowledged ones. */
    ProgressState["Replicate"] = "replicate";
    /** A snapshot is on its way; send nothing else until it is acknowledged. */
    ProgressState["Snapshot"] = "snapshot";
})(ProgressState || (ProgressState = {}));
export class Progress {
    maxInflight;
    /** Highest index known to match our log. */
    match = 0;
    /** Next index to send. */
    next;
    state = ProgressState.Probe;
    /** Probe: an append is out and unanswered. */
    probeSent = false;
    pendingSnapshot = 0;
    /** Ticks spent in Snapshot state; a snapshot lost without a word is resent after a while. */
    snapshotTicks = 0;
    /** Heard from since the last check-quorum round. */
    recentActive = true;
    /** Highest commit index this follower can have learnt from us. */
    sentCommit = 0;
    /** The replica incarnation the follower last answered as ('' when it names none). */
    incarnation = '';
    /** Replicate: the last index of each unacknowledged append, oldest first. */
    inflights = [];
    constructor(next, maxInflight) {
        this.maxInflight = maxInflight;
        this.next = next;
    }
    becomeProbe() { this.reset(ProgressState.Probe); }
    /** Another replica answers for this member now (the old one lost its state): nothing known of the old one's log holds. */
    replaced(next) {
        this.match = 0;
        this.sentCommit = 0;
        this.becomeProbe();
        this.next = next;
    }
    becomeReplicate() { this.reset(ProgressState.Replicate); }
    becomeSnapshot(index) {
        this.reset(ProgressState.Snapshot);
        this.pendingSnapshot = index;
    }
    reset(state) {
        this.state = state;
        this.next = this.match + 1;
        this.probeSent = false;
        this.pendingSnapshot = 0;
        this.snapshotTicks = 0;
        this.inflights = [];
    }
    /** The follower has our log up to `index`; false when that is not news. */
    maybeUpdate(index) {
        if (index <= this.match)
            return false;
        this.match = index;
        this.next = Math.max(this.next, index + 1);
        return true;
    }
    /**
     * The follower refused an append after `rejected`; `hint` is the last index
     * that may still match. False when the refusal is stale.
     */
    maybeDecrTo(rejected, hint) {
        if (this.state === ProgressState.Replicate) {
            if (rejected <= this.match)
                return false;
            this.becomeProbe();
            return true;
        }
        // A refusal at or below what the follower already acknowledged says nothing new: resending at once would spin.
        if (this.state === ProgressState.Snapshot || this.next - 1 !== rejected || rejected <= this.match)
            return false;
        this.next = Math.max(Math.min(rejected, hint + 1), this.match + 1);
        this.probeSent = false;
        return true;
    }
    isPaused() {
        switch (this.state) {
            case ProgressState.Probe: return this.probeSent;
            case ProgressState.Replicate: return this.inflights.length >= this.maxInflight;
            case ProgressState.Snapshot: return true;
        }
    }
    /** An append of `count` entries ending at `last` went out. */
    sent(last, count) {
        if (this.state === ProgressState.Probe) {
            this.probeSent = true;
        }
        else if (count > 0) {
            this.next = last + 1;
            this.inflights.push(last);
        }
    }
    acked(index) {
        while (this.inflights.length > 0 && this.inflights[0] <= index)
            this.inflights.shift();
    }
    /** Lets one more append out of a full window, so a window of lost appends cannot stall the follower. */
    freeOne() {
        if (this.inflights.length >= this.maxInflight)
            this.inflights.shift();
    }
}
//# sourceMappingURL=progress.js.map