// Who may use the console, and how a change must arrive. A console on
// loopback answers only to its own host names (a DNS-rebinding page cannot
// borrow it); one reachable from elsewhere needs the access token, kept in
// the home with mode 0600 and traded at /login for a session cookie. Every
// change is a same-origin POST carrying the page's CSRF token. Every answer
// carries a Content-Security-Policy that runs only the console's own scripts.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
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
  return { token, created: true, path }
}

function sameText (a: string | undefined, b: string): boolean {
  if (a === undefined) return false
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

export interface AccessOptions {
  /** When set, every request needs it (or the session it buys). */
  token?: string
}

export class Access {
  readonly csrfToken: string
  private readonly session?: string
  /** Host headers a tokenless console answers to (`127.0.0.1:8080`, `localhost:8080`); none until it listens. */
  private hosts: string[] = []
  /** Named by port: a browser sends a host's cookies to every port of it, and each console has its own token. */
  private cookieName = 'shoal_session'

  constructor (private readonly options: AccessOptions) {
    const secret = randomBytes(32)
    this.csrfToken = createHmac('sha256', secret).update('csrf').digest('base64url')
    if (options.token !== undefined) this.session = createHmac('sha256', options.token).update('shoal console session').digest('base64url')
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

  /** The cookie a successful login sets. */
  sessionCookie (): string {
    return `${this.cookieName}=${this.session ?? ''}; Path=/; HttpOnly; SameSite=Strict`
  }

  private signedIn (c: Context): boolean {
    if (this.session === undefined) return true
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1]
    return sameText(getCookie(c, this.cookieName), this.session) || this.tokenMatches(bearer)
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
  c.header('Referrer-Policy', 'no-referrer')
  c.header('Cache-Control', 'no-store')
}
