import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Fence, StaleTermError } from '../src/peer/fence.js';
test('commands from an older term than one seen are refused', () => {
    const fence = new Fence();
    fence.admit('master', 3);
    fence.admit('master', 3);
    fence.observe('master', 5);
    assert.throws(() => { fence.admit('master', 4); }, (err) => err instanceof StaleTermError && /term 4 refused: term 5/.test(err.message));
    fence.admit('master', 6);
    assert.is(fence.term('master'), 6);
    assert.not.throws(() => { fence.admit('shardmaster', 1); }, 'roles are fenced separately');
});
test.run();
//# sourceMappingURL=fence.test.js.map