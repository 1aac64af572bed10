// `npm run bench -- <name...>`: each benchmark prints one JSON line of figures,
// including the baseline it is compared with, measured in the same run.
const benches: Record<string, () => Promise<unknown>> = {
  election: async () => (await import('./election.js')).run(),
  perf: async () => (await import('./dfs-ceiling.js')).run(),
  cli: async () => (await import('./cli.js')).run(),
  dfs: async () => (await import('./dfs.js')).run(),
  idle: async () => (await import('./idle.js')).run(),
  mr: async () => (await import('./mr.js')).run(),
  raft: async () => (await import('./raft.js')).run(),
  snapshot: async () => (await import('./snapshot.js')).run(),
  stall: async () => (await import('./stall.js')).run()
}

const names = process.argv.slice(2).filter(a => a !== '--')
const chosen = names.length === 0 ? Object.keys(benches) : names
for (const name of chosen) {
  const bench = benches[name]
  if (bench == null) {
    console.error(`unknown benchmark "${name}" (have: ${Object.keys(benches).join(', ')})`)
    process.exit(1)
  }
  console.log(JSON.stringify(await bench()))
}
