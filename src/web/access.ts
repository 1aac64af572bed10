// Who may use the console, and how a change must arrive. A console on
// loopback answers only to its own host names (a DNS-rebinding page cannot
// borrow it); one reachable from elsewhere needs the access token, kept in
// the home with mode 0600 and traded at /login for a session cookie. Every
// change is a same-origin POST carrying the page's CSRF token. Every answer
// carries a Content-Security-Policy that runs only the console's own scripts.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { chmod, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'

export const CSRF_HEADER = 'x-csrf-token'

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"
].join('; ')

/** Reads `<home>/console.token`, or makes it (mode 0600); `created` says whether it is new. */
export async function loadOrCreateToken (home: string): Promise<{ token: string, created: boolean, path: string }> {
  const path = join(home, 'console.token')
  try {
    const token = (await readFile(path, 'utf8')).trim()
    if (token.length >= 16) {
      await chmod(path, 0o600)
      return { token, created: false, path }
    }
  } catch (err: any) {
    if (err.code !== 'ENOENT') throw err
  }
  const token = randomBytes(24).toString('base64url')
  await writeFile(path, token + '\n', { mode: 0o600 })
  // The mode above applies only to a file it creates: one that held an unusable token keeps its own.
  await chmod(path, 0o600)
  return { token, created: true, path }
}

function sameText (a: string | undefined, b: string): boolean {
  if (a === undefined) return false
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * How long a sign-in lasts. A browser sends a host's cookies to every port of
 * it, so on a shared machine another user's server on the same address can
 * receive the session: each sign-in gets its own random session, which
 * expires and which /logout ends, never the token itself.
 */
const SESSION_MS = 12 * 60 * 60_000
const MAX_SESSIONS = 256

export interface AccessOptions {
  /** When set, every request needs it (or the session it buys). */
  token?: string
}

export class Access {
  readonly csrfToken: string
  /** Live sessions by id, with when each expires (oldest first). */
  private readonly sessions = new Map<string, number>()
  /** Host headers a tokenless console answers to (`127.0.0.1:8080`, `localhost:8080`); none until it listens. */
  private hosts: string[] = []
  /** Named by port: a browser sends a host's cookies to every port of it, and each console has its own token. */
  private cookieName = 'shoal_session'

  constructor (private readonly options: AccessOptions) {
    this.csrfToken = randomBytes(32).toString('base64url')
  }

  /** Once listening: the host names it answers to, and its port. */
  listening (hosts: string[], port: number): void {
    this.hosts = hosts
    this.cookieName = `shoal_session_${port}`
  }

  get needsToken (): boolean { return this.options.token !== undefined }

  /** Whether `presented` is the access token. */
  tokenMatches (presented: string | undefined): boolean {
    return this.options.token !== undefined && sameText(presented, this.options.token)
  }

  /** A new session; resolves with the cookie that carries it. */
  startSession (): string {
    const now = Date.now()
    for (const [id, expires] of this.sessions) if (expires <= now || this.sessions.size >= MAX_SESSIONS) this.sessions.delete(id)
    const id = randomBytes(24).toString('base64url')
    this.sessions.set(id, now + SESSION_MS)
    return `${this.cookieName}=${id}; Path=/; Max-Age=${SESSION_MS / 1000}; HttpOnly; SameSite=Strict`
  }

  /** Ends the request's session; resolves with the cookie that clears it. */
  endSession (c: Context): string {
    const id = getCookie(c, this.cookieName)
    if (id !== undefined) this.sessions.delete(id)
    return `${this.cookieName}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`
  }

  private signedIn (c: Context): boolean {
    if (!this.needsToken) return true
    const id = getCookie(c, this.cookieName)
    const expires = id === undefined ? undefined : this.sessions.get(id)
    if (expires !== undefined && expires > Date.now()) return true
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1]
    return this.tokenMatches(bearer)
  }

  /** An unsafe request must come from a page of this console: same origin, and (past login) the CSRF token. */
  private sameOrigin (c: Context): boolean {
    const origin = c.req.header('origin')
    const host = c.req.header('host')
    // Chrome sends no Origin on a page's own fetch or XHR POST; it does send Sec-Fetch-Site, which no page can set.
    if (origin === undefined) return c.req.header('sec-fetch-site') === 'same-origin'
    return host !== undefined && origin === `http://${host}`
  }

  /** Every request passes here first; `openPaths` need no session (the login page itself). */
  guard (openPaths: string[]): MiddlewareHandler {
    return async (c, next) => {
      securityHeaders(c)
      if (!this.needsToken && !this.hosts.includes(c.req.header('host') ?? '')) {
        return c.text('this console answers only to its own address', 421)
      }
      const unsafe = !['GET', 'HEAD'].includes(c.req.method)
      if (unsafe && !this.sameOrigin(c)) return c.json({ error: 'cross-origin request refused' }, 403)
      if (openPaths.includes(c.req.path)) return await next()
      if (!this.signedIn(c)) {
        return c.req.path.startsWith('/api/') ? c.json({ error: 'sign in with the console token first' }, 401) : loginRequired(c)
      }
      if (unsafe && !sameText(c.req.header(CSRF_HEADER), this.csrfToken)) return c.json({ error: 'missing or wrong CSRF token' }, 403)
      await next()
    }
  }
}

function loginRequired (c: Context): Response {
  return c.html('<!doctype html><meta charset="utf-8"><title>Shoal console</title><p>This console needs its access token: <a href="/login">sign in</a>.</p>', 401)
}

function securityHeaders (c: Context): void {
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('X-Frame-Options', 'DENY')
  // Not no-referrer: under it a browser sends a form's POST (the login) with `Origin: null`.
  c.header('Referrer-Policy', 'same-origin')
  c.header('Cache-Control', 'no-store')
}
