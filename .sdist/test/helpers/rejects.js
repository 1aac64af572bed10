// uvu has no assertion for a rejected promise: this is it.
import * as assert from 'uvu/assert';
export async function rejects(promise, expected) {
    let error;
    try {
        await promise;
    }
    catch (err) {
        error = err;
    }
    assert.ok(error instanceof Error, 'expected the promise to reject');
    const ok = typeof expected === 'function' ? expected(error) : expected.test(error.message);
    assert.ok(ok, `unexpected rejection: ${error.name}: ${error.message}`);
}
//# sourceMappingURL=rejects.js.map