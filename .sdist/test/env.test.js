// Durations from the environment: the fallback when unset, the value when it
// is a positive number of milliseconds, a clear error otherwise.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { durationFromEnv } from '../src/peer/env.js';
const NAME = 'SHOAL_TEST_DURATION_MS';
test('unset gives the fallback; a positive number gives itself; anything else throws naming the variable', () => {
    delete process.env[NAME];
    assert.is(durationFromEnv(NAME, 1234), 1234);
    process.env[NAME] = '2500';
    assert.is(durationFromEnv(NAME, 1234), 2500);
    for (const bad of ['', ' ', 'soon', '0', '-5', 'Infinity']) {
        process.env[NAME] = bad;
        assert.throws(() => durationFromEnv(NAME, 1234), (err) => err instanceof RangeError && err.message.includes(NAME), `${JSON.stringify(bad)} is refused`);
    }
    delete process.env[NAME];
});
test.run();
//# sourceMappingURL=env.test.js.map