// The Raft driver over real LMDB: what it persists is what a restarted group
// recovers, compaction leaves a snapshot plus the log after it, and a
// newcomer behind the compacted log is brought up by snapshot.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroupHost } from '../src/peer/consensus/host.js';
import { Role } from '../src/peer/consensus/types.js';
import { logger, logQuiet } from '../src/peer/log.js';
import { Store } from '../src/peer/store.js';
import { MasterState, encodeMasterCommand } from '../src/roles/master/state.js';
import { HostCluster } from './helpers/host-cluster.js';
import { rejects } from './helpers/rejects.js';
import { waitFor } from './helpers/wait.js';
logQuiet.enabled = true;
/** Members cut off from the others: their messages are lost both ways. */
const cut = new Set();
const withCluster = async (fn) => {
    cut.clear();
    await HostCluster.with({ onSend: m => !cut.has(m.from) && !cut.has(m.to) }, fn);
};
const set = (key, value) => encodeMasterCommand({ op: 'set', key, value });
test('a restarted group recovers its term, vote, log and state from LMDB', () => withCluster(async (cluster) => {
    const a = cluster.open('a', { bootstrap: true });
    a.group.campaign();
    await waitFor('a to lead', () => a.group.status().role === Role.Leader);
    for (let i = 0; i < 20; i++)
        assert.is(await a.group.propose(set(`k${i}`, i)), i);
    const before = a.group.status();
    await cluster.close('a');
    const again = cluster.open('a');
    assert.is(again.group.status().term, before.term, 'term persisted');
    await waitFor('the log replayed', () => again.state.get('k19') === 19);
    for (let i = 0; i < 20; i++)
        assert.is(again.state.get(`k${i}`), i);
    await waitFor('a to lead again', () => again.group.status().role === Role.Leader);
    assert.ok(again.group.status().term > before.term);
}));
test('compaction keeps a snapshot and the log after it, and restart restores from both', () => withCluster(async (cluster) => {
    const a = cluster.open('a', { bootstrap: true, snapshotEvery: 50 });
    a.group.campaign();
    await waitFor('a to lead', () => a.group.status().role === Role.Leader);
    for (let i = 0; i < 130; i++)
        await a.group.propose(set(`k${i}`, i));
    const { snapshot, entries } = a.host.storage.load('master');
    assert.ok(snapshot != null && snapshot.index >= 100, `snapshot at ${snapshot?.index}`);
    const kept = entries.map(e => e.index);
    assert.ok(kept.length > 0 && kept.length < 60, `${kept.length} entries kept`);
    assert.ok(kept.every(index => index > snapshot.index), 'nothing at or before the snapshot is kept');
    await cluster.close('a');
    const again = cluster.open('a', { snapshotEvery: 50 });
    await waitFor('state restored', () => again.state.get('k129') === 129);
    for (let i = 0; i < 130; i++)
        assert.is(again.state.get(`k${i}`), i);
}));
test('a newcomer behind the compacted log catches up by snapshot', () => withCluster(async (cluster) => {
    const a = cluster.open('a', { bootstrap: true, snapshotEvery: 20 });
    a.group.campaign();
    await waitFor('a to lead', () => a.group.status().role === Role.Leader);
    for (let i = 0; i < 60; i++)
        await a.group.propose(set(`k${i}`, i));
    const b = cluster.open('b');
    await a.group.proposeConfChange({ type: 'addLearner', node: 'b' });
    await waitFor('b to catch up', () => b.state.get('k59') === 59);
    assert.ok(b.host.storage.load('master').snapshot != null, 'b installed a snapshot');
    await a.group.proposeConfChange({ type: 'addVoter', node: 'b' });
    await a.group.propose(set('after', true));
    await waitFor('b to apply new entries', () => b.state.get('after') === true);
    assert.equal([...b.group.status().conf.voters].sort(), ['a', 'b']);
}));
test('proposals settle: by their signal, and with an error once the group stops', () => withCluster(async (cluster) => {
    const a = cluster.open('a', { bootstrap: true });
    const aborted = new AbortController();
    aborted.abort(new Error('caller gave up'));
    await rejects(a.group.propose(set('x', 1), aborted.signal), /caller gave up/);
    // Not yet leader: the proposal is refused at once, not left hanging.
    await rejects(a.group.propose(set('x', 1)), (err) => err.name === 'NotLeaderError');
    a.group.campaign();
    await waitFor('a to lead', () => a.group.status().role === Role.Leader);
    const pending = a.group.propose(set('y', 2));
    a.host.stop();
    await pending.then(() => { }, () => { });
    await rejects(a.group.propose(set('z', 3)), (err) => err.name === 'ProposalDroppedError');
}));
test('reads: a leader serves a read after confirming leadership and applying; a follower refuses it', () => withCluster(async (cluster) => {
    const a = cluster.open('a', { bootstrap: true });
    a.group.campaign();
    await waitFor('a to lead', () => a.group.status().role === Role.Leader);
    const b = cluster.open('b');
    await a.group.proposeConfChange({ type: 'addLearner', node: 'b' });
    await waitFor('b to catch up', () => b.group.status().commit >= a.group.status().commit);
    await a.group.proposeConfChange({ type: 'addVoter', node: 'b' });
    const written = a.group.propose(set('k', 1));
    await a.group.read();
    await written;
    assert.is(a.state.get('k'), 1, 'a read after a write sees it');
    await rejects(b.group.read(), (err) => err.name === 'NotLeaderError');
    await cluster.close('b');
    const stranded = a.group.read(AbortSignal.timeout(300));
    await rejects(stranded, (err) => err.name === 'TimeoutError' || err.name === 'NotLeaderError');
}));
test('groups of the old layout (a sub-database pair per group) move into the shared one intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-migrate-'));
    try {
        const old = Store.open(dir);
        const snapshot = { index: 3, term: 2, conf: { voters: ['a'], learners: [] }, data: new Uint8Array([1, 2]) };
        await old.db('raft/master/meta').put('snapshot', snapshot);
        await old.db('raft/master/meta').put('hardState', { term: 2, vote: 'a', commit: 5 });
        for (const index of [4, 5])
            await old.db('raft/master/log').put(index, { term: 2, type: 0, data: new Uint8Array([index]) });
        const host = new GroupHost({ self: 'a', store: old, send: () => { }, log: logger('a') });
        assert.is(host.storage.hasState('master'), false);
        host.storage.migrateLegacy(old, 'master');
        host.storage.migrateLegacy(old, 'shardmaster');
        const moved = host.storage.load('master');
        assert.equal([moved.snapshot?.index, moved.snapshot?.term, moved.snapshot?.conf, [...moved.snapshot?.data ?? []]], [3, 2, snapshot.conf, [1, 2]]);
        assert.equal(moved.hardState, { term: 2, vote: 'a', commit: 5 });
        assert.equal(moved.entries.map(e => [e.index, e.data[0]]), [[4, 4], [5, 5]]);
        assert.is(old.db('raft/master/meta').get('hardState'), undefined, 'the old copy is gone');
        assert.is(host.storage.hasState('shardmaster'), false);
        await old.close();
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
});
test('a destroyed group leaves a tombstone: its id is never opened again', () => withCluster(async (cluster) => {
    const a = cluster.open('a', { bootstrap: true });
    a.group.campaign();
    await waitFor('a to lead', () => a.group.status().role === Role.Leader);
    await a.group.propose(set('k', 1));
    await a.host.close('master', { destroy: true });
    assert.is(a.host.storage.hasState('master'), false);
    assert.equal(a.host.storage.load('master').entries, []);
    assert.throws(() => a.host.open({ group: 'master', stateMachine: new MasterState(), log: logger('a') }), /never reused/);
}));
test('a partitioned old leader never serves a read after the new leader has committed a write', () => withCluster(async (cluster) => {
    const a = cluster.open('a', { bootstrap: true });
    a.group.campaign();
    await waitFor('a to lead', () => a.group.status().role === Role.Leader);
    for (const id of ['b', 'c']) {
        cluster.open(id);
        await a.group.proposeConfChange({ type: 'addLearner', node: id });
        await waitFor(`${id} to catch up`, () => cluster.members.get(id).group.status().commit >= a.group.status().commit);
        await a.group.proposeConfChange({ type: 'addVoter', node: id });
    }
    // Leadership may have moved on a loaded machine (5 ms ticks): cut whoever leads now.
    const old = await waitFor('a leader that has applied k', async () => {
        const leader = [...cluster.members.values()].find(m => m.group.status().role === Role.Leader);
        if (leader === undefined)
            return undefined;
        await leader.group.propose(set('k', 'old')).catch(() => { });
        return leader.group.status().role === Role.Leader && leader.state.get('k') === 'old' ? leader : undefined;
    });
    cut.add(old.id);
    const read = old.group.read(AbortSignal.timeout(3_000)).then(() => 'served', (err) => err.name);
    const others = [...cluster.members.values()].filter(m => m !== old);
    const leader = await waitFor('a new leader', () => others.find(m => m.group.status().role === Role.Leader && m.group.status().term > old.group.status().term));
    await leader.group.propose(set('k', 'new'));
    assert.is(old.state.get('k'), 'old', 'the old leader has not heard of the write');
    assert.ok(['NotLeaderError', 'TimeoutError'].includes(await read), 'the read asked as the cut began was never served');
    await rejects(old.group.read(AbortSignal.timeout(1_000)), (err) => err.name === 'NotLeaderError' || err.name === 'TimeoutError');
    await leader.group.read();
    assert.is(leader.state.get('k'), 'new');
    cut.clear();
    await waitFor('the old leader to catch up', () => old.state.get('k') === 'new');
}));
test.run();
//# sourceMappingURL=raft-driver.test.js.map