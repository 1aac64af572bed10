// One member of the crash test's Raft group, in a process of its own so the
// test can SIGKILL it anywhere: a GroupHost over real LMDB in `dir`. Its Raft
// messages go out through the parent, which relays them; it tells the parent
// each term and vote once durable, its leadership, and every command applied.
// Usage: raft-crash-member.js <id> <dir> <voter,voter,...> <parent pid>
import { GroupHost } from '../../src/peer/consensus/host.js';
import { logger, logQuiet } from '../../src/peer/log.js';
import { Store } from '../../src/peer/store.js';
import { TestState } from '../../src/roles/testbed/state.js';
import { CRASH_GROUP, CRASH_SNAPSHOT_EVERY, CRASH_TIMING } from './raft-crash-protocol.js';
const [id, dir, voters, parentPid] = process.argv.slice(2);
logQuiet.enabled = true;
// The test kills its members in a finally; these cover a test process that died first.
process.on('disconnect', () => process.exit(0));
setInterval(() => { if (process.ppid !== Number(parentPid))
    process.exit(0); }, 500).unref();
function report(message) {
    process.send?.(message);
}
const text = (data) => Buffer.from(data).toString();
class ReportingState extends TestState {
    apply(data) {
        const pos = super.apply(data);
        report({ kind: 'applied', pos, value: text(data) });
        return pos;
    }
    restore(data) {
        super.restore(data);
        report({ kind: 'restored', values: this.all().map(text) });
    }
}
const store = Store.open(dir);
const host = new GroupHost({
    self: id,
    store,
    send: (_group, message) => { report({ kind: 'send', message }); },
    log: logger(id),
    timing: CRASH_TIMING
});
let { hardState: last } = host.storage.load(CRASH_GROUP);
report({ kind: 'up', hardState: last });
const persist = host.storage.persist.bind(host.storage);
host.storage.persist = async (readys) => {
    await persist(readys);
    for (const { ready: { hardState } } of readys) {
        if (hardState == null || (hardState.term === last?.term && hardState.vote === last.vote))
            continue;
        last = hardState;
        report({ kind: 'durable', term: hardState.term, vote: hardState.vote });
    }
};
host.on('fatal', (err) => {
    process.stderr.write(`${id}: ${err.stack ?? err.message}\n`);
    process.exit(1);
});
const state = new ReportingState();
const group = host.open({
    group: CRASH_GROUP,
    stateMachine: state,
    log: logger(id),
    bootstrapConf: { voters: voters.split(','), learners: [] },
    snapshotEvery: CRASH_SNAPSHOT_EVERY
});
group.on('leader', ({ leader, term, isSelf }) => { report({ kind: 'leader', leader, term, isSelf }); });
host.start();
process.on('message', (message) => {
    switch (message.kind) {
        case 'recv':
            host.receive(CRASH_GROUP, message.message);
            break;
        case 'lost':
            host.leaderLost(message.peer);
            break;
        case 'propose':
            group.propose(Buffer.from(message.value)).then(pos => { report({ kind: 'result', id: message.id, pos: pos }); }, (err) => { report({ kind: 'result', id: message.id, error: err.name }); });
            break;
        case 'dump': report({ kind: 'dump', values: state.all().map(text) });
    }
});
//# sourceMappingURL=raft-crash-member.js.map