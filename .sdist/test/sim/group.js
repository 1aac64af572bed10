// One Raft group of the simulation: its replicas (one SimNode per peer that
// hosts it), its own Checker, its clients' proposals, membership changes,
// compaction and leadership transfers, the operator replacing a replica whose
// peer lost its disk, and the liveness check after healing. Everything that
// happens to peers (crashes, partitions, clocks, stalls, the network, the
// failure detector) belongs to the cluster (cluster.ts) and is shared by every
// group the peer hosts.
import { ConfChangeInProgressError, NotLeaderError, decodeConfChange } from '../../src/peer/consensus/core.js';
import { EntryType, Role } from '../../src/peer/consensus/types.js';
import { Checker, digest } from './checker.js';
import { SimNode } from './node.js';
const COMPACT_AFTER = 8;
const encoder = new TextEncoder();
export class SimGroup {
    peers;
    name;
    opts;
    params;
    rng;
    lagReady;
    checker = new Checker();
    /** Every replica the group ever had, by peer. */
    nodes = new Map();
    /** Replicas whose removal committed: shut down at the next tick, never started again. */
    retiring = new Set();
    retired = new Set();
    replacement;
    report = { committed: 0, confChanges: 0, replacements: 0, leaderRemovals: 0, leaderRemovalsCut: 0 };
    /** In the liveness check: recovered since the last heal or return. */
    recovered = false;
    /** As of the last tick: every running replica was quiet. */
    quiet = false;
    termAtHeal = 0;
    text;
    proposals = 0;
    committed = new Set();
    confChanges = new Set();
    /** The proposal made after healing that every member must apply. */
    finalProposal;
    constructor(peers, name, opts, voters, params, rng, lagReady) {
        this.peers = peers;
        this.name = name;
        this.opts = opts;
        this.params = params;
        this.rng = rng;
        this.lagReady = lagReady;
        this.text = `${opts.voters} voter${opts.voters === 1 ? '' : 's'}${opts.membership ? ', membership' : ''}, load ${opts.load}`;
        for (const id of voters)
            this.addReplica(id, { voters, learners: [] });
    }
    /** A replica of this group on `peer`; without `conf` it has empty state and waits to be contacted. */
    addReplica(peer, conf) {
        const node = new SimNode(peer, this.params, this.rng.fork(), {
            send: messages => { this.peers.send(peer, this, messages); },
            applied: (_, e) => { this.applied(e); }
        }, this.checker, conf);
        node.lagReady = this.lagReady;
        this.nodes.set(peer, node);
        this.peers.host(peer, this, node);
        return node;
    }
    /** Shuts down the replicas whose removal committed, as an operator would. */
    retire() {
        const ids = [...this.retiring];
        for (const id of ids) {
            this.nodes.get(id)?.crash();
            this.retired.add(id);
        }
        this.retiring.clear();
        return ids;
    }
    /** `peer` holds a replica of the group that was neither retired nor lost with its disk. */
    hosted(peer) {
        return this.nodes.has(peer) && !this.retired.has(peer) && !this.peers.isLost(peer);
    }
    live() {
        return [...this.nodes.values()].filter(n => n.live);
    }
    leaders() {
        return this.live().filter(n => n.isLeader);
    }
    /** Whether every running replica is quiet; undefined when none runs. */
    allQuiet() {
        const running = this.live();
        return running.length === 0 ? undefined : running.every(n => n.core?.isQuiesced() === true);
    }
    /** Leaders whose process is running (not stalled), so a client or operator gets an answer. */
    responsiveLeaders() {
        return this.leaders().filter(n => !this.peers.isStalled(n.id));
    }
    /** The group's share of the chaos: clients, compaction, membership, transfers. */
    makeTrouble() {
        const rng = this.rng;
        if (rng.chance(this.opts.load)) {
            for (let n = rng.int(4); n >= 0; n--)
                this.propose(`p${++this.proposals}`);
        }
        for (const node of this.live())
            if (rng.chance(0.05) && !this.peers.isStalled(node.id))
                node.compact(COMPACT_AFTER);
        if (this.opts.membership && rng.chance(Math.min(0.05, this.opts.load)) && this.replacement === undefined)
            this.changeMembership();
        if (rng.chance(0.005))
            this.transfer();
    }
    applied(e) {
        if (e.type === EntryType.Normal)
            this.committed.add(e.index);
        if (e.type !== EntryType.ConfChange)
            return;
        if (e.term > 1)
            this.confChanges.add(e.index); // term 1 holds the bootstrap conf
        const cc = decodeConfChange(e.data);
        // A removed replica whose removal is committed is shut down, as an operator would.
        if (cc.type === 'remove' && !this.retired.has(cc.node))
            this.retiring.add(cc.node);
        const r = this.replacement;
        let done = false;
        if (r?.stage === 'remove' && cc.type === 'remove' && cc.node === r.old)
            r.stage = 'add';
        else if (r?.stage === 'add' && cc.type === 'addLearner' && cc.node === r.fresh && r.wasVoter)
            r.stage = 'promote';
        else if (r?.stage === 'add' && cc.type === 'addLearner' && cc.node === r.fresh)
            done = true;
        else if (r?.stage === 'promote' && cc.type === 'addVoter' && cc.node === r.fresh)
            done = true;
        if (done) {
            this.replacement = undefined;
            this.report.replacements++;
        }
    }
    /** The peer is losing its disk (call before it is wiped): the operator starts replacing its replica by one on `fresh`. */
    replace(old, fresh) {
        const node = this.nodes.get(old);
        const [newest] = node?.storedConfs() ?? [{ voters: [], learners: [] }];
        const leaderConf = this.responsiveLeaders()[0]?.core?.status().conf;
        const wasVoter = (leaderConf ?? newest).voters.includes(old);
        this.replacement = { old, fresh, wasVoter, stage: 'remove' };
    }
    /** May the peer `id` lose its disk? Only where the others are a quorum of every conf in play, and no replacement is under way. */
    mayLose(id) {
        if (!this.hosted(id))
            return true;
        return this.replacement === undefined && !this.confsInPlay().some(c => c.voters.includes(id) && c.voters.length < 3);
    }
    /** The operator's next step of a replacement, on the leader; repeated until its entry is seen applied. */
    operate() {
        const r = this.replacement;
        const leader = this.responsiveLeaders()[0];
        const status = leader?.core?.status();
        if (leader === undefined || status === undefined)
            return;
        let cc;
        if (r.stage === 'remove') {
            cc = { type: 'remove', node: r.old };
        }
        else if (r.stage === 'add') {
            if (!this.nodes.has(r.fresh))
                this.addReplica(r.fresh); // empty disk, no bootstrap conf: it waits to be contacted
            cc = { type: 'addLearner', node: r.fresh };
        }
        else {
            const learner = this.nodes.get(r.fresh);
            if (learner === undefined || learner.machine.index < status.commit - 2)
                return;
            cc = { type: 'addVoter', node: r.fresh };
        }
        this.tolerate(() => leader.act(core => core.proposeConfChange(cc)));
    }
    /** The leader proposes its own removal; then maybe its peer is cut off or crashes before the entry leaves, and maybe another voter's peer goes down for long. */
    removeLeader() {
        const v = this.peers.vrng;
        const leader = v.pick(this.responsiveLeaders());
        const voters = leader?.core?.status().conf.voters ?? [];
        if (leader === undefined || voters.length < 3 || !voters.includes(leader.id))
            return;
        const index = this.tolerate(() => leader.act(core => core.proposeConfChange({ type: 'remove', node: leader.id })));
        if (index === undefined)
            return;
        this.report.leaderRemovals++;
        const what = v.next();
        if (what < 0.35) {
            this.peers.cutOff(leader.id);
            this.report.leaderRemovalsCut++;
        }
        else if (what < 0.6) {
            // What the peer has not written to the network yet (this tick's messages) is lost with it.
            this.peers.crash(leader.id);
            this.report.leaderRemovalsCut++;
        }
        if (v.chance(0.5)) {
            const other = v.pick(voters.filter(id => id !== leader.id && this.nodes.get(id)?.live === true));
            if (other !== undefined)
                this.peers.crash(other, 20 + v.int(200));
        }
    }
    /** A client asks a replica that thinks it leads; now and then anyone, to hear NotLeaderError. */
    propose(text) {
        const to = this.rng.chance(0.95) ? this.rng.pick(this.leaders()) : this.rng.pick(this.live());
        if (to !== undefined && this.peers.isStalled(to.id))
            return;
        this.tolerate(() => to?.act(core => core.propose(encoder.encode(text))));
    }
    /** Runs `fn`, treating the refusals a client expects as no result. */
    tolerate(fn) {
        try {
            return fn();
        }
        catch (err) {
            if (err instanceof NotLeaderError || err instanceof ConfChangeInProgressError)
                return undefined;
            throw err;
        }
    }
    changeMembership() {
        const leader = this.leaders()[0];
        const status = leader?.core?.status();
        if (leader === undefined || status === undefined || this.peers.isStalled(leader.id))
            return;
        const { voters, learners } = status.conf;
        const choices = [];
        const learner = learners.length > 0 ? this.nodes.get(learners[0]) : undefined;
        if (learner !== undefined && learner.machine.index >= status.commit - 2)
            choices.push({ type: 'addVoter', node: learner.id });
        if (learner !== undefined && this.rng.chance(0.1))
            choices.push({ type: 'remove', node: learner.id });
        const fresh = learners.length === 0 && voters.length < 5 ? this.peers.peerFor(this) : undefined;
        if (fresh !== undefined)
            choices.push({ type: 'addLearner', node: fresh });
        if (voters.length > 3)
            choices.push({ type: 'remove', node: this.rng.pick(voters) });
        if (choices.length === 0)
            return;
        const cc = this.rng.pick(choices);
        if (this.tolerate(() => leader.act(core => core.proposeConfChange(cc))) === undefined)
            return;
        if (cc.type === 'addLearner') {
            this.peers.addPeer(cc.node);
            this.addReplica(cc.node);
        }
    }
    transfer() {
        const leader = this.rng.pick(this.leaders());
        const voters = leader?.core?.status().conf.voters.filter(v => v !== leader.id) ?? [];
        if (voters.length > 0 && leader !== undefined && !this.peers.isStalled(leader.id)) {
            this.tolerate(() => leader.act(core => { core.transferLeadership(this.rng.pick(voters)); }));
        }
    }
    /** Each replica's newest conf (appended, maybe uncommitted) and its conf as of its commit index, from its disk and, if it runs, its core. */
    confsInPlay() {
        const confs = [];
        for (const node of this.nodes.values()) {
            if (!this.hosted(node.id))
                continue;
            confs.push(...node.storedConfs());
            const conf = node.core?.status().conf;
            if (conf !== undefined)
                confs.push(conf);
        }
        return confs;
    }
    /** With the peers `down` kept down, a quorum of every conf in play is up. */
    quorate(down) {
        const up = (id) => this.hosted(id) && !down.has(id);
        return this.confsInPlay().every(c => c.voters.filter(up).length >= Math.floor(c.voters.length / 2) + 1);
    }
    /** One leader, no replacement under way, and every member of its conf not kept down has applied a proposal made after healing. */
    checkRecovered(text) {
        const leaders = this.leaders();
        if (leaders.length !== 1)
            return false;
        const leader = leaders[0];
        const { term, conf } = leader.core?.status();
        const p = this.finalProposal;
        if (p === undefined || p.leader !== leader.id || p.term !== term || p.text !== text) {
            const index = this.tolerate(() => leader.act(core => core.propose(encoder.encode(text))));
            if (index !== undefined)
                this.finalProposal = { leader: leader.id, term, index, text };
            return false;
        }
        if (this.replacement !== undefined)
            return false;
        if (this.checker.appliedAt(p.index) !== digest({ type: EntryType.Normal, data: encoder.encode(text) }))
            return false;
        return [...conf.voters, ...conf.learners].every(id => this.peers.isKeptDown(id) || (this.nodes.get(id)?.machine.index ?? 0) >= p.index);
    }
    maxTerm() {
        return Math.max(0, ...this.live().map(n => n.core?.status().term ?? 0));
    }
    /** Counts for the report, at the end. */
    finish() {
        this.report.committed = this.committed.size;
        this.report.confChanges = this.confChanges.size;
    }
    /** What a stuck group shows, for the failure's first line (the sweep groups failures by it). */
    hints(preVote) {
        const hints = [];
        const live = this.live();
        const status = (n) => n.core?.status();
        /** Orders logs as the vote rule does: last term, then last index. */
        const rank = (n) => {
            const [term, index] = n.lastEntry();
            return term * 1e9 + index;
        };
        const best = Math.max(...live.map(rank));
        // Whoever holds the newest log must be able to win an election: can it campaign?
        for (const n of live.filter(n => rank(n) === best)) {
            const s = status(n);
            if (s.conf.voters.includes(n.id) || s.role === Role.Leader)
                continue;
            const [, atCommit] = n.storedConfs();
            if (atCommit.voters.includes(n.id))
                hints.push(`${n.id} holds its own uncommitted removal and the newest log`);
            else if (live.some(o => status(o).conf.voters.includes(n.id)))
                hints.push(`${n.id} has the newest log and is a learner in its own conf, a voter in another's`);
        }
        // A leader that is not a voter hands over once its first entry commits: one that keeps winning starves the voters.
        for (const n of live) {
            const lead = status(n).leader;
            if (lead !== '' && lead !== n.id && !status(n).conf.voters.includes(lead))
                hints.push(`${n.id} follows ${lead}, not a voter`);
        }
        // A quiet replica ticks no election timer: only a message or the failure detector wakes it.
        const quiet = live.filter(n => n.core?.isQuiesced() === true && !n.isLeader);
        const under = new Map();
        for (const n of quiet) {
            const lead = n.core?.leader() ?? '';
            under.set(lead, [...under.get(lead) ?? [], n.id]);
        }
        for (const [lead, ids] of under) {
            const leader = this.nodes.get(lead);
            const why = leader?.live === true ? (leader.isLeader ? 'leading' : `${status(leader).role}`) : this.peers.describePeer(lead);
            hints.push(`${ids.join(', ')} quiet under ${lead || 'no leader'} (${why})`);
        }
        const terms = this.maxTerm() - this.termAtHeal;
        if (terms > 10) {
            let hint = `${terms} terms since healing`;
            if (preVote === false) {
                // Each Vote at a higher term makes the voters that refuse it followers of that term, which restarts their election timers.
                const voters = live.filter(n => live.some(o => status(o).conf.voters.includes(n.id)));
                const top = Math.max(...voters.map(rank));
                const rate = (n) => this.peers.clockRate(n.id);
                const ahead = voters.filter(n => rank(n) === top);
                const behind = voters.filter(n => rank(n) < top);
                const faster = behind.filter(n => ahead.every(a => rate(n) > rate(a)));
                const list = (ns) => ns.map(n => `${n.id} x${rate(n)}`).join(', ');
                hint += `, no pre-vote: up to date ${list(ahead)}; behind ${list(behind)}${faster.length > 0 ? `; behind on a faster clock ${list(faster)}` : ''}`;
            }
            hints.push(hint);
        }
        return hints.length === 0 ? '' : ` (${hints.join('; ')})`;
    }
    describe() {
        const lines = [...this.nodes.values()].map(n => {
            const rate = this.peers.clockRate(n.id);
            const clock = rate === 1 ? '' : ` (clock x${rate})`;
            if (!n.live) {
                const why = this.retired.has(n.id) ? 'retired' : this.peers.describePeer(n.id);
                return `  ${n.id}: ${why}${clock}`;
            }
            const s = n.core?.status();
            const lastTerm = n.logTerm(s.lastIndex);
            return `  ${n.id}: ${s.role}${s.quiesced ? ' (quiet)' : ''} term ${s.term} leader ${s.leader || '-'} commit ${s.commit} applied ${n.machine.index} last ${s.lastIndex} (term ${lastTerm ?? '?'}) voters ${s.conf.voters.join(',')} learners ${s.conf.learners.join(',')}${clock}`;
        });
        const r = this.replacement;
        if (r !== undefined)
            lines.push(`  operator: replacing ${r.old} by ${r.fresh}, at ${r.stage}`);
        return lines.join('\n');
    }
}
//# sourceMappingURL=group.js.map