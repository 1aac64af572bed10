// One consensus group on this peer: its RaftCore, its state machine, and the
// callers waiting on proposals and reads. The GroupHost (host.ts) drives every
// group: it feeds inputs, persists each Ready, then calls deliver() to send,
// apply and advance. Inputs queue in the host, so the core never sees a step
// between ready() and advance().
import { EventEmitter } from 'node:events';
import { NotLeaderError, RaftCore } from './core.js';
import { EntryType, MessageType, Role } from './types.js';
function isDurable(machine) {
    return 'durable' in machine && machine.durable;
}
/**
 * Heartbeats every 50 ms, election timeout randomised in [250, 500) ms. The
 * 10 ms tick matters: with 25 ms ticks there were only ten distinct timeouts,
 * so two followers often campaigned in the same tick and split the vote.
 */
export const DEFAULT_TIMING = { tickMs: 10, electionTicks: 25, heartbeatTicks: 5 };
const SNAPSHOT_EVERY_ENTRIES = 1_000;
const EMPTY = new Uint8Array(0);
export class ProposalDroppedError extends Error {
    name = 'ProposalDroppedError';
}
/** Emits 'leader' (LeaderChange) when leadership changes. */
export class RaftGroup extends EventEmitter {
    group;
    core;
    options;
    context;
    waiters = new Map();
    /** Reads asked of the core and not yet confirmed, by read id. */
    reads = new Map();
    /** Confirmed reads waiting for their index to apply. */
    confirmed = [];
    nextReadId = 0;
    /** A durable state's snapshot being received. */
    receiving;
    /** A durable state's snapshot received and stepped, waiting for the Ready that records it. */
    installing;
    lastLeader = '';
    lastTerm = 0;
    snapshotIndex;
    closed = false;
    constructor(options, context, persisted) {
        super();
        this.group = options.group;
        this.options = options;
        this.context = context;
        const { incarnation, hardState, snapshot, entries } = persisted;
        const machine = options.stateMachine;
        if (snapshot != null && !isDurable(machine))
            machine.restore(snapshot.data);
        this.core = new RaftCore({
            id: context.self,
            incarnation,
            electionTicks: context.timing.electionTicks,
            heartbeatTicks: context.timing.heartbeatTicks,
            random: Math.random,
            hardState,
            snapshot,
            entries,
            applied: isDurable(machine) ? machine.appliedIndex() : snapshot?.index ?? 0,
            conf: hardState == null && snapshot == null ? options.bootstrapConf : undefined
        });
        this.snapshotIndex = snapshot?.index ?? 0;
    }
    status() {
        return this.core.status();
    }
    campaign() {
        this.input(() => { this.core.campaign(); });
    }
    transferLeadership(to) {
        this.input(() => {
            // Leadership may have moved since the caller looked: then there is nothing to hand over.
            try {
                this.core.transferLeadership(to);
            }
            catch (err) {
                this.options.log.error(`leadership not handed to ${to}`, err);
            }
        });
    }
    /** Proposes a command; resolves with the state machine's result once applied here. */
    async propose(data, signal) {
        return await this.submit(this.waiters, () => this.core.propose(data), signal);
    }
    async proposeConfChange(change, signal) {
        await this.submit(this.waiters, () => this.core.proposeConfChange(change), signal);
    }
    /**
     * Resolves once this replica may serve a linearizable read: a quorum has
     * confirmed its leadership after the call (ReadIndex), and it has applied
     * everything committed before. Rejects with NotLeaderError elsewhere.
     */
    async read(signal) {
        await this.submit(this.reads, () => {
            const id = ++this.nextReadId;
            this.core.readIndex(id);
            return id;
        }, signal);
    }
    // ---- the host's side ----
    step(message) { this.core.step(message); }
    tick() { this.core.tick(); }
    isQuiesced() { return this.core.isQuiesced(); }
    leader() { return this.core.leader(); }
    wake(deadLeader) { this.core.wake(deadLeader); }
    reportUnreachable(to) { this.core.reportUnreachable(to); }
    hasReady() { return !this.closed && this.core.hasReady(); }
    ready() { return this.core.ready(); }
    /** Where the bytes of a snapshot this group is sent go; the Snapshot message is stepped once they are all in. */
    snapshotSink(message) {
        const machine = this.options.stateMachine;
        const meta = message.snapshot;
        if (isDurable(machine)) {
            // The newest transfer wins. One cut short without a word may still be
            // open, and may even go on: it must write and install nothing more.
            this.receiving?.abort();
            const install = machine.beginInstall();
            let superseded = false;
            const receiving = { abort: () => { superseded = true; install.abort(); } };
            this.receiving = receiving;
            const end = () => { if (this.receiving === receiving)
                this.receiving = undefined; };
            const live = () => { if (superseded)
                throw new Error(`a newer snapshot of ${this.group} is being received`); };
            return {
                write: async (bytes) => { live(); await install.write(bytes); },
                abort: () => { end(); if (!superseded)
                    install.abort(); },
                finish: () => {
                    live();
                    end();
                    this.input(() => {
                        this.core.step(message);
                        if (this.core.pendingSnapshotIndex() !== meta.index) {
                            install.abort();
                            return;
                        }
                        this.installing?.install.abort();
                        this.installing = { index: meta.index, install };
                    }, () => { install.abort(); });
                }
            };
        }
        const pieces = [];
        return {
            write: bytes => { pieces.push(bytes.slice()); },
            abort: () => { },
            finish: () => { this.input(() => { this.core.step({ ...message, snapshot: { ...meta, data: Buffer.concat(pieces) } }); }); }
        };
    }
    /** Writes to make in the transaction that persists `ready`: the switch to a received state it records. */
    writesWith(ready) {
        const installing = this.installing;
        if (ready.snapshot == null || installing?.index !== ready.snapshot.index)
            return undefined;
        return () => { installing.install.commit(installing.index); };
    }
    /** After `ready` is durable: send, restore, apply, advance, settle reads, maybe compact. */
    async deliver(ready) {
        for (const message of ready.messages)
            await this.sendMessage(message);
        if (ready.snapshot != null)
            this.installSnapshot(ready.snapshot);
        this.apply(ready.committed);
        this.core.advance(ready);
        for (const { id, index } of ready.readStates) {
            const waiter = this.reads.get(id);
            this.reads.delete(id);
            if (waiter != null)
                this.confirmed.push({ index, waiter });
        }
        this.settleReads();
        await this.maybeCompact();
    }
    /** Called by the host after a batch: announces leadership changes and fails reads a lost leadership cannot confirm. */
    noticeChanges() {
        const status = this.core.status();
        const leader = status.role === Role.Leader ? status.id : status.leader;
        if (leader === this.lastLeader && status.term === this.lastTerm)
            return;
        this.lastLeader = leader;
        this.lastTerm = status.term;
        for (const [id, waiter] of this.reads) {
            if (waiter.term === status.term && status.role === Role.Leader)
                continue;
            this.reads.delete(id);
            waiter.reject(new NotLeaderError(status.leader));
        }
        // A proposal outlives its leader's term: it may still commit under the next
        // leader, so it settles when its index is applied (or by its signal), never
        // here with a retryable "not leader" that would make a client apply it twice.
        try {
            this.emit('leader', { leader, term: status.term, isSelf: leader === status.id });
        }
        catch (err) {
            this.options.log.error('a leadership listener failed', err);
        }
    }
    /** The host closed the group: everyone still waiting is told. */
    close() {
        this.closed = true;
        this.receiving?.abort();
        this.installing?.install.abort();
        const dropped = new ProposalDroppedError('consensus group stopped');
        for (const waiter of [...this.waiters.values(), ...this.reads.values(), ...this.confirmed.map(c => c.waiter)])
            waiter.reject(dropped);
        this.waiters.clear();
        this.reads.clear();
        this.confirmed = [];
    }
    input(fn, dropped) {
        this.context.enqueue(this.group, fn, dropped);
    }
    async submit(waiters, start, signal) {
        if (this.closed)
            throw new ProposalDroppedError('consensus group stopped');
        signal?.throwIfAborted();
        const { promise, resolve, reject } = Promise.withResolvers();
        // The abort listener is attached before queueing, so a caller settles on
        // its signal even if the group stops before the input reaches the core.
        const onAbort = () => { reject(signal?.reason); };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.input(() => {
            try {
                const key = start();
                waiters.get(key)?.reject(new ProposalDroppedError('log index reused by a newer proposal'));
                waiters.set(key, { term: this.core.status().term, resolve, reject });
            }
            catch (err) {
                reject(err);
            }
        }, () => { reject(new ProposalDroppedError('consensus group stopped')); });
        try {
            return await promise;
        }
        finally {
            signal?.removeEventListener('abort', onAbort);
        }
    }
    async sendMessage(message) {
        const machine = this.options.stateMachine;
        if (message.type !== MessageType.Snapshot || !isDurable(machine)) {
            this.context.send(this.group, message);
            return;
        }
        // The state is its own snapshot: what is committed of it, at the index it records.
        await machine.flush();
        const reader = machine.readSnapshot();
        this.context.send(this.group, { ...message, snapshot: this.core.snapshotAt(reader.index) }, reader);
    }
    installSnapshot(snapshot) {
        const machine = this.options.stateMachine;
        if (!isDurable(machine))
            machine.restore(snapshot.data);
        else if (this.installing?.index === snapshot.index) {
            this.installing.install.committed();
            this.installing = undefined;
        }
        this.snapshotIndex = snapshot.index;
        for (const [index, waiter] of this.waiters) {
            if (index > snapshot.index)
                continue;
            this.waiters.delete(index);
            waiter.reject(new ProposalDroppedError('outcome unknown: the log up to this proposal was replaced by a snapshot'));
        }
    }
    apply(committed) {
        const machine = this.options.stateMachine;
        for (const entry of committed) {
            let result;
            let failure;
            if (entry.type !== EntryType.Normal && isDurable(machine) && !this.alreadyApplied(entry.index))
                machine.skip(entry.index);
            if (entry.type === EntryType.Normal && !this.alreadyApplied(entry.index)) {
                try {
                    result = this.options.stateMachine.apply(entry.data, entry.index);
                }
                catch (err) {
                    failure = err;
                }
            }
            const waiter = this.waiters.get(entry.index);
            if (waiter == null)
                continue;
            this.waiters.delete(entry.index);
            if (waiter.term !== entry.term)
                waiter.reject(new ProposalDroppedError('leadership changed before the proposal committed'));
            else if (failure != null)
                waiter.reject(failure);
            else
                waiter.resolve(result);
        }
    }
    alreadyApplied(index) {
        const machine = this.options.stateMachine;
        return isDurable(machine) && index <= machine.appliedIndex();
    }
    settleReads() {
        if (this.confirmed.length === 0)
            return;
        const { applied } = this.core.status();
        this.confirmed = this.confirmed.filter(({ index, waiter }) => {
            if (index > applied)
                return true;
            waiter.resolve(undefined);
            return false;
        });
    }
    async maybeCompact() {
        const { applied, snapshotWanted } = this.core.status();
        const due = applied - this.snapshotIndex >= (this.options.snapshotEvery ?? SNAPSHOT_EVERY_ENTRIES);
        if (!due && !(snapshotWanted && applied > this.snapshotIndex))
            return;
        const machine = this.options.stateMachine;
        // The log up to `applied` may go only once the state it built is on disk.
        if (isDurable(machine))
            await machine.flush();
        const snapshot = this.core.compact(applied, isDurable(machine) ? EMPTY : machine.snapshot());
        if (snapshot === undefined)
            return;
        this.snapshotIndex = snapshot.index;
        await this.context.compact(this.group, snapshot);
    }
}
//# sourceMappingURL=driver.js.map