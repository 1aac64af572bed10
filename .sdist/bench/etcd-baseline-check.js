// Tries the etcd baseline alone: `node dist/bench/etcd-baseline-check.js [kills] [members]`.
import { measureEtcdFailover } from './etcd-baseline.js';
const [kills = 3, members = 3] = process.argv.slice(2).map(Number);
const startedAt = performance.now();
const result = await measureEtcdFailover({ members, kills });
console.log(JSON.stringify({ members, kills, wall_ms: Math.round(performance.now() - startedAt), result }));
//# sourceMappingURL=etcd-baseline-check.js.map