// Every group's Raft state in two LMDB sub-databases that all groups share,
// keyed by group id: `raft/meta` ([group, 'hardState' | 'snapshot' |
// 'tombstone']) and `raft/log` ([group, index]). A peer can host any number of
// groups this way, where a sub-database per group would run into maxDbs.
import { randomBytes } from 'node:crypto';
import { NoSpaceError } from '../lmdb-failures.js';
import { readyBytes } from './durable-write.js';
const LAST_INDEX = Number.MAX_SAFE_INTEGER;
export class RaftStorage {
    store;
    meta;
    log;
    /** The hard state last written per group, to tell a commit-only change from a new term or vote. */
    hardStates = new Map();
    constructor(store) {
        this.store = store;
        this.meta = store.db('raft/meta');
        this.log = store.db('raft/log');
    }
    /** True when this peer holds state for the group (it was a member once). */
    hasState(group) {
        return this.meta.get([group, 'hardState']) != null || this.meta.get([group, 'snapshot']) != null;
    }
    /** Every group this peer holds state for. */
    groups() {
        const groups = new Set();
        for (const [group, field] of this.meta.getKeys())
            if (field === 'hardState' || field === 'snapshot')
                groups.add(group);
        return [...groups];
    }
    incarnation(group) {
        const stored = this.meta.get([group, 'incarnation']);
        if (stored != null)
            return stored;
        const made = randomBytes(8).toString('hex');
        // A synchronous write that meets a full disk can abort the process inside lmdb (lmdb-failures.ts).
        if (!this.store.fits({ bytes: made.length }))
            throw new NoSpaceError(`no room to open group ${group} on this peer`);
        this.meta.putSync([group, 'incarnation'], made);
        return made;
    }
    /** A destroyed group's id is never opened again on this peer. */
    isTombstoned(group) {
        return this.meta.get([group, 'tombstone']) != null;
    }
    load(group) {
        const hardState = this.meta.get([group, 'hardState']) ?? undefined;
        if (hardState != null)
            this.hardStates.set(group, hardState);
        const snapshot = this.meta.get([group, 'snapshot']) ?? undefined;
        const entries = [];
        for (const { key, value } of this.log.getRange({ start: [group, (snapshot?.index ?? 0) + 1], end: [group, LAST_INDEX] })) {
            entries.push({ index: key[1], term: value.term, type: value.type, data: value.data });
        }
        return { incarnation: this.incarnation(group), hardState, snapshot, entries };
    }
    /**
     * Persists the Readys of many groups in one transaction and resolves once it
     * is on disk: a vote or an ack must not leave before it is durable. A batch
     * that only moves commit indexes does not wait for the disk: Raft's commit
     * index may be lost in a crash (it is learnt again), and waiting would add
     * a disk flush to every commit. Throws NoSpaceError when the disk has no
     * room (store.ts), having written nothing.
     */
    async persist(readys) {
        const writes = readys.filter(({ ready }) => ready.hardState != null || ready.entries.length > 0 || ready.snapshot != null);
        if (writes.length === 0)
            return;
        const durable = writes.some(({ group, ready }) => ready.entries.length > 0 || ready.snapshot != null ||
            (ready.hardState != null && !sameTermAndVote(ready.hardState, this.hardStates.get(group))));
        const bytes = writes.reduce((sum, { ready }) => sum + readyBytes(ready), 0);
        await this.store.write(() => this.meta.transaction(() => {
            for (const { group, ready, also } of writes) {
                also?.();
                if (ready.snapshot != null) {
                    // A snapshot from the leader replaces the whole log: entries past it may conflict with the leader's.
                    this.meta.put([group, 'snapshot'], ready.snapshot);
                    this.removeEntries(group, 0);
                }
                if (ready.entries.length > 0) {
                    this.removeEntries(group, ready.entries[0].index);
                    for (const e of ready.entries)
                        this.log.put([group, e.index], { term: e.term, type: e.type, data: e.data });
                }
                if (ready.hardState != null)
                    this.meta.put([group, 'hardState'], ready.hardState);
            }
        }), { bytes, sync: durable });
        for (const { group, ready } of writes)
            if (ready.hardState != null)
                this.hardStates.set(group, ready.hardState);
    }
    /** Keeps `snapshot` and drops the entries it covers. */
    async compact(group, snapshot) {
        await this.store.write(() => this.meta.transaction(() => {
            this.meta.put([group, 'snapshot'], snapshot);
            for (const key of this.log.getKeys({ start: [group, 0], end: [group, snapshot.index + 1] }))
                this.log.remove(key);
        }), { bytes: snapshot.data.length });
    }
    /** Drops every trace of the group but a tombstone. */
    async destroy(group) {
        this.hardStates.delete(group);
        await this.store.write(() => this.meta.transaction(() => {
            this.meta.remove([group, 'hardState']);
            this.meta.remove([group, 'snapshot']);
            this.meta.remove([group, 'incarnation']);
            this.removeEntries(group, 0);
            this.meta.put([group, 'tombstone'], Date.now());
        }), { bytes: 0 });
    }
    /** Moves a group kept in the old layout (`raft/<group>/meta` and `raft/<group>/log`, one pair per group) into this one. */
    migrateLegacy(store, group) {
        const oldMeta = store.db(`raft/${group}/meta`);
        const oldLog = store.db(`raft/${group}/log`);
        const hardState = oldMeta.get('hardState');
        const snapshot = oldMeta.get('snapshot');
        if (hardState == null && snapshot == null)
            return;
        this.meta.transactionSync(() => {
            if (snapshot != null)
                this.meta.put([group, 'snapshot'], snapshot);
            if (hardState != null)
                this.meta.put([group, 'hardState'], hardState);
            for (const { key, value } of oldLog.getRange())
                this.log.put([group, key], value);
            for (const key of oldMeta.getKeys())
                oldMeta.remove(key);
            for (const key of oldLog.getKeys())
                oldLog.remove(key);
        });
    }
    removeEntries(group, from) {
        for (const key of this.log.getKeys({ start: [group, from], end: [group, LAST_INDEX] }))
            this.log.remove(key);
    }
}
function sameTermAndVote(a, b) {
    return b !== undefined && a.term === b.term && a.vote === b.vote;
}
//# sourceMappingURL=storage.js.map