// Bacefook, a small social network kept in the KV store. Every key of a user
// sits under that user's prefix `user_<n>/`: the profile `user_<n>/profile`
// and each post `user_<n>/post_<m>`, so deleting a user's data is one purge of
// that prefix, and a write that half-failed can only have left keys under it.
// The slash ends the prefix: user_1's purge never reaches user_10. Ids come
// from counters (`counter/users`, `counter/posts`, the last id given out)
// advanced with cas, so concurrent creations never share one.
import { SHARD_COUNT } from '../../protocols/kv/shard.js'
import { CodedError } from '../peer/errors.js'
import { UserError } from './errors.js'
import type { KvClient } from './kv.js'

export interface User { id: string, name: string }
export interface Post { id: string, author: string, text: string }

export const MAX_NAME_CHARS = 100
export const MAX_POST_CHARS = 10_000

export const USER_COUNTER = 'counter/users'
export const POST_COUNTER = 'counter/posts'
const USER_ID = /^user_[1-9][0-9]{0,14}$/
const POST_ID = /^post_[1-9][0-9]{0,14}$/

export const userPrefix = (user: string): string => `${user}/`
export const profileKey = (user: string): string => `${user}/profile`
export const postKey = (user: string, post: string): string => `${user}/post_${post.slice('post_'.length)}`

export const profileJson = (name: string): string => JSON.stringify({ name })
export const postJson = (text: string): string => JSON.stringify({ text })

const encode = (json: string): Uint8Array => new TextEncoder().encode(json)
const decode = <T>(bytes: Uint8Array): T => JSON.parse(new TextDecoder().decode(bytes)) as T
const idNumber = (id: string): number => Number(id.slice(id.indexOf('_') + 1))

export class Bacefook {
  constructor (private readonly kv: KvClient) {}

  async createUser (name: string): Promise<User> {
    const clean = checkName(name)
    const id = `user_${await allocate(this.kv, USER_COUNTER, 1)}`
    await this.kv.put(profileKey(id), encode(profileJson(clean)))
    return { id, name: clean }
  }

  async user (id: string): Promise<User> {
    checkUserId(id)
    const profile = await this.kv.get(profileKey(id))
    if (profile === undefined) throw noUser(id)
    return { id, ...decode<{ name: string }>(profile) }
  }

  /** Up to `limit` users, newest first, among the ids below `before`; `next` is the `before` of the page after. */
  async users (options: { before?: number, limit: number }): Promise<{ users: User[], next?: number }> {
    const { last } = await readCounter(this.kv, USER_COUNTER)
    const top = Math.min(last, (options.before ?? Infinity) - 1)
    const ids = Array.from({ length: Math.max(0, Math.min(options.limit, top)) }, (_, i) => `user_${top - i}`)
    const profiles = await this.kv.multiget(ids.map(profileKey))
    const users = ids.flatMap(id => {
      const profile = profiles.get(profileKey(id))
      return profile === undefined ? [] : [{ id, ...decode<{ name: string }>(profile) }]
    })
    const lowest = top - ids.length + 1
    return { users, next: lowest > 1 ? lowest : undefined }
  }

  /** The user's posts, newest first (none for a user that does not exist). */
  async posts (user: string): Promise<Post[]> {
    checkUserId(user)
    const prefix = `${user}/post_`
    const shards = await Promise.all(Array.from({ length: SHARD_COUNT }, async (_, shard) => {
      const found: Post[] = []
      for await (const { key, value } of this.kv.scanShard(shard, prefix)) {
        found.push({ id: `post_${key.slice(prefix.length)}`, author: user, ...decode<{ text: string }>(value) })
      }
      return found
    }))
    return shards.flat().sort((a, b) => idNumber(b.id) - idNumber(a.id))
  }

  async createPost (user: string, text: string): Promise<Post> {
    checkText(text)
    await this.user(user)
    const id = `post_${await allocate(this.kv, POST_COUNTER, 1)}`
    const key = postKey(user, id)
    await this.kv.put(key, encode(postJson(text)))
    // A deleteUser removes the profile before it purges: a purge that had
    // already passed this post's shard shows here as a missing profile.
    if (await this.kv.get(profileKey(user)) === undefined) {
      await this.kv.del(key)
      throw noUser(user)
    }
    return { id, author: user, text }
  }

  async editPost (user: string, post: string, text: string): Promise<Post> {
    checkText(text)
    const key = checkedPostKey(user, post)
    // cas, not put: an edit racing a delete must not bring the post back.
    while (true) {
      const old = await this.kv.get(key)
      if (old === undefined) throw noPost(user, post)
      if (await this.kv.cas(key, old, encode(postJson(text)))) return { id: post, author: user, text }
    }
  }

  async deletePost (user: string, post: string): Promise<void> {
    if (!await this.kv.del(checkedPostKey(user, post))) throw noPost(user, post)
  }

  /**
   * Erases the user and every post of theirs (a GDPR delete); how many keys
   * went. The profile goes first, so a post written meanwhile sees it gone
   * (createPost); run again after a failure, it erases whatever is left.
   */
  async deleteUser (user: string): Promise<number> {
    checkUserId(user)
    const profile = await this.kv.del(profileKey(user)) ? 1 : 0
    const count = profile + await this.kv.purge(userPrefix(user))
    if (count === 0) throw noUser(user)
    return count
  }
}

/** Advances the counter at `key` by `count`; the first of the ids it gave out. */
export async function allocate (kv: KvClient, key: string, count: number): Promise<number> {
  while (true) {
    const { bytes, last } = await readCounter(kv, key)
    if (await kv.cas(key, bytes, new TextEncoder().encode(String(last + count)))) return last + 1
  }
}

/** The counter's stored bytes, and the last id it gave out (0 before the first). */
async function readCounter (kv: KvClient, key: string): Promise<{ bytes?: Uint8Array, last: number }> {
  const bytes = await kv.get(key)
  return { bytes, last: bytes === undefined ? 0 : Number(new TextDecoder().decode(bytes)) }
}

function checkName (name: string): string {
  const clean = name.trim()
  if (clean === '') throw new UserError('a user needs a name')
  if (clean.length > MAX_NAME_CHARS) throw new UserError(`a name has at most ${MAX_NAME_CHARS} characters, not ${clean.length}`)
  return clean
}

function checkText (text: string): void {
  if (text.trim() === '') throw new UserError('a post needs some text')
  if (text.length > MAX_POST_CHARS) throw new UserError(`a post has at most ${MAX_POST_CHARS} characters, not ${text.length}`)
}

function checkUserId (id: string): void {
  if (!USER_ID.test(id)) throw new UserError(`${JSON.stringify(id)} is not a user id (user_<n>)`)
}

function checkedPostKey (user: string, post: string): string {
  checkUserId(user)
  if (!POST_ID.test(post)) throw new UserError(`${JSON.stringify(post)} is not a post id (post_<n>)`)
  return postKey(user, post)
}

const noUser = (id: string): CodedError => new CodedError('NOT_FOUND', `no user ${id}`)
const noPost = (user: string, post: string): CodedError => new CodedError('NOT_FOUND', `${user} has no post ${post}`)
