// The chunk server's DHT announcer: provides and withdrawals wait for a quiet
// moment, never longer than the maximum delay, and only a chunk's last word
// counts.
import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chunkCid } from '../protocols/dfs/chunk-id.js';
import { logger } from '../src/peer/log.js';
import { Announcer } from '../src/roles/chunkserver/announcer.js';
import { waitFor } from './helpers/wait.js';
const QUIET_MS = 100;
const MAX_DELAY_MS = 400;
/** Timers may fire a little early by Date.now()'s reckoning. */
const SLACK_MS = 5;
class FakeRouting {
    calls = [];
    async provide(cid) {
        this.calls.push({ op: 'provide', cid: cid.toString(), at: Date.now() });
    }
    async cancelReprovide(cid) {
        this.calls.push({ op: 'withdraw', cid: cid.toString(), at: Date.now() });
    }
}
function setup() {
    const routing = new FakeRouting();
    return { routing, announcer: new Announcer(routing, logger('test'), { quietMs: QUIET_MS, maxDelayMs: MAX_DELAY_MS }) };
}
/** Calls `busy` every 10 ms until stopped; resolves each stop with the time of the last call. */
function keepBusy(announcer) {
    let last = Date.now();
    announcer.busy();
    const timer = setInterval(() => {
        announcer.busy();
        last = Date.now();
    }, 10);
    return { stop: () => { clearInterval(timer); return last; } };
}
const someCid = async () => await chunkCid(randomBytes(32));
test('an idle server announces at once', async () => {
    const { routing, announcer } = setup();
    const cid = await someCid();
    const queuedAt = Date.now();
    announcer.provide(cid);
    await waitFor('the provide', () => routing.calls.length === 1, { timeoutMs: 5_000, intervalMs: 5 });
    assert.equal(routing.calls.map(c => [c.op, c.cid]), [['provide', cid.toString()]]);
    assert.ok(routing.calls[0].at - queuedAt < QUIET_MS, 'no wait without activity');
    announcer.stop();
});
test('announcements wait until chunks have stopped moving for the quiet period', async () => {
    const { routing, announcer } = setup();
    const busy = keepBusy(announcer);
    const cids = [await someCid(), await someCid(), await someCid()];
    for (const cid of cids)
        announcer.provide(cid);
    // Chunks keep moving for half the maximum delay.
    const lastBusy = await new Promise(resolve => setTimeout(() => { resolve(busy.stop()); }, MAX_DELAY_MS / 2));
    assert.is(routing.calls.length, 0, 'nothing announced while busy, within the maximum delay');
    await waitFor('all three provides', () => routing.calls.length === 3, { timeoutMs: 5_000, intervalMs: 5 });
    assert.equal(new Set(routing.calls.map(c => c.cid)), new Set(cids.map(String)));
    for (const call of routing.calls)
        assert.ok(call.at >= lastBusy + QUIET_MS - SLACK_MS, `announced ${call.at - lastBusy} ms after the last activity`);
    announcer.stop();
});
test('under steady activity no announcement waits longer than the maximum delay', async () => {
    const { routing, announcer } = setup();
    const busy = keepBusy(announcer);
    try {
        const cid = await someCid();
        const queuedAt = Date.now();
        announcer.provide(cid);
        await waitFor('the provide', () => routing.calls.length === 1, { timeoutMs: 5_000, intervalMs: 5 });
        const waited = routing.calls[0].at - queuedAt;
        assert.ok(waited >= MAX_DELAY_MS - SLACK_MS && waited < MAX_DELAY_MS + 1_000, `waited ${waited} ms`);
    }
    finally {
        busy.stop();
        announcer.stop();
    }
});
test('the last word for a chunk wins, and a stopped announcer does nothing more', async () => {
    const { routing, announcer } = setup();
    const busy = keepBusy(announcer);
    const [kept, dropped] = [await someCid(), await someCid()];
    announcer.provide(dropped);
    announcer.withdraw(dropped);
    announcer.provide(kept);
    assert.is(announcer.pending, 2);
    busy.stop();
    await waitFor('both jobs', () => routing.calls.length === 2, { timeoutMs: 5_000, intervalMs: 5 });
    assert.equal(routing.calls.map(c => [c.op, c.cid]), [['withdraw', dropped.toString()], ['provide', kept.toString()]]);
    announcer.stop();
    announcer.provide(await someCid());
    assert.is(announcer.pending, 0, 'a stopped announcer queues nothing');
});
test.run();
//# sourceMappingURL=announcer.test.js.map