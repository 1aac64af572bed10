// Bacefook-style sample data for the KV store: `user_<n>` keys whose value is
// a JSON user, and `post_<n>` keys whose value is a JSON post naming its
// author, e.g. {"author":"user_3","text":"the café opens late"}. A few users
// write most of the posts and some write none. The same numbers give the same
// data (a seeded generator), so a test can count what a job should find.
//
// Run with the project's Node (`npx node`), from the checkout, after a build:
//
//   npx shoal up --peers 3
//   npx node examples/data/bacefook.mjs                          # 200 users, 2000 posts
//   npx node examples/data/bacefook.mjs --users 20 --posts 100   # fewer
//   npx shoal kv scan post_ --limit 3
//
// The swarm is the one under $SHOAL_HOME, else ~/.shoal, as for `shoal`.

const WORDS = ['the', 'a', 'cat', 'dog', 'sat', 'ran', 'on', 'mat', 'late', 'early', 'café', 'naïve', 'über', 'photo', 'of', 'my', 'lunch', 'today', 'again', 'why', 'is', 'it', 'Monday', 'weekend', 'finally', 'new', 'job', 'garden', 'rain', 'sun']
const NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Leslie', 'Ken', 'Radia', 'Donald', 'Frances']

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
function seeded (seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The users and posts as `{ key, value }` pairs, values JSON text. */
export function bacefook ({ users = 200, posts = 2000, seed = 1 } = {}) {
  const random = seeded(seed)
  const pick = list => list[Math.floor(random() * list.length)]
  const pairs = []
  for (let n = 1; n <= users; n++) {
    pairs.push({ key: `user_${n}`, value: JSON.stringify({ name: `${pick(NAMES)} ${n}`, joined: 2004 + Math.floor(random() * 20) }) })
  }
  for (let n = 1; n <= posts; n++) {
    // Squaring skews the authors toward the first users.
    const author = `user_${1 + Math.floor(random() * random() * users)}`
    const text = Array.from({ length: 3 + Math.floor(random() * 10) }, () => pick(WORDS)).join(' ')
    pairs.push({ key: `post_${n}`, value: JSON.stringify({ author, text }) })
  }
  return pairs
}

async function load () {
  const { parseArgs } = await import('node:util')
  const { values } = parseArgs({ options: { users: { type: 'string', default: '200' }, posts: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' } } })
  const { Swarm } = await import('../../dist/src/client/swarm.js')
  const { KvClient } = await import('../../dist/src/client/kv.js')
  const { resolveHome } = await import('../../dist/src/peer/config.js')
  const pairs = bacefook({ users: Number(values.users), posts: Number(values.posts), seed: Number(values.seed) })
  const swarm = await Swarm.connect({ home: resolveHome() })
  const kv = new KvClient(swarm)
  try {
    const batch = 256
    for (let i = 0; i < pairs.length; i += batch) {
      await kv.multiput(pairs.slice(i, i + batch).map(({ key, value }) => ({ key, value: Buffer.from(value) })))
    }
    console.log(`put ${values.users} users and ${values.posts} posts`)
  } finally {
    kv.close()
    await swarm.close()
  }
}

if (import.meta.main) await load()
