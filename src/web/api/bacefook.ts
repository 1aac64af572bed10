// Bacefook's JSON API, on the KV store through src/client/bacefook.ts. Reads
// are GETs; every change is a POST (the access guard wants the CSRF token).
//   GET  /api/bacefook/users?before=N         a page of users, newest first
//   POST /api/bacefook/users                   {name}: a new user
//   GET  /api/bacefook/users/:user             the user and their posts
//   POST /api/bacefook/users/:user/posts       {text}: a new post
//   POST /api/bacefook/users/:user/posts/:post {text}: the post edited
//   POST /api/bacefook/users/:user/posts/:post/delete
//   POST /api/bacefook/users/:user/delete      the user and every post gone: {deleted: <keys>}
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { Bacefook, MAX_POST_CHARS } from '../../client/bacefook.js'
import { UserError } from '../../client/errors.js'
import type { ConsoleApi } from '../console.js'

const USERS_PAGE = 50
/** Room for the longest post, each character escaped in JSON. */
const MAX_BODY_BYTES = 8 * MAX_POST_CHARS

/** The string field `name` of the request's JSON body, or the caller's error. */
async function field (c: Context, name: string): Promise<string> {
  const body: unknown = await c.req.json().catch(() => { throw new UserError('the body must be JSON') })
  const value = (body as Record<string, unknown> | null)?.[name]
  if (typeof value !== 'string') throw new UserError(`the body must be a JSON object with the string "${name}"`)
  return value
}

function pageStart (before: string | undefined): number | undefined {
  if (before === undefined) return undefined
  if (!/^[1-9][0-9]{0,14}$/.test(before)) throw new UserError(`before must be a user number, not ${JSON.stringify(before)}`)
  return Number(before)
}

export const bacefookApi: ConsoleApi = (app, clients) => {
  // Made per request: the console's KV client starts only when first used.
  const bacefook = (): Bacefook => new Bacefook(clients.kv)
  app.use('/api/bacefook/*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: c => c.json({ error: `the body is over ${MAX_BODY_BYTES} bytes` }, 413) }))

  app.get('/api/bacefook/users', async c => c.json(await bacefook().users({ before: pageStart(c.req.query('before')), limit: USERS_PAGE })))
  app.post('/api/bacefook/users', async c => c.json(await bacefook().createUser(await field(c, 'name')), 201))
  app.get('/api/bacefook/users/:user', async c => {
    const store = bacefook()
    const [profile, posts] = await Promise.all([store.user(c.req.param('user')), store.posts(c.req.param('user'))])
    return c.json({ user: profile, posts })
  })
  app.post('/api/bacefook/users/:user/delete', async c => c.json({ deleted: await bacefook().deleteUser(c.req.param('user')) }))
  app.post('/api/bacefook/users/:user/posts', async c => c.json(await bacefook().createPost(c.req.param('user'), await field(c, 'text')), 201))
  app.post('/api/bacefook/users/:user/posts/:post', async c => c.json(await bacefook().editPost(c.req.param('user'), c.req.param('post'), await field(c, 'text'))))
  app.post('/api/bacefook/users/:user/posts/:post/delete', async c => {
    await bacefook().deletePost(c.req.param('user'), c.req.param('post'))
    return c.json({ deleted: c.req.param('post') })
  })
}
