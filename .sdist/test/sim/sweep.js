// Runs many seeds and groups the failures by cause, with a few seeds to replay
// each (SHOAL_SIM_SEED=S npm test -- consensus-sim). Not a test file: run
//   node dist/test/sim/sweep.js FROM TO [--all] [--only=VARIATION | --none]
// after `npm run build`. Each failure's first line is reduced to a cause by
// blanking node ids, numbers and JSON; --all also prints every failure.
// --only=V runs every seed with variation V and no other; --none with none
// (replay one with SHOAL_SIM_ONLY=V, or none, and SHOAL_SIM_SEED=S). With
// FROM = TO, --all prints the whole failure.
import { SimCluster, VARIATIONS } from './cluster.js';
import { forcedVariations, options } from './options.js';
const [from, to] = process.argv.slice(2, 4).map(Number);
if (!(from >= 1 && to >= from))
    throw new Error('usage: sweep.js FROM TO [--all] [--only=VARIATION | --none]');
const all = process.argv.includes('--all');
const forced = forcedVariations(process.argv.includes('--none') ? 'none' : process.argv.find(a => a.startsWith('--only='))?.slice('--only='.length));
/** The part of a failure message that names the cause, with the options that matter to liveness. */
export function cause(message) {
    const flags = message.match(/^seed \d+ \(([^;)]*)/)?.[1].split(', ').filter(f => f.startsWith('no ')) ?? [];
    const line = message.replace(/^seed \d+ \([^)]*\) tick \d+ g\d+ \([^)]*\) step \d+: /, '').split('\n')[0];
    if (line.startsWith('no leader committed')) {
        const found = [
            /holds its own uncommitted removal/.test(line) ? 'the newest log is on a node holding its own uncommitted removal' : '',
            /is a learner in its own conf/.test(line) ? 'the newest log is on a learner that is a voter in another\'s conf' : '',
            /follows \S+, not a voter/.test(line) ? 'a replica follows a leader that is not a voter' : '',
            /no pre-vote: /.test(line) ? `election livelock without pre-vote${/on a faster clock/.test(line) ? ', a behind voter on a faster clock' : ''}` : '',
            /terms since healing/.test(line) && !/no pre-vote: /.test(line) ? 'many terms since healing' : '',
            /quiet under \S+ \((down|kept down|disk lost|no such peer)\)/.test(line) ? 'quiet under a leader whose peer is gone' : '',
            /quiet under \S+ \((follower|candidate|pre-candidate)\)/.test(line) ? 'quiet under a replica that no longer leads' : '',
            /quiet under no leader/.test(line) ? 'quiet under no leader' : ''
        ].filter(c => c !== '');
        const phase = / coming back/.test(line)
            ? ', once the kept-down nodes came back'
            : /, which led quiet groups, dying/.test(line) ? ', once a peer leading quiet groups died' : / kept down/.test(line) ? ', with a minority kept down' : '';
        return `liveness${phase}: ${found.length > 0 ? found.join(' + ') : 'no hint'}${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}`;
    }
    return line.replace(/\{.*\}/g, '{…}').replace(/\bn\d+\b/g, 'nX').replace(/\d+(\.\d+)?/g, 'N');
}
const causes = new Map();
const started = Date.now();
for (let seed = from; seed <= to; seed++) {
    const cluster = new SimCluster({ ...options(seed), variations: forced });
    try {
        cluster.run();
    }
    catch (err) {
        const message = err.message;
        if (all)
            console.log(`seed ${seed}: ${from === to ? message : message.split('\n')[0]}`);
        const key = cause(message);
        let c = causes.get(key);
        if (c === undefined)
            causes.set(key, c = { seeds: [], variations: new Map(), multi: 0 });
        c.seeds.push(seed);
        if (cluster.groups.length > 1)
            c.multi++;
        for (const v of VARIATIONS)
            if (cluster.variations[v])
                c.variations.set(v, (c.variations.get(v) ?? 0) + 1);
    }
}
console.log(`seeds ${from}..${to}: ${[...causes.values()].reduce((n, c) => n + c.seeds.length, 0)} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
for (const [key, c] of [...causes].sort((a, b) => b[1].seeds.length - a[1].seeds.length)) {
    console.log(`${String(c.seeds.length).padStart(5)}  ${key}`);
    console.log(`       seeds ${c.seeds.slice(0, 12).join(' ')}${c.seeds.length > 12 ? ' …' : ''}`);
    console.log(`       with ${[...c.variations].map(([v, n]) => `${v} ${n}`).join(', ')}; ${c.multi} with many groups`);
}
//# sourceMappingURL=sweep.js.map