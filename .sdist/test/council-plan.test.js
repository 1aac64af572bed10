import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nextConfChange, planCouncil } from '../src/peer/council-plan.js';
function peers(spec) {
    return new Map(Object.entries(spec).map(([id, s], i) => {
        const [state, voter] = Array.isArray(s) ? s : [s, false];
        return [id, { id, state, voter, startedAt: i }];
    }));
}
const conf = (voters, learners = []) => ({ voters, learners });
test('a council grows to the largest odd size the swarm can fill, at most five', () => {
    assert.equal(planCouncil(conf(['a']), peers({ a: 'alive', b: 'alive' }), 'a'), ['a']);
    assert.equal(planCouncil(conf(['a']), peers({ a: 'alive', b: 'alive', c: 'alive' }), 'a'), ['a', 'b', 'c']);
    assert.equal(planCouncil(conf(['a', 'b', 'c']), peers({ a: 'alive', b: 'alive', c: 'alive', d: 'alive' }), 'a'), ['a', 'b', 'c']);
    const seven = peers({ a: 'alive', b: 'alive', c: 'alive', d: 'alive', e: 'alive', f: 'alive', g: 'alive' });
    assert.equal(planCouncil(conf(['a', 'b', 'c']), seven, 'a'), ['a', 'b', 'c', 'd', 'e']);
});
test('--voter peers and older peers are chosen first', () => {
    const swarm = peers({ a: 'alive', b: 'alive', c: 'alive', d: ['alive', true] });
    assert.equal(planCouncil(conf(['a']), swarm, 'a'), ['a', 'd', 'b']);
});
test('a dead voter is replaced by a live peer, and kept when nobody can replace it', () => {
    assert.equal(planCouncil(conf(['a', 'b', 'c']), peers({ a: 'alive', b: 'alive', c: 'dead', d: 'alive' }), 'a'), ['a', 'b', 'd']);
    assert.equal(planCouncil(conf(['a', 'b', 'c']), peers({ a: 'alive', b: 'alive', c: 'dead' }), 'a'), ['a', 'b', 'c']);
    assert.equal(planCouncil(conf(['a', 'b', 'c']), peers({ a: 'alive', b: 'alive', c: 'suspect' }), 'a'), ['a', 'b', 'c']);
});
test('an even council with no one left to add sheds a non-leader voter', () => {
    assert.equal(planCouncil(conf(['a', 'b', 'c', 'd']), peers({ a: 'alive', b: 'alive', c: 'alive', d: 'alive' }), 'd'), ['a', 'b', 'd']);
});
test('changes go one at a time: learner first, voter once caught up, removals last', () => {
    const desired = ['a', 'b', 'c'];
    const never = () => false;
    const always = () => true;
    assert.equal(nextConfChange(conf(['a']), desired, never), { type: 'addLearner', node: 'b' });
    assert.equal(nextConfChange(conf(['a'], ['b']), desired, never), { type: 'addLearner', node: 'c' });
    assert.equal(nextConfChange(conf(['a'], ['b', 'c']), desired, never), undefined);
    assert.equal(nextConfChange(conf(['a'], ['b', 'c']), desired, always), { type: 'addVoter', node: 'b' });
    assert.equal(nextConfChange(conf(['a', 'b', 'c', 'x']), desired, always), { type: 'remove', node: 'x' });
    assert.equal(nextConfChange(conf(['a', 'b', 'x'], ['c']), desired, never), undefined, 'no removal before the replacement votes');
    assert.equal(nextConfChange(conf(['a', 'b', 'c'], ['z']), desired, always), { type: 'remove', node: 'z' });
    assert.equal(nextConfChange(conf(['a', 'b', 'c']), desired, always), undefined);
});
test.run();
//# sourceMappingURL=council-plan.test.js.map