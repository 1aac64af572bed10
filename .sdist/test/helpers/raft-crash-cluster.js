// The crash test's Raft members as child processes (raft-crash-member.ts), one
// LMDB directory each. Every Raft message passes through this process, which
// may drop, delay, duplicate or replay it, and can SIGKILL a member the moment its
// message shows it has voted, campaigned or acknowledged new entries.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageType } from '../../src/peer/consensus/types.js';
const VOTE_REQUESTS_KEPT = 8;
const MEMBER_SCRIPT = fileURLToPath(new URL('./raft-crash-member.js', import.meta.url));
export const NO_FAULTS = { drop: 0, duplicate: 0, delay: 0, maxDelayMs: 0, late: 0, lateVote: 0, lateMs: 0, replayVotes: false };
export class ProcessCluster {
    dir;
    ids;
    invariants;
    random;
    faults = NO_FAULTS;
    trap;
    /** At most this many members down at once, so a quorum can usually form. */
    maxDown;
    /** A member that died restarts within this many ms (at random); undefined: it stays down. */
    restartWithinMs;
    /** The member that last said it leads, while it lives. */
    leader;
    stats = { kills: 0, trapped: { vote: 0, campaign: 0, ack: 0 }, snapshotsRestored: 0 };
    running = new Map();
    /** Highest index each member acknowledged, so an 'ack' trap springs on new entries, not heartbeats. */
    acks = new Map();
    /** The last vote requests sent to each member, replayed when it restarts. */
    voteRequests = new Map();
    timers = new Set();
    nextRequest = 0;
    constructor(dir, ids, invariants, random) {
        this.dir = dir;
        this.ids = ids;
        this.invariants = invariants;
        this.random = random;
        this.maxDown = Math.floor((ids.length - 1) / 2);
    }
    isUp(id) { return this.running.has(id); }
    down() { return this.ids.filter(id => !this.running.has(id)); }
    applied(id) { return this.running.get(id)?.applied; }
    start(id) {
        if (this.running.has(id))
            return;
        const child = fork(MEMBER_SCRIPT, [id, join(this.dir, id), this.ids.join(','), String(process.pid)], {
            serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: []
        });
        const incarnation = { child, killed: false, applied: 0, results: new Map(), dumps: [] };
        this.running.set(id, incarnation);
        child.on('message', (m) => { this.heard(id, incarnation, m); });
        // 'close' comes after the IPC channel has delivered all the member said before dying.
        child.on('close', (code, signal) => { this.closed(id, incarnation, code, signal); });
    }
    /** SIGKILLs `id`; it restarts after it is gone if `restartWithinMs` says so. */
    kill(id) {
        const incarnation = this.running.get(id);
        if (incarnation == null || incarnation.killed)
            return;
        incarnation.killed = true;
        this.stats.kills++;
        incarnation.child.kill('SIGKILL');
    }
    killable() {
        return [...this.running.values()].filter(i => i.killed).length + this.down().length < this.maxDown;
    }
    async propose(id, value) {
        const incarnation = this.running.get(id);
        if (incarnation == null)
            return { error: 'down' };
        const request = ++this.nextRequest;
        const result = new Promise(resolve => { incarnation.results.set(request, resolve); });
        this.send(id, { kind: 'propose', id: request, value });
        return await result;
    }
    async dump(id) {
        const incarnation = this.running.get(id);
        if (incarnation == null)
            throw new Error(`${id} is down`);
        const values = new Promise(resolve => { incarnation.dumps.push(resolve); });
        this.send(id, { kind: 'dump' });
        return await values;
    }
    /** Kills every member and cancels every pending restart and delayed message. */
    async shutdown() {
        this.restartWithinMs = undefined;
        for (const timer of this.timers)
            clearTimeout(timer);
        await Promise.all([...this.running.values()].map(async (incarnation) => {
            const closed = new Promise(resolve => incarnation.child.once('close', resolve));
            incarnation.killed = true;
            incarnation.child.kill('SIGKILL');
            await closed;
        }));
    }
    heard(id, incarnation, m) {
        switch (m.kind) {
            case 'up':
                this.invariants.restarted(id, m.hardState);
                if (this.faults.replayVotes)
                    for (const message of this.voteRequests.get(id) ?? [])
                        this.send(id, { kind: 'recv', message });
                break;
            case 'send':
                this.relay(id, m.message);
                break;
            case 'durable':
                this.invariants.durable(id, m.term, m.vote);
                break;
            case 'leader':
                if (m.isSelf) {
                    this.invariants.led(id, m.term);
                    if (m.term >= (this.leader?.term ?? 0))
                        this.leader = { id, term: m.term };
                }
                else if (this.leader?.id === id) {
                    this.leader = undefined;
                }
                break;
            case 'applied':
                if (m.pos !== incarnation.applied + 1)
                    this.invariants.violations.push(`${id} applied command ${m.pos} after command ${incarnation.applied}`);
                incarnation.applied = m.pos;
                this.invariants.appliedAt(id, m.pos, m.value);
                break;
            case 'restored':
                this.stats.snapshotsRestored++;
                incarnation.applied = m.values.length;
                m.values.forEach((value, k) => { this.invariants.appliedAt(id, k + 1, value); });
                break;
            case 'result':
                incarnation.results.get(m.id)?.(m);
                incarnation.results.delete(m.id);
                break;
            case 'dump': incarnation.dumps.shift()?.(m.values);
        }
    }
    closed(id, incarnation, code, signal) {
        this.running.delete(id);
        if (!incarnation.killed)
            this.invariants.violations.push(`${id} died by itself (code ${code}, signal ${signal})`);
        for (const resolve of incarnation.results.values())
            resolve({ error: 'killed' });
        if (this.leader?.id === id)
            this.leader = undefined;
        for (const other of this.running.keys())
            this.send(other, { kind: 'lost', peer: id });
        if (this.restartWithinMs !== undefined)
            this.later(this.random() * this.restartWithinMs, () => { this.start(id); });
    }
    relay(from, m) {
        this.invariants.sent(from, m);
        if (m.type === MessageType.Vote)
            this.voteRequests.set(m.to, [...this.voteRequests.get(m.to) ?? [], m].slice(-VOTE_REQUESTS_KEPT));
        const { drop, duplicate, delay, maxDelayMs, lateMs } = this.faults;
        const late = m.type === MessageType.Vote ? this.faults.lateVote : this.faults.late;
        if (this.random() >= drop) {
            const copies = this.random() < duplicate ? 2 : 1;
            for (let i = 0; i < copies; i++) {
                const roll = this.random();
                const ms = roll < late ? this.random() * lateMs : roll < late + delay ? this.random() * maxDelayMs : 0;
                if (ms > 0)
                    this.later(ms, () => { this.send(m.to, { kind: 'recv', message: m }); });
                else
                    this.send(m.to, { kind: 'recv', message: m });
            }
        }
        if (this.springs(from, m) && this.killable()) {
            this.stats.trapped[this.trap]++;
            this.trap = undefined;
            this.kill(from);
        }
    }
    springs(from, m) {
        if (m.type === MessageType.AppendResponse && !m.reject) {
            const newEntries = m.logIndex > (this.acks.get(from) ?? 0);
            this.acks.set(from, Math.max(m.logIndex, this.acks.get(from) ?? 0));
            return this.trap === 'ack' && newEntries;
        }
        if (this.trap === 'vote')
            return m.type === MessageType.VoteResponse && !m.reject;
        return this.trap === 'campaign' && m.type === MessageType.Vote;
    }
    send(id, message) {
        const child = this.running.get(id)?.child;
        // A member that has just died loses what is sent to it, as on a network.
        if (child?.connected === true)
            child.send(message, () => { });
    }
    later(ms, fn) {
        const timer = setTimeout(() => {
            this.timers.delete(timer);
            fn();
        }, ms);
        this.timers.add(timer);
    }
}
//# sourceMappingURL=raft-crash-cluster.js.map