// Durable state machines (state kept in LMDB, its own snapshot, installed into
// a new key generation) under snapshot transfers that overlap, stall or are cut
// by a crash: found by review, where each lost committed data or wedged.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroupHost } from '../src/peer/consensus/host.js';
import { MessageType, Role } from '../src/peer/consensus/types.js';
import { logger, logQuiet } from '../src/peer/log.js';
import { Store } from '../src/peer/store.js';
import { DurableTestState } from '../src/roles/testbed/durable-state.js';
import { waitFor } from './helpers/wait.js';
logQuiet.enabled = true;
const FAST = { tickMs: 5, electionTicks: 10, heartbeatTicks: 2 };
const GROUP = 'test/durable';
const encoder = new TextEncoder();
/** Durable groups over real LMDB, wired in memory; snapshots to `holdSnapshotsTo` are kept for the test to deliver by hand. */
class Cluster {
    dir;
    members = new Map();
    held = [];
    holdSnapshotsTo = '';
    /** Members cut off from the others: their messages are lost both ways. */
    cut = new Set();
    /** Messages sent, by 'from>to'. */
    sent = new Map();
    constructor(dir) {
        this.dir = dir;
    }
    open(id, options = {}) {
        const store = Store.open(join(this.dir, id));
        const state = new DurableTestState(store, GROUP);
        const host = new GroupHost({
            self: id,
            store,
            send: (group, m, reader) => {
                if (this.cut.has(m.from) || this.cut.has(m.to)) {
                    reader?.close();
                    return;
                }
                if (m.type === MessageType.Snapshot && reader != null) {
                    const chunks = [...reader.chunks()].map(c => c.slice());
                    reader.close();
                    if (m.to === this.holdSnapshotsTo) {
                        this.held.push({ message: m, chunks });
                        return;
                    }
                    const sink = this.members.get(m.to)?.host.snapshotSink(group, m);
                    if (sink == null)
                        return;
                    void (async () => { for (const c of chunks)
                        await sink.write(c); sink.finish(); })();
                    return;
                }
                this.sent.set(`${m.from}>${m.to}`, (this.sent.get(`${m.from}>${m.to}`) ?? 0) + 1);
                // Delivered on a later turn, as a network would: a message storm cannot starve the timers.
                setImmediate(() => { this.members.get(m.to)?.host.receive(group, m); });
            },
            log: logger(id),
            timing: FAST
        });
        const group = host.open({
            group: GROUP,
            stateMachine: state,
            log: logger(id),
            bootstrapConf: options.voters != null ? { voters: options.voters, learners: [] } : options.bootstrap === true ? { voters: [id], learners: [] } : undefined,
            snapshotEvery: options.snapshotEvery
        });
        const member = { id, store, state, host, group };
        this.members.set(id, member);
        host.start();
        return member;
    }
    async close(id) {
        const member = this.members.get(id);
        member.host.stop();
        this.members.delete(id);
        await member.store.close();
    }
}
async function withCluster(fn) {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-review-durable-'));
    const cluster = new Cluster(dir);
    try {
        await fn(cluster);
    }
    finally {
        for (const id of [...cluster.members.keys()])
            await cluster.close(id);
        await rm(dir, { recursive: true, force: true });
    }
}
/** a leads alone with 40 commands and compactions behind it; b is added as a learner, and the snapshots sent to it are held for the test. */
async function leaderAndHeldLearner(cluster) {
    const a = cluster.open('a', { bootstrap: true, snapshotEvery: 10 });
    a.group.campaign();
    await waitFor('a to lead', () => a.group.status().role === Role.Leader);
    for (let i = 0; i < 40; i++)
        await a.group.propose(encoder.encode(`command ${i}`));
    cluster.holdSnapshotsTo = 'b';
    const b = cluster.open('b');
    await a.group.proposeConfChange({ type: 'addLearner', node: 'b' });
    return { a, b };
}
/** Writes `chunks` to `sink` and finishes it, as a stream would; false when the sink refuses them (a newer transfer superseded it). */
async function delivered(sink, chunks) {
    try {
        for (const c of chunks)
            await sink.write(c);
        sink.finish();
        return true;
    }
    catch {
        return false;
    }
}
test('a snapshot transfer that stalls and is abandoned must not erase a newer transfer of the same group (data loss)', () => withCluster(async (cluster) => {
    const { a, b } = await leaderAndHeldLearner(cluster);
    // The first transfer is cut (say the connection died without a word); the
    // leader resends after snapshotRetryTicks, and this one gets through.
    await waitFor('the leader to send its snapshot twice', () => cluster.held.length >= 2);
    const [first, second] = cluster.held;
    const expected = a.state.digest();
    cluster.cut.add('b'); // b hears nothing else meanwhile: the order below is the whole story
    const stalled = b.host.snapshotSink(GROUP, first.message);
    await stalled.write(first.chunks.slice(0, 10).reduce((x, y) => Buffer.concat([x, y]), Buffer.alloc(0)));
    const resent = b.host.snapshotSink(GROUP, second.message);
    const half = Math.floor(second.chunks.length / 2);
    for (const c of second.chunks.slice(0, half))
        await resent.write(c);
    // Only now does b's side of the dead stream time out (STALL_MS): it aborts its sink.
    stalled.abort();
    for (const c of second.chunks.slice(half))
        await resent.write(c);
    resent.finish();
    const index = second.message.snapshot.index;
    await waitFor('b to install the snapshot', () => b.group.status().applied >= index);
    await b.state.flush();
    const mine = b.state.digest();
    // Checked at once, b still cut off: later the leader might happen to send yet another snapshot and paper over it.
    assert.is(mine.count, second.chunks.length, `b says it applied up to ${index}, where the snapshot holds ${second.chunks.length} commands (the leader then held ${expected.count}), but b holds ${mine.count}: the abandoned transfer's abort dropped the staging generation the resent one was writing into`);
}));
test('two overlapping snapshot transfers that both complete must not leave the state empty (data loss)', () => withCluster(async (cluster) => {
    const { a, b } = await leaderAndHeldLearner(cluster);
    await waitFor('a first snapshot', () => cluster.held.length >= 1);
    // More commands, a later compaction: the next copy is a newer snapshot (as an
    // old and a new leader, or a resend after a stall, would each send one).
    for (let i = 40; i < 60; i++)
        await a.group.propose(encoder.encode(`command ${i}`));
    const firstIndex = cluster.held[0].message.snapshot.index;
    await waitFor('a newer snapshot', () => cluster.held.find(t => t.message.snapshot.index > firstIndex));
    const first = cluster.held[0];
    const second = cluster.held.find(t => t.message.snapshot.index > firstIndex);
    // Both streams are open at once on b (the receiver takes up to 8).
    cluster.cut.add('b'); // b hears nothing else meanwhile: the order below is the whole story
    const older = b.host.snapshotSink(GROUP, first.message);
    const newer = b.host.snapshotSink(GROUP, second.message);
    // The newest transfer wins: the older, superseded, is refused (its stream would end), and writes nothing.
    assert.not.ok(await delivered(older, first.chunks), 'the superseded transfer is refused');
    assert.ok(await delivered(newer, second.chunks), 'the newest transfer is taken');
    const index = second.message.snapshot.index;
    await waitFor('b to install the newer snapshot', () => b.group.status().applied >= index);
    await b.state.flush();
    const mine = b.state.digest();
    // Checked at once, b still cut off: later the leader might happen to send yet another snapshot and paper over it.
    assert.is(mine.count, second.chunks.length, `b says it applied up to ${index}, where the snapshot holds ${second.chunks.length} commands, but b holds ${mine.count}: both installs staged into the same generation, and the second commit dropped its "old" generation, which was the live one`);
}));
test('a transfer superseded mid-stream by a resend that goes on to the end installs nothing; the resend installs the whole state', () => withCluster(async (cluster) => {
    const { b } = await leaderAndHeldLearner(cluster);
    await waitFor('the leader to send its snapshot twice (a resend after snapshotRetryTicks)', () => cluster.held.length >= 2);
    const [first, second] = cluster.held;
    cluster.cut.add('b'); // b hears nothing else meanwhile: the order below is the whole story
    assert.is(first.message.snapshot.index, second.message.snapshot.index, 'both copies are of the same snapshot');
    // The first stream is slow, not dead: the resend opens beside it, and the first goes on to its end.
    const slow = b.host.snapshotSink(GROUP, first.message);
    const half = Math.floor(first.chunks.length / 2);
    assert.ok(await delivered({ ...slow, finish: () => { } }, first.chunks.slice(0, half)));
    const resent = b.host.snapshotSink(GROUP, second.message); // the resend's header arrives; its bytes are still on their way
    const slowTaken = await delivered(slow, first.chunks.slice(half));
    assert.ok(await delivered(resent, second.chunks), 'the resend is taken');
    const index = first.message.snapshot.index;
    await waitFor('b to install the snapshot', () => b.group.status().applied >= index);
    await b.state.flush();
    const mine = b.state.digest();
    assert.is(mine.count, first.chunks.length, `b says it applied up to ${index}, where the snapshot holds ${first.chunks.length} commands, but b holds ${mine.count} (the superseded transfer was ${slowTaken ? 'taken' : 'refused'}): a superseded install must write and install nothing`);
}));
test('a durable follower killed as it records a received snapshot keeps its old state whole, and catches up again', () => withCluster(async (cluster) => {
    const voters = ['a', 'b', 'c'];
    const [a, b] = voters.slice(0, 2).map(id => cluster.open(id, { voters, snapshotEvery: 5 }));
    let c = cluster.open('c', { voters, snapshotEvery: 5 });
    await waitFor('c to lead', async () => {
        const current = [a, b, c].find(m => m.group.status().role === Role.Leader);
        if (current === c)
            return true;
        current?.group.transferLeadership('c');
        await new Promise(resolve => setTimeout(resolve, 200));
        return false;
    });
    await c.group.propose(encoder.encode('first'));
    // c is cut off while leading; its clients keep proposing there (never committed).
    cluster.cut.add('c');
    const orphans = Array.from({ length: 30 }, (_, i) => c.group.propose(encoder.encode(`orphan ${i}`)).catch(() => { }));
    await waitFor('c to append its orphans', () => c.group.status().lastIndex >= 34);
    for (const m of [a, b])
        m.host.leaderLost('c');
    const leader = await waitFor('a new leader', () => [a, b].find(m => m.group.status().role === Role.Leader && m.group.status().term > c.group.status().term));
    const other = leader === a ? b : a;
    for (let i = 0; i < 12; i++)
        await leader.group.propose(encoder.encode(`command ${i}`));
    const compacted = leader.host.storage.load(GROUP).snapshot?.index ?? 0;
    const cLast = c.group.status().lastIndex;
    assert.ok(compacted > c.group.status().commit && compacted <= cLast, `leader compacted at ${compacted}, inside c's uncommitted tail (commit ${c.group.status().commit}, last ${cLast})`);
    // c is killed between its install's commit and the persist of the Ready holding the snapshot.
    const storage = c.host.storage;
    const persist = storage.persist.bind(storage);
    let killed = false;
    storage.persist = async (readys) => {
        if (readys.some(({ ready }) => ready.snapshot != null)) {
            killed = true;
            throw new Error('killed');
        }
        return await persist(readys);
    };
    cluster.cut.delete('c');
    await waitFor('c to be killed at that point', () => killed);
    await Promise.all(orphans);
    await cluster.close('c');
    c = cluster.open('c', { voters, snapshotEvery: 5 });
    const installed = c.state.appliedIndex();
    assert.ok(installed < compacted, 'the switch to the received state lands with the Ready that records it, or not at all');
    // The other voter goes down: the leader needs c. c refuses every append after
    // its wrongly committed prefix; the leader takes each refusal as stale (in
    // Replicate: silence) or re-probes the same index at once (in Probe: a storm
    // of hundreds of thousands of messages a second, which starves a driver).
    cluster.cut.add(other.id);
    const before = cluster.sent.get(`${leader.id}>c`) ?? 0;
    const committed = await leader.group.propose(encoder.encode('needs c'), AbortSignal.timeout(4_000)).then(() => 'committed', (err) => err.name);
    const st = c.group.status();
    const storm = (cluster.sent.get(`${leader.id}>c`) ?? 0) - before;
    assert.is(committed, 'committed', `the leader's proposal needs c, which never catches up: c restarted with commit ${st.commit} (its own orphans up to the installed snapshot's ${installed} taken as committed), last ${st.lastIndex}; the leader thinks c matches ${leader.group.status().progress?.c?.match} and sent it ${storm} messages in 4 s`);
}));
test.run();
//# sourceMappingURL=durable-snapshots.test.js.map