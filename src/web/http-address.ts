// `--http ADDR:PORT`: where the console listens, and whether that is this
// machine alone (loopback) or reachable from others (then it needs a token).
import { isIP } from 'node:net'
import { UserError } from '../client/errors.js'

export interface HttpAddress {
  host: string
  port: number
}

/** `127.0.0.1:8080`, `[::1]:8080`, `localhost:0` (0: any free port). */
export function parseHttpAddress (text: string): HttpAddress {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim())
  const host = match?.[1] ?? match?.[2]
  const port = Number(match?.[3])
  if (match == null || host === undefined || port > 65535) throw new UserError(`--http wants ADDR:PORT (like 127.0.0.1:8080 or [::1]:8080), not "${text}"`)
  if (host !== 'localhost' && isIP(host) === 0) throw new UserError(`--http wants an IP address or localhost, not "${host}"`)
  return { host, port }
}

export function isLoopback (host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/** The URL a browser opens for `address` bound on `port`. */
export function consoleUrl (host: string, port: number): string {
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}/`
}
