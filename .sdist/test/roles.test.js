// Role start/stop: a role that runs once per consensus group runs as several
// instances side by side, each started, restarted for a new term and stopped
// alone, and is listed once among the roles a peer holds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { logger } from '../src/peer/log.js';
import { RoleManager } from '../src/peer/roles.js';
function recordingManager() {
    const events = [];
    const factory = (context) => ({
        start: () => { events.push(`start ${context.instance}@${context.term}`); },
        stop: () => { events.push(`stop ${context.instance}@${context.term}`); }
    });
    // The manager itself uses only the logger; the rest goes to the roles untouched.
    const shared = { log: logger('roles-test') };
    return { manager: new RoleManager({ testbed: factory, master: factory }, shared), events };
}
test('instances of one role run side by side and stop alone', async () => {
    const { manager, events } = recordingManager();
    await manager.set('testbed', true, 0, 'kv-1');
    await manager.set('testbed', true, 0, 'kv-2');
    await manager.set('testbed', true, 0, 'kv-1');
    assert.equal(manager.instances('testbed').sort(), ['kv-1', 'kv-2']);
    assert.equal(manager.held(), ['testbed']);
    await manager.set('testbed', false, 0, 'kv-1');
    assert.equal(manager.instances('testbed'), ['kv-2']);
    assert.equal(events, ['start kv-1@0', 'start kv-2@0', 'stop kv-1@0']);
});
test('a new term restarts only that instance; stopAll stops every one', async () => {
    const { manager, events } = recordingManager();
    await manager.set('master', true, 3);
    await manager.set('testbed', true, 4, 'kv-1');
    await manager.set('testbed', true, 4, 'kv-2');
    await manager.set('testbed', true, 5, 'kv-2');
    assert.equal(events, ['start @3', 'start kv-1@4', 'start kv-2@4', 'stop kv-2@4', 'start kv-2@5']);
    await manager.stopAll();
    assert.equal(manager.held(), []);
    assert.equal(events.slice(5).sort(), ['stop @3', 'stop kv-1@4', 'stop kv-2@5']);
});
test.run();
//# sourceMappingURL=roles.test.js.map