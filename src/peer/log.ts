// One line per event on stderr: `<iso time> <peer> <scope>: message`.
// A peer whose parent died gets EPIPE on its output; it must stop writing
// rather than spin on the error (notes/libp2p-swarm.md, item 9).

export interface Logger {
  (message: string): void
  error: (message: string, err?: unknown) => void
  child: (scope: string) => Logger
}

let outputBroken = false
process.stderr.on('error', () => { outputBroken = true })

let peerName = ''
export function setLogPeerName (name: string): void { peerName = name }

export const logQuiet = { enabled: process.env.SHOAL_QUIET === '1' }

function write (scope: string, message: string): void {
  if (outputBroken || logQuiet.enabled) return
  process.stderr.write(`${new Date().toISOString()} ${peerName} ${scope}: ${message}\n`)
}

export function describeError (err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`
  return String(err)
}

export function logger (scope: string): Logger {
  const log = ((message: string) => { write(scope, message) }) as Logger
  log.error = (message, err) => { write(scope, err == null ? message : `${message}: ${describeError(err)}`) }
  log.child = (sub) => logger(`${scope}:${sub}`)
  return log
}
