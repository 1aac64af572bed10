// Bacefook's data module on a real 3-peer swarm: ids from concurrent
// creations never collide, a user's delete erases exactly their keys (also
// what a half-failed write left, and a post written while it runs) and counts
// them, other users keep theirs, bad input is refused, and the seed (library
// and CLI) makes the users and posts it says.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Bacefook, MAX_NAME_CHARS, MAX_POST_CHARS, profileKey } from '../src/client/bacefook.js'
import { seed } from '../src/client/bacefook-seed.js'
import { KvClient } from '../src/client/kv.js'
import { Swarm } from '../src/client/swarm.js'
import { shoal } from './helpers/cli.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { rejects } from './helpers/rejects.js'
import { waitFor } from './helpers/wait.js'

let swarm: TestSwarm
let clients: Swarm[]
let kvs: KvClient[]
let bacefook: Bacefook

test.before(async () => {
  swarm = await TestSwarm.up(3)
  // Two clients, so concurrent writes really come from different writers.
  clients = await Promise.all([Swarm.connect({ home: swarm.home }), Swarm.connect({ home: swarm.home })])
  kvs = clients.map(c => new KvClient(c))
  bacefook = new Bacefook(kvs[0])
})

test.after(async () => {
  for (const kv of kvs ?? []) kv.close()
  await Promise.all((clients ?? []).map(async c => { await c.close().catch(() => {}) }))
  await swarm?.[Symbol.asyncDispose]()
})

async function keys (prefix: string): Promise<string[]> {
  const found: string[] = []
  for await (const { key } of kvs[0].scan(prefix)) found.push(key)
  return found.sort()
}

const notFound = (err: Error): boolean => (err as Error & { code?: string }).code === 'NOT_FOUND'

test('users made at once from two clients get the ids 1..12, each once, each with its name', async () => {
  const stores = kvs.map(kv => new Bacefook(kv))
  const made = await Promise.all(Array.from({ length: 12 }, async (_, i) => await stores[i % 2].createUser(`  person ${i} `)))
  const ids = made.map(u => u.id)
  assert.equal(new Set(ids), new Set(Array.from({ length: 12 }, (_, i) => `user_${i + 1}`)))
  for (const [i, user] of made.entries()) {
    assert.is(user.name, `person ${i}`, 'the name trimmed')
    assert.equal(await bacefook.user(user.id), user)
  }
  const page = await bacefook.users({ limit: 5 })
  assert.equal(page.users.map(u => u.id), ['user_12', 'user_11', 'user_10', 'user_9', 'user_8'], 'newest first')
  assert.is(page.next, 8)
  assert.equal((await bacefook.users({ before: 3, limit: 5 })).users.map(u => u.id), ['user_2', 'user_1'])
})

test('posts: written, listed newest first, edited, deleted; a missing one is NOT_FOUND', async () => {
  const first = await bacefook.createPost('user_3', 'hello')
  const second = await bacefook.createPost('user_3', 'second <b>post</b>')
  assert.equal(await bacefook.posts('user_3'), [second, first])
  assert.equal(await bacefook.editPost('user_3', first.id, 'hello, edited'), { ...first, text: 'hello, edited' })
  await bacefook.deletePost('user_3', second.id)
  assert.equal(await bacefook.posts('user_3'), [{ ...first, text: 'hello, edited' }])
  await rejects(bacefook.deletePost('user_3', second.id), notFound)
  await rejects(bacefook.editPost('user_3', second.id, 'back?'), notFound)
  assert.equal(await keys('user_3/'), [`user_3/${first.id}`, 'user_3/profile'], 'a failed edit brings no post back')
  await rejects(bacefook.createPost('user_99', 'nobody'), notFound)
  assert.equal(await keys('user_99/'), [])
})

