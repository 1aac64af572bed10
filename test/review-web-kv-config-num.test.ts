// Review: GET /api/kv/config?num=N checks N is digits but not its size; a
// long run of digits is Number(...) = Infinity, which fails deep in the
// shardmaster client ("cannot be converted to a BigInt") and is answered 503,
// the status the console keeps for the swarm's own trouble (try again
// later), instead of 400 for the caller's bad number (as 2^53+1 already is).
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { TestSwarm } from './helpers/local-swarm.js'

test('a configuration number too big to be one is the caller\'s mistake (400), not the swarm\'s (503)', async () => {
  await using swarm = await TestSwarm.up(1, {}, { consoles: true })
  const url = await swarm.consoleUrl(0)
  const big = await fetch(new URL(`/api/kv/config?num=${'9'.repeat(400)}`, url))
  const body = await big.json() as { error: string }
  assert.is(big.status, 400, `answered ${big.status}: ${body.error}`)
  assert.is((await fetch(new URL('/api/kv/config?num=99999999999999999', url))).status, 400, 'as a number past 2^53 already is')
})

test.run()
