export class RaftLog {
    /** The compacted prefix; index 0, term 0 when nothing was ever compacted. */
    snapshot;
    /** Entries snapshot.index+1 .. lastIndex(), in order. */
    entries;
    committed;
    /** Last index the driver applied (advanced). */
    applied;
    /** Last committed index handed out in a Ready (>= applied). */
    applying;
    /** Last index the driver persisted (advanced). */
    stabled;
    /** Last index handed out in a Ready to persist (>= stabled). */
    persisting;
    /** A snapshot from the leader not yet handed out in a Ready. */
    unstableSnapshot;
    constructor(snapshot, entries) {
        this.snapshot = snapshot;
        this.entries = entries.filter(e => e.index > snapshot.index);
        this.entries.forEach((e, k) => {
            if (e.index !== snapshot.index + 1 + k)
                throw new RangeError(`restored entries are not contiguous after index ${snapshot.index}`);
        });
        this.committed = this.applied = this.applying = snapshot.index;
        this.stabled = this.persisting = this.lastIndex();
    }
    firstIndex() { return this.snapshot.index + 1; }
    lastIndex() { return this.snapshot.index + this.entries.length; }
    lastTerm() { return this.term(this.lastIndex()) ?? 0; }
    /** The term of the entry at `index`, or undefined when it is compacted away or beyond the log. */
    term(index) {
        if (index === this.snapshot.index)
            return this.snapshot.term;
        if (index < this.snapshot.index || index > this.lastIndex())
            return undefined;
        return this.entries[index - this.snapshot.index - 1].term;
    }
    matchTerm(index, term) { return this.term(index) === term; }
    /** Raft's vote rule: a log ending at (index, term) is at least as up to date as ours. */
    isUpToDate(index, term) {
        const lastTerm = this.lastTerm();
        return term > lastTerm || (term === lastTerm && index >= this.lastIndex());
    }
    /** Entries in [lo, hi); both within the log. */
    slice(lo, hi) {
        const offset = this.snapshot.index + 1;
        return this.entries.slice(lo - offset, hi - offset);
    }
    /** The index of the first of `entries` that our log lacks or holds with another term; 0 when all match. */
    findConflict(entries) {
        for (const e of entries)
            if (!this.matchTerm(e.index, e.term))
                return e.index;
        return 0;
    }
    /**
     * The last index <= `index` whose term is <= `term`, with that term (0 when
     * unknown). No entry after it can match a log whose entry at `index` has
     * `term`, so a leader can skip a whole term at once when backing off.
     */
    findConflictByTerm(index, term) {
        for (; index > 0; index--) {
            const t = this.term(index);
            if (t === undefined)
                return [index, 0];
            if (t <= term)
                return [index, t];
        }
        return [0, 0];
    }
    /** Appends `entries`, first replacing any we hold from entries[0].index on. */
    append(entries) {
        const first = entries[0].index;
        this.entries.length = first - this.snapshot.index - 1;
        for (const e of entries)
            this.entries.push(e);
        this.stabled = Math.min(this.stabled, first - 1);
        this.persisting = Math.min(this.persisting, first - 1);
    }
    commitTo(index) {
        this.committed = Math.max(this.committed, Math.min(index, this.lastIndex()));
    }
    /** Replaces the whole log with a snapshot from the leader; `applied` moves only when the driver has restored it (appliedTo). */
    restore(s) {
        this.snapshot = s;
        this.entries = [];
        this.committed = this.applying = this.stabled = this.persisting = s.index;
        this.unstableSnapshot = s;
    }
    /** Drops the entries up to `s.index`, which the driver has applied and snapshotted. */
    compact(s) {
        this.entries = this.entries.slice(s.index - this.snapshot.index);
        this.snapshot = s;
        this.stabled = Math.max(this.stabled, s.index);
        this.persisting = Math.max(this.persisting, s.index);
    }
    unstableEntries() { return this.slice(this.persisting + 1, this.lastIndex() + 1); }
    nextCommitted() { return this.slice(this.applying + 1, this.committed + 1); }
    /** The driver persisted up to (index, term); ignored when that entry has since been replaced. */
    stableTo(index, term) {
        if (index > this.stabled && this.matchTerm(index, term))
            this.stabled = index;
        this.persisting = Math.max(this.persisting, this.stabled);
    }
    appliedTo(index) {
        this.applied = Math.max(this.applied, index);
        this.applying = Math.max(this.applying, this.applied);
    }
}
//# sourceMappingURL=log.js.map