// A swarm where no peer runs the worker role (`--roles chunkserver`): the
// master runs the tasks itself instead of waiting for workers that do not
// exist, and a one-peer swarm still takes the job's output (one copy).
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ROOT, shoal, tempHome } from './helpers/cli.js'
import { runSequential } from './helpers/sequential-mr.js'
import { readFile } from 'node:fs/promises'

test('a one-peer swarm without the worker role runs a word count on its master, exactly as the sequential runner', async () => {
  await using home = await tempHome()
  const env = { home: home.path, timeoutMs: 90_000 }
  try {
    const up = await shoal(['up', '--peers', '1', '--roles', 'chunkserver'], env)
    assert.is(up.code, 0, up.stderr)
    const status = JSON.parse((await shoal(['swarm', 'status', '--json'], env)).stdout) as { peers: Array<{ roles: string[] }> }
    assert.not.ok(status.peers.some(p => p.roles.includes('worker')), 'no peer is a worker')
    const text = join(ROOT, 'examples', 'data', 'books', 'bash-intro.txt')
    assert.is((await shoal(['dfs', 'put', text, '/b.txt', '--chunk-size', '2KiB', '--replicas', '1'], env)).code, 0)
    const run = await shoal(['mr', 'run', '--code', join(ROOT, 'examples', 'wordcount.mjs'), '--input', '/b.txt', '--output', '/wc', '--split-size', '2KiB', '--reducers', '2', '--json'], env)
    assert.is(run.code, 0, run.stderr)
    const job = JSON.parse(run.stdout) as { job: string, status: string }
    assert.is(job.status, 'succeeded')
    const expected = await runSequential(join(ROOT, 'examples', 'wordcount.mjs'), [{ path: '/b.txt', bytes: await readFile(text) }], { reducers: 2 })
    assert.is((await shoal(['mr', 'cat', job.job], env)).stdout, expected.join(''))
  } finally {
    await shoal(['down'], env)
  }
})

test.run()
