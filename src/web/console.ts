// The web console: an HTTP server inside a peer, and a client of that peer's
// own node (so it holds the swarm key like any CLI, and bypasses nothing).
// Each view's API lives in api/<view>.ts; pages are shells that load their
// script from /ui/.
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AddressInfo } from 'node:net'
import { UserError } from '../client/errors.js'
import { CodedError, USER_CODES } from '../peer/errors.js'
import type { ClientNode } from '../peer/node.js'
import type { Logger } from '../peer/log.js'
import { Access, loadOrCreateToken } from './access.js'
import { loadAssets } from './assets.js'
import { consoleUrl, isLoopback, type HttpAddress } from './http-address.js'
import { LOGIN_PAGE, shellPage } from './pages.js'
import { ConsoleClients } from './clients.js'
import { STYLE } from './style.js'
import { swarmApi } from './api/swarm.js'
import { kvApi } from './api/kv.js'
import { activityApi } from './api/activity.js'
import { bacefookApi } from './api/bacefook.js'
import { dfsApi } from './api/dfs.js'
import { jobsApi } from './api/jobs.js'

export interface ConsoleOptions {
  node: ClientNode
  home: string
  address: HttpAddress
  /** Ask for the access token even on loopback (a shared machine). */
  requireToken?: boolean
  log: Logger
}

export interface RunningConsole {
  url: string
  close: () => Promise<void>
}

const MAX_LOGIN_BYTES = 4096

/** Registers one view's API on the app; returns what stops its background work, if it has any. */
export type ConsoleApi = (app: Hono, clients: ConsoleClients) => (() => void) | undefined

const APIS: ConsoleApi[] = [swarmApi, dfsApi, jobsApi, kvApi, activityApi, bacefookApi]

export async function startConsole (options: ConsoleOptions): Promise<RunningConsole> {
  const { address, log } = options
  let token: string | undefined
  if (options.requireToken === true || !isLoopback(address.host)) {
    const made = await loadOrCreateToken(options.home)
    token = made.token
    if (made.created) log(`console access token (shown once; kept in ${made.path}): ${made.token}`)
  }
  const clients = new ConsoleClients(options.node)
  const assets = await loadAssets()
  assets.set('style.css', { body: STYLE, type: 'text/css; charset=utf-8' })

  const access = new Access({ token })
  const stops: Array<() => void> = []
  const server = await listen(address, buildApp(access, assets, clients, stops))
  const { port } = server.address() as AddressInfo
  access.listening(hostNames(address.host, port), port)
  return {
    url: consoleUrl(address.host, port),
    close: async () => {
      for (const stop of stops) stop()
      clients.close()
      if ('closeAllConnections' in server) server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => { resolve() }))
    }
  }
}

/** The Host headers a loopback console answers to. */
function hostNames (host: string, port: number): string[] {
  const names = [host === '::1' ? '[::1]' : host, 'localhost', '127.0.0.1', '[::1]']
  return [...new Set(names)].map(name => `${name}:${port}`)
}

function buildApp (access: Access, assets: Map<string, { body: string, type: string }>, clients: ConsoleClients, stops: Array<() => void>): Hono {
  const app = new Hono()
  app.use('*', access.guard(['/login', '/ui/style.css']))
  app.get('/login', c => access.needsToken ? c.html(LOGIN_PAGE) : c.redirect('/', 303))
  // Anyone may post to /login: its body is read only up to a token's size.
  app.post('/login', bodyLimit({ maxSize: MAX_LOGIN_BYTES, onError: c => c.text('too large', 413) }), async c => {
    if (!access.needsToken) return c.redirect('/', 303)
    const form = await c.req.parseBody()
    if (!access.tokenMatches(typeof form.token === 'string' ? form.token : undefined)) return c.html(LOGIN_PAGE, 401)
    c.header('Set-Cookie', access.startSession())
    return c.redirect('/', 303)
  })
  // Called by the page's Sign out button (a POST with the CSRF token, so a script's fetch): it then goes to /login.
  app.post('/logout', c => {
    c.header('Set-Cookie', access.endSession(c))
    return c.json({ signedOut: true })
  })
  app.get('/', c => c.html(shellPage({ title: 'Shoal console', script: 'console.js', csrfToken: access.csrfToken, signedIn: access.needsToken })))
  app.get('/bacefook', c => c.html(shellPage({ title: 'Bacefook', script: 'bacefook.js', csrfToken: access.csrfToken, signedIn: access.needsToken })))
  app.get('/ui/:name', c => {
    const asset = assets.get(c.req.param('name'))
    if (asset === undefined) return c.text('not found', 404)
    c.header('Content-Type', asset.type)
    return c.body(asset.body)
  })
  for (const api of APIS) {
    const stop = api(app, clients)
    if (stop !== undefined) stops.push(stop)
  }
  app.notFound(c => c.req.path.startsWith('/api/') ? c.json({ error: 'no such API' }, 404) : c.text('not found', 404))
  app.onError((err, c) => c.json({ error: err.message }, statusOf(err)))
  return app
}

/** The HTTP status for an error a client call threw: the caller's mistake is 400 (404 when missing), the swarm's trouble 503. */
function statusOf (err: Error): 400 | 404 | 503 {
  if (err instanceof CodedError && err.code === 'NOT_FOUND') return 404
  if (err instanceof UserError || (err instanceof CodedError && USER_CODES.has(err.code))) return 400
  return 503
}

async function listen (address: HttpAddress, app: Hono): Promise<ServerType> {
  const { promise, resolve, reject } = Promise.withResolvers<void>()
  const server = serve({ fetch: app.fetch, hostname: address.host, port: address.port }, () => { resolve() })
  server.once('error', reject)
  await promise
  return server
}