test('bad input is refused, saying why, and writes nothing', async () => {
  const before = await keys('')
  await rejects(bacefook.createUser('   '), /needs a name/)
  await rejects(bacefook.createUser('x'.repeat(MAX_NAME_CHARS + 1)), /at most 100 characters/)
  await rejects(bacefook.createPost('user_3', ' \n'), /needs some text/)
  await rejects(bacefook.createPost('user_3', 'x'.repeat(MAX_POST_CHARS + 1)), /at most 10000 characters/)
  // The prefix a purge takes is made from the id: none but user_<n> may pass.
  for (const id of ['user_', 'user_1/', 'user_01', '', 'user_1 ', 'counter']) {
    await rejects(bacefook.deleteUser(id), /is not a user id/)
  }
  await rejects(bacefook.editPost('user_3', 'post_x', 'text'), /is not a post id/)
  assert.equal(await keys(''), before)
})

test('deleting user_1 erases exactly its keys, and counts them; user_10 and the rest keep theirs', async () => {
  await bacefook.createPost('user_1', 'one')
  await bacefook.createPost('user_1', 'two')
  await bacefook.createPost('user_10', 'ten')
  await bacefook.createPost('user_11', 'eleven')
  const before = await keys('')
  const doomed = before.filter(key => key.startsWith('user_1/'))
  assert.is(doomed.length, 3)
  assert.is(await bacefook.deleteUser('user_1'), 3)
  assert.equal(await keys(''), before.filter(key => !key.startsWith('user_1/')))
  await rejects(bacefook.user('user_1'), notFound)
  await rejects(bacefook.deleteUser('user_1'), notFound)
  await rejects(bacefook.createPost('user_1', 'still here?'), notFound)
})

test('a delete also takes what a half-failed write left: posts without a profile', async () => {
  const stray = ['user_2/post_900', 'user_2/post_901']
  for (const key of stray) await kvs[0].put(key, new TextEncoder().encode('{"text":"left behind"}'))
  await kvs[0].del(profileKey('user_2'))
  assert.is(await bacefook.deleteUser('user_2'), 2)
  assert.equal(await keys('user_2/'), [])
})

test('posts written while their user is deleted are erased too, or refused', async () => {
  let written = 0
  // Each writer posts until the user is gone, so the delete lands among posts in flight.
  const writer = async (store: Bacefook): Promise<void> => {
    while (true) {
      try {
        await store.createPost('user_4', `post ${written}`)
        written++
      } catch (err) {
        if (notFound(err as Error)) return
        throw err
      }
    }
  }
  const writing = Promise.all(Array.from({ length: 8 }, async (_, i) => { await writer(new Bacefook(kvs[i % 2])) }))
  await waitFor('some posts written', () => written >= 10)
  const deleted = await bacefook.deleteUser('user_4')
  await writing
  assert.ok(deleted >= 11, `the profile and the posts written before (${deleted} keys)`)
  assert.equal(await keys('user_4/'), [], 'no post outlived its user')
})

test('seed: the library and the CLI make the users and posts they say, after the ids already given out', async () => {
  const made = await seed(kvs[0], { users: 40, posts: 300 })
  assert.equal(made, { firstUser: 13, lastUser: 52, posts: 300, keys: 340 })
  const seeded = (await keys('user_')).filter(key => Number(/^user_([0-9]+)\//.exec(key)?.[1]) >= 13)
  assert.is(seeded.length, 340)
  assert.is(seeded.filter(key => key.endsWith('/profile')).length, 40)

  const cli = await shoal(['bacefook', 'seed', '--users', '100', '--json'], { home: swarm.home })
  assert.is(cli.code, 0, cli.stderr)
  assert.equal(JSON.parse(cli.stdout), { firstUser: 53, lastUser: 152, posts: 1000, keys: 1100 })
  const page = await bacefook.users({ limit: 100 })
  assert.equal(page.users.map(u => u.id), Array.from({ length: 100 }, (_, i) => `user_${152 - i}`))
  assert.is((await bacefook.posts('user_53')).length > 0, true, 'the first users write the most posts')
})

test.run()
