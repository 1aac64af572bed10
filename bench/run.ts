// `npm run bench -- <name...> [--seconds N]`: each benchmark prints one JSON
// line of figures, including the baseline it is compared with, measured in the
// same run. `--seconds N` sets SHOAL_BENCH_SECONDS, the length of the timed
// benchmarks that read it (kv).
import { parseArgs } from 'node:util'

const benches: Record<string, () => Promise<unknown>> = {
  election: async () => (await import('./election.js')).run(),
  perf: async () => (await import('./dfs-ceiling.js')).run(),
  cli: async () => (await import('./cli.js')).run(),
  dfs: async () => (await import('./dfs.js')).run(),
  idle: async () => (await import('./idle.js')).run(),
  kv: async () => (await import('./kv.js')).run(),
  mr: async () => (await import('./mr.js')).run(),
  raft: async () => (await import('./raft.js')).run(),
  snapshot: async () => (await import('./snapshot.js')).run(),
  stall: async () => (await import('./stall.js')).run(),
  web: async () => (await import('./web.js')).run()
}

const { values, positionals: names } = parseArgs({
  args: process.argv.slice(2).filter(a => a !== '--'),
  options: { seconds: { type: 'string' } },
  allowPositionals: true
})
if (values.seconds != null) process.env.SHOAL_BENCH_SECONDS = values.seconds
const chosen = names.length === 0 ? Object.keys(benches) : names
for (const name of chosen) {
  const bench = benches[name]
  if (bench == null) {
    console.error(`unknown benchmark "${name}" (have: ${Object.keys(benches).join(', ')})`)
    process.exit(1)
  }
  console.log(JSON.stringify(await bench()))
}
