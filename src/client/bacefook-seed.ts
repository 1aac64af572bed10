// A demo data set for Bacefook: users and posts made by a seeded generator,
// so the same numbers give the same data (a test can count what a MapReduce
// job should find). A few users write most of the posts and some write none.
import { allocate, postJson, postKey, profileJson, profileKey, POST_COUNTER, USER_COUNTER } from './bacefook.js'
import { seeded } from './seeded.js'
import type { KvClient, KvOptions } from './kv.js'

const WORDS = ['the', 'a', 'cat', 'dog', 'sat', 'ran', 'on', 'mat', 'late', 'early', 'café', 'naïve', 'über', 'photo', 'of', 'my', 'lunch', 'today', 'again', 'why', 'is', 'it', 'Monday', 'weekend', 'finally', 'new', 'job', 'garden', 'rain', 'sun']
const NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Leslie', 'Ken', 'Radia', 'Donald', 'Frances']
/** Puts in flight at once while seeding. */
const CONCURRENCY = 256

export interface DemoOptions {
  users: number
  posts: number
  /** The generator's seed. */
  seed?: number
  /** The first user's and the first post's number. */
  firstUser?: number
  firstPost?: number
}

export interface Seeded { firstUser: number, lastUser: number, posts: number, keys: number }

/** The users' profiles and the posts as the store keeps them, values JSON text. */
export function demoData ({ users, posts, seed = 1, firstUser = 1, firstPost = 1 }: DemoOptions): Array<{ key: string, value: string }> {
  const random = seeded(seed)
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]
  const pairs = []
  for (let n = 0; n < users; n++) {
    pairs.push({ key: profileKey(`user_${firstUser + n}`), value: profileJson(`${pick(NAMES)} ${firstUser + n}`) })
  }
  for (let n = 0; n < posts; n++) {
    // Squaring skews the authors toward the first users.
    const author = `user_${firstUser + Math.floor(random() * random() * users)}`
    const text = Array.from({ length: 3 + Math.floor(random() * 10) }, () => pick(WORDS)).join(' ')
    pairs.push({ key: postKey(author, `post_${firstPost + n}`), value: postJson(text) })
  }
  return pairs
}

/** Adds `users` new users and `posts` posts by them, with ids after any the store has given out. */
export async function seed (kv: KvClient, options: Omit<DemoOptions, 'firstUser' | 'firstPost'>, kvOptions: KvOptions = {}): Promise<Seeded> {
  const firstUser = await allocate(kv, USER_COUNTER, options.users)
  const firstPost = await allocate(kv, POST_COUNTER, options.posts)
  const pairs = demoData({ ...options, firstUser, firstPost })
  const encoder = new TextEncoder()
  for (let i = 0; i < pairs.length; i += CONCURRENCY) {
    await kv.multiput(pairs.slice(i, i + CONCURRENCY).map(({ key, value }) => ({ key, value: encoder.encode(value) })), kvOptions)
  }
  return { firstUser, lastUser: firstUser + options.users - 1, posts: options.posts, keys: pairs.length }
}
