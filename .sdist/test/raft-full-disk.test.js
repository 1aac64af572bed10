// A Raft voter whose disk refuses writes, over real LMDB (the store's free
// disk is what the test says): it neither acks nor votes, stays up, queues a
// bounded number of inputs, and once its disk has room it persists what it
// held and catches up. A leader in that state is replaced, and follows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_WAITING_INPUTS } from '../src/peer/consensus/durable-write.js';
import { MessageType, Role } from '../src/peer/consensus/types.js';
import { encodeMasterCommand } from '../src/roles/master/state.js';
import { HostCluster } from './helpers/host-cluster.js';
import { waitFor } from './helpers/wait.js';
const ROOMY = Number.MAX_SAFE_INTEGER;
function recordingLog(lines) {
    const log = ((line) => { lines.push(line); });
    log.error = (line, err) => { lines.push(`${line}: ${String(err)}`); };
    log.child = () => log;
    return log;
}
const set = (key, value) => encodeMasterCommand({ op: 'set', key, value });
/** Three voters, a leading, over LMDB in a temporary directory. */
async function withThree(fn) {
    const free = new Map();
    const sent = [];
    const lines = new Map();
    const logged = (id) => lines.get(id) ?? lines.set(id, []).get(id);
    await HostCluster.with({
        onSend: m => { sent.push(m); return true; },
        store: id => ({ freeDisk: () => free.get(id) ?? ROOMY }),
        log: id => recordingLog(logged(id))
    }, async (cluster) => {
        const a = cluster.open('a', { bootstrap: true });
        a.group.campaign();
        await waitFor('a to lead', () => a.group.status().role === Role.Leader);
        const b = cluster.open('b');
        const c = cluster.open('c');
        for (const node of ['b', 'c']) {
            await a.group.proposeConfChange({ type: 'addLearner', node });
            await a.group.proposeConfChange({ type: 'addVoter', node });
        }
        const messages = (from, to, types, since = 0) => sent.slice(since).filter(m => m.from === from && m.to === to && types.includes(m.type));
        await fn({ free, sent, logged, messages, close: async (id) => { await cluster.close(id); } }, a, b, c);
    });
}
test('a voter whose disk refuses writes neither acks nor votes, stays up, bounds its queue, and catches up once it has room', () => withThree(async (cluster, a, b, c) => {
    await a.group.propose(set('k0', 0));
    await waitFor('b and c to apply k0', () => b.state.get('k0') === 0 && c.state.get('k0') === 0);
    // b's disk is full: a and c still make a majority.
    cluster.free.set('b', 0);
    const firstRefused = a.group.status().lastIndex + 1;
    for (let i = 1; i <= 5; i++)
        await a.group.propose(set(`k${i}`, i));
    await waitFor('b to find its write refused', () => cluster.logged('b').some(line => line.includes('cannot persist')));
    await waitFor('c to apply k5', () => c.state.get('k5') === 5);
    assert.is(b.state.get('k1'), undefined, 'b applied nothing it could not persist');
    const acks = cluster.messages('b', 'a', [MessageType.AppendResponse]).filter(m => !m.reject && m.logIndex >= firstRefused);
    assert.equal(acks, [], 'b acked nothing it could not persist');
    // What queues up meanwhile is bounded: past the cap a proposal fails at once.
    const outcomes = [];
    const extra = 50;
    for (let i = 0; i < MAX_WAITING_INPUTS + extra; i++) {
        b.group.propose(set(`q${i}`, i)).then(() => { outcomes.push('applied'); }, (err) => { outcomes.push(err.name); });
    }
    await new Promise(resolve => setImmediate(resolve));
    assert.ok(outcomes.length >= extra && outcomes.length <= extra + 10, `${outcomes.length} proposals settled at once`);
    assert.ok(outcomes.every(name => name === 'ProposalDroppedError'), outcomes.join(' '));
    // Without a, c needs b's vote, which b cannot give.
    await cluster.close('a');
    const since = cluster.sent.length;
    await waitFor('c to ask b for its vote three times', () => cluster.messages('c', 'b', [MessageType.PreVote, MessageType.Vote], since).length >= 3, { timeoutMs: 5_000 });
    assert.equal(cluster.messages('b', 'c', [MessageType.PreVoteResponse, MessageType.VoteResponse], since), [], 'b voted while it could not persist');
    assert.is.not(c.group.status().role, Role.Leader);
    assert.equal(b.halted, [], 'b stays up');
    cluster.free.set('b', ROOMY);
    const leader = await waitFor('b or c to lead', () => [b, c].find(m => m.group.status().role === Role.Leader), { timeoutMs: 10_000 });
    await waitFor('b to apply what it held', () => b.state.get('k5') === 5);
    await leader.group.propose(set('k6', 6));
    await waitFor('both to apply k6', () => b.state.get('k6') === 6 && c.state.get('k6') === 6);
    await waitFor('every proposal b queued to settle', () => outcomes.length === MAX_WAITING_INPUTS + extra);
    assert.ok(cluster.logged('b').some(line => /persists again, after \d/.test(line)), cluster.logged('b').join('\n'));
    assert.equal(b.halted, []);
    assert.equal(c.halted, []);
}));
test('a leader whose disk refuses writes is replaced, and follows the new leader once it has room', () => withThree(async (cluster, a, b, c) => {
    const term = a.group.status().term;
    cluster.free.set('a', 0);
    const stranded = a.group.propose(set('lost', 1)).then(() => 'applied', (err) => err.name);
    await waitFor('a to find its write refused', () => cluster.logged('a').some(line => line.includes('cannot persist')));
    const next = await waitFor('b or c to lead', () => [b, c].find(m => m.group.status().role === Role.Leader), { timeoutMs: 10_000 });
    assert.ok(next.group.status().term > term);
    await next.group.propose(set('k1', 1));
    await waitFor('b and c to apply k1', () => b.state.get('k1') === 1 && c.state.get('k1') === 1);
    assert.equal(a.halted, [], 'a stays up');
    cluster.free.set('a', ROOMY);
    await waitFor('a to follow the new leader', () => a.group.status().role === Role.Follower && a.group.status().leader === next.id, { timeoutMs: 10_000 });
    await waitFor('a to apply k1', () => a.state.get('k1') === 1);
    assert.is(await stranded, 'ProposalDroppedError', 'the proposal a could not persist is dropped, not applied');
    for (const m of [a, b, c])
        assert.is(m.state.get('lost'), undefined, `${m.id} never applied it`);
    assert.equal(a.halted, []);
}));
test('a quiet group whose leader\'s disk fills elects another leader: the full leader asks a follower to stand', () => withThree(async (cluster, a, b, c) => {
    await a.group.propose(set('k0', 0));
    await waitFor('the group to go quiet', () => [a, b, c].every(m => m.group.status().quiesced));
    const term = a.group.status().term;
    cluster.free.set('a', 0);
    const stranded = a.group.propose(set('lost', 1)).then(() => 'applied', (err) => err.name);
    await waitFor('a to find its write refused', () => cluster.logged('a').some(line => line.includes('cannot persist')));
    // b and c run no timer and hold a's lease, and a's peer is up and connected: only a's hand-over moves them.
    const next = await waitFor('b or c to lead', () => [b, c].find(m => m.group.status().role === Role.Leader), { timeoutMs: 5_000 });
    assert.ok(next.group.status().term > term);
    cluster.free.set('a', ROOMY);
    assert.is(await stranded, 'ProposalDroppedError');
}));
test.run();
//# sourceMappingURL=raft-full-disk.test.js.map