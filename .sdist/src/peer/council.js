// The control plane: two consensus groups on the same council of voters.
// The leader of "master" holds the master role, the leader of "shardmaster"
// the shardmaster role. The master group's leader grows and repairs the
// council; the shardmaster group's leader mirrors the master group's voters.
import { EventEmitter } from 'node:events';
import { describeError } from './log.js';
import { MessageType, Role } from './consensus/types.js';
import { nextConfChange, planCouncil } from './council-plan.js';
export const CONTROL_GROUPS = ['master', 'shardmaster'];
const RECONCILE_INTERVAL_MS = 300;
/** Emits 'leader' with (group, LeaderChange) whenever a group's leadership changes. */
export class Council extends EventEmitter {
    options;
    groups = new Map();
    timer;
    stopped = false;
    constructor(options) {
        super();
        this.options = options;
    }
    start() {
        const { store, host, founder, self } = this.options;
        for (const group of CONTROL_GROUPS)
            host.storage.migrateLegacy(store, group);
        // A peer whose log says it belongs to a council never founds another, not
        // even the second group (it may have crashed between founding the two).
        const member = CONTROL_GROUPS.some(group => host.storage.hasState(group));
        for (const group of CONTROL_GROUPS) {
            if (host.storage.hasState(group))
                this.open(group);
            else if (founder && !member)
                this.open(group, { voters: [self], learners: [] }).campaign();
        }
        // A leader's first message to a newcomer opens the control group here.
        host.onStray = (name, message) => {
            const known = CONTROL_GROUPS.includes(name);
            if (known && !this.stopped && (message.type === MessageType.Append || message.type === MessageType.Snapshot))
                this.open(name);
        };
        this.timer = setInterval(() => { this.reconcile(); }, RECONCILE_INTERVAL_MS);
    }
    stop() {
        this.stopped = true;
        clearInterval(this.timer);
        for (const name of this.groups.keys())
            void this.options.host.close(name);
        this.groups.clear();
    }
    group(name) {
        return this.groups.get(name);
    }
    /** The leader this peer knows for a group, from its own replica. */
    leader(name) {
        const status = this.groups.get(name)?.status();
        if (status == null)
            return undefined;
        const id = status.role === Role.Leader ? status.id : status.leader;
        return id === '' ? undefined : { id, term: status.term };
    }
    voters(group = 'master') {
        return this.groups.get(group)?.status().conf.voters ?? [];
    }
    /**
     * Hands leadership of every group this peer leads to a live voter and waits
     * (briefly) for it to take over, so a graceful stop costs no election timeout.
     */
    async handOver(timeoutMs = 1_000) {
        const handing = [...this.groups.values()].flatMap(group => {
            const status = group.status();
            const successor = status.conf.voters.find(id => id !== status.id && this.options.view.state(id) === 'alive');
            if (status.role !== Role.Leader || successor == null)
                return [];
            this.options.log(`${group.group}: handing leadership to ${successor}`);
            group.transferLeadership(successor);
            return [new Promise(resolve => {
                    const timer = setTimeout(done, timeoutMs);
                    function done() { clearTimeout(timer); group.off('leader', onLeader); resolve(); }
                    function onLeader(change) { if (!change.isSelf)
                        done(); }
                    group.on('leader', onLeader);
                })];
        });
        await Promise.all(handing);
    }
    open(name, bootstrapConf) {
        // Two drivers over the same stored state would vote twice in one term.
        const existing = this.groups.get(name);
        if (existing != null)
            return existing;
        const { host, log, stateMachines } = this.options;
        const group = host.open({ group: name, stateMachine: stateMachines[name], log: log.child(name), bootstrapConf });
        group.on('leader', (change) => {
            if (change.leader !== '')
                log(`${name}: leader ${change.leader} for term ${change.term}`);
            this.emit('leader', name, change);
        });
        this.groups.set(name, group);
        return group;
    }
    reconcile() {
        const master = this.groups.get('master');
        if (master == null)
            return;
        const masterConf = master.status().conf;
        for (const [name, group] of this.groups) {
            const status = group.status();
            if (status.role !== Role.Leader)
                continue;
            for (const id of [...status.conf.voters, ...status.conf.learners])
                this.options.view.expect(id);
            const desired = name === 'master'
                ? planCouncil(status.conf, this.candidates(), status.id)
                : masterConf.voters;
            const caughtUp = (id) => (status.progress?.[id]?.match ?? 0) >= status.commit;
            // A voter that lost its state answers as a new replica: it leaves, then rejoins as a learner like any newcomer.
            const stranger = status.strangers?.[0];
            const change = stranger != null ? { type: 'remove', node: stranger } : nextConfChange(status.conf, desired, caughtUp);
            if (change == null)
                continue;
            group.proposeConfChange(change, AbortSignal.timeout(5_000)).then(() => {
                this.options.log(`${name}: council ${change.type} ${change.node}`);
            }, err => {
                if (err.name !== 'ConfChangeInProgressError')
                    this.options.log(`${name}: council change ${change.type} ${change.node} not made: ${describeError(err)}`);
            });
        }
    }
    candidates() {
        const candidates = new Map();
        for (const member of this.options.view.list()) {
            candidates.set(member.heartbeat.id, {
                id: member.heartbeat.id,
                state: member.state,
                voter: member.heartbeat.voter,
                startedAt: member.heartbeat.startedAt
            });
        }
        return candidates;
    }
}
//# sourceMappingURL=council.js.map