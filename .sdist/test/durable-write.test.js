// The consensus groups' writer for a disk that may be full: a write the disk
// refuses is retried, waiting longer each time, until it lands; any other
// failure is thrown at once; a stopped writer gives up.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DurableWriter, readyBytes } from '../src/peer/consensus/durable-write.js';
import { NoSpaceError } from '../src/peer/lmdb-failures.js';
import { rejects } from './helpers/rejects.js';
import { waitFor } from './helpers/wait.js';
/** A logger that keeps its lines. */
function recorder() {
    const lines = [];
    const log = ((message) => { lines.push(message); });
    log.error = (message, err) => { lines.push(`${message}: ${String(err)}`); };
    log.child = () => log;
    log.lines = lines;
    return log;
}
/** A write the disk refuses `times` times, then takes; it records when each try ran. */
function refusedWrite(times) {
    const tries = [];
    return {
        tries,
        write: async () => {
            tries.push(performance.now());
            if (tries.length <= times)
                throw new NoSpaceError('no room');
        }
    };
}
test('a refused write is retried, each wait double the last up to the cap, until it lands', async () => {
    const log = recorder();
    const writer = new DurableWriter({ what: 'group g', log, minDelayMs: 10, maxDelayMs: 40 });
    const { write, tries } = refusedWrite(5);
    const landing = writer.write(write);
    await waitFor('the writer to block on the first refusal', () => writer.blocked, { timeoutMs: 1_000, intervalMs: 1 });
    assert.ok(tries.length < 6, 'blocked while the write waits');
    assert.is(await landing, true);
    assert.not.ok(writer.blocked, 'not blocked once it landed');
    assert.is(tries.length, 6);
    const waits = tries.slice(1).map((at, i) => at - tries[i]);
    // Timers never fire early (a millisecond of rounding aside); late is the machine's business.
    for (const [i, least] of [10, 20, 40, 40, 40].entries())
        assert.ok(waits[i] >= least - 1, `wait ${i} was ${waits[i].toFixed(1)} ms, at least ${least}`);
    assert.is(log.lines.length, 2, `one line when refused and one when it lands: ${log.lines.join(' | ')}`);
    assert.match(log.lines[0], /group g cannot persist/);
    assert.match(log.lines[1], /group g persists again, after \d+\.\d s/);
});
test('any other failure is thrown at once, not retried', async () => {
    const writer = new DurableWriter({ what: 'group g', log: recorder(), minDelayMs: 10 });
    let tries = 0;
    await rejects(writer.write(async () => { tries++; throw new Error('a bug'); }), /a bug/);
    assert.is(tries, 1);
    assert.not.ok(writer.blocked);
});
test('a stopped writer gives up at once: false, and no further try', async () => {
    const writer = new DurableWriter({ what: 'group g', log: recorder(), minDelayMs: 60_000 });
    const { write, tries } = refusedWrite(Infinity);
    const landing = writer.write(write);
    await waitFor('the writer to block on the first refusal', () => writer.blocked);
    writer.stop();
    assert.is(await landing, false);
    assert.is(await writer.write(write), false, 'a write after stop is not tried');
    assert.is(tries.length, 1);
});
test('tryOnce: a refused write is logged and skipped, any other failure thrown', async () => {
    const log = recorder();
    const writer = new DurableWriter({ what: 'group g', log });
    assert.is(await writer.tryOnce('compaction', async () => { }), true);
    assert.is(await writer.tryOnce('compaction', async () => { throw new NoSpaceError('no room'); }), false);
    assert.match(log.lines.join('\n'), /group g: compaction skipped: NoSpaceError: no room/);
    await rejects(writer.tryOnce('compaction', async () => { throw new Error('a bug'); }), /a bug/);
    assert.not.ok(writer.blocked, 'a skipped write does not block the group');
});
test('readyBytes counts the data of the entries and of the snapshot', () => {
    const entry = (size) => ({ index: 1, term: 1, type: 0, data: new Uint8Array(size) });
    const ready = { entries: [entry(10), entry(5)], messages: [], committed: [entry(1000)], readStates: [] };
    assert.is(readyBytes(ready), 15);
    assert.is(readyBytes({ ...ready, snapshot: { index: 1, term: 1, conf: { voters: [], learners: [] }, data: new Uint8Array(100) } }), 115);
});
test.run();
//# sourceMappingURL=durable-write.test.js.map