// A client's session with a replicated state: its id and the numbers of its
// writes, so the state applies a retried write once. The state may drop a
// reply once every write before it is answered: the session tells it the
// lowest number still waiting.
import { randomBytes } from 'node:crypto'

export interface SessionStamp { clientId: string, seq: number, firstUnanswered: number }

export class ClientSession {
  readonly clientId = randomBytes(8).toString('hex')
  private next = 0
  private readonly waiting = new Set<number>()

  /** Numbers a new write; call answered() once it has its final answer (or is abandoned). */
  begin (): SessionStamp {
    const seq = this.next++
    this.waiting.add(seq)
    return { clientId: this.clientId, seq, firstUnanswered: Math.min(...this.waiting) }
  }

  answered (seq: number): void {
    this.waiting.delete(seq)
  }
}
