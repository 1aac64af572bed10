// A client's session: it registers once, however many writes start at once;
// a failed registration is tried again by the next write; a session the state
// forgot is replaced by a new registration, its numbers starting afresh.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClientSession } from '../src/client/client-session.js';
function registrar() {
    let calls = 0;
    let fail = false;
    return {
        register: async () => {
            calls++;
            if (fail) {
                fail = false;
                throw new Error('master unavailable');
            }
            return `client-${calls}`;
        },
        calls: () => calls,
        failNext: () => { fail = true; }
    };
}
test('concurrent writes share one registration and get growing numbers; the lowest unanswered follows the answers', async () => {
    const r = registrar();
    const session = new ClientSession(r.register);
    const [a, b] = await Promise.all([session.begin(), session.begin()]);
    assert.is(r.calls(), 1);
    assert.equal([a.clientId, a.seq, b.clientId, b.seq], ['client-1', 0, 'client-1', 1]);
    session.answered(a.seq);
    const c = await session.begin();
    assert.equal([c.seq, c.firstUnanswered], [2, 1]);
});
test('a failed registration is tried again; an expired session is replaced', async () => {
    const r = registrar();
    const session = new ClientSession(r.register);
    r.failNext();
    const refused = await session.begin().then(() => 'registered', (err) => err.message);
    assert.is(refused, 'master unavailable');
    const first = await session.begin();
    assert.equal([first.clientId, first.seq], ['client-2', 0]);
    session.expired();
    const next = await session.begin();
    assert.equal([next.clientId, next.seq, next.firstUnanswered], ['client-3', 0, 0]);
});
test.run();
//# sourceMappingURL=client-session.test.js.map