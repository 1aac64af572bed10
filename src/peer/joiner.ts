// Keeps a peer joined: dials the bootstrap addresses until it is connected to
// at least one of them, and again whenever it finds itself isolated (a
// restarted bootstrap peer is not redialed by libp2p: notes/libp2p-swarm.md).
// A handshake refused for a different swarm key is said plainly.
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { describeError, type Logger } from './log.js'
import type { PeerNode } from './node.js'

const RETRY_MS = 1_000
const DIAL_TIMEOUT_MS = 3_000

function peerIdOf (addr: Multiaddr): string | undefined {
  return addr.getComponents().find(c => c.name === 'p2p')?.value
}

export function explainDialError (err: unknown): string {
  const text = describeError(err)
  if (/EncryptionFailed|decryption|handshake/i.test(text)) return `handshake refused: wrong swarm key? (${text})`
  return text
}

export class Joiner {
  private readonly node: PeerNode
  private readonly addrs: Multiaddr[]
  private readonly log: Logger
  private readonly lastError = new Map<string, string>()
  private timer?: NodeJS.Timeout
  private dialing = false

  constructor (node: PeerNode, bootstrap: string[], log: Logger) {
    this.node = node
    this.addrs = bootstrap.map(a => multiaddr(a))
    this.log = log
  }

  start (): void {
    if (this.addrs.length === 0) return
    this.timer = setInterval(() => { void this.round() }, RETRY_MS)
    void this.round()
  }

  stop (): void {
    clearInterval(this.timer)
  }

  private connectedTo (addr: Multiaddr): boolean {
    const id = peerIdOf(addr)
    return id != null && this.node.getConnections().some(c => c.remotePeer.toString() === id)
  }

  private async round (): Promise<void> {
    if (this.dialing) return
    const isolated = this.node.getConnections().length === 0
    const missing = this.addrs.filter(a => isolated || (peerIdOf(a) != null && !this.connectedTo(a)))
    if (missing.length === 0 || (!isolated && this.addrs.some(a => this.connectedTo(a)))) return
    this.dialing = true
    try {
      await Promise.all(missing.map(async addr => {
        const key = addr.toString()
        try {
          await this.node.dial(addr, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
          if (this.lastError.delete(key)) this.log(`joined via ${key}`)
        } catch (err) {
          const reason = explainDialError(err)
          if (this.lastError.get(key) !== reason) this.log(`cannot join via ${key}: ${reason}`)
          this.lastError.set(key, reason)
        }
      }))
    } finally {
      this.dialing = false
    }
  }
}
