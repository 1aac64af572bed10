// A client's session with a replicated state: the id the state gave it when
// it registered (through the log), and the numbers of its writes, so the
// state applies a retried write once. The state may drop a reply once every
// write before it is answered: the session tells it the lowest number still
// waiting. A session the state has forgotten cannot be resumed: the next
// write registers a new one.

export interface SessionStamp { clientId: string, seq: number, firstUnanswered: number }

export class ClientSession {
  private registering?: Promise<string>
  /** The id of the session writes are numbered in now, once registered. */
  private current?: string
  private next = 0
  private readonly waiting = new Set<number>()

  /** `register` opens a session with the state and resolves with its client id. */
  constructor (private readonly register: () => Promise<string>) {}

  /**
   * Numbers a new write (registering first, once); call answered() once it
   * has its final answer (or is abandoned). The registration is shared by
   * every write waiting on it: `signal` stops this one's wait, not it.
   */
  async begin (signal?: AbortSignal): Promise<SessionStamp> {
    for (;;) {
      const registering = this.registering ??= this.register()
      let clientId: string
      try {
        clientId = await untilAborted(registering, signal)
      } catch (err) {
        signal?.throwIfAborted()
        if (this.registering === registering) this.registering = undefined
        throw err
      }
      // The session expired while this write waited for it: number it in the one that replaced it.
      if (this.registering !== registering) continue
      this.current = clientId
      const seq = this.next++
      this.waiting.add(seq)
      return { clientId, seq, firstUnanswered: Math.min(...this.waiting) }
    }
  }

  /** The write `stamp` numbered has its final answer; a write of a session already replaced changes nothing. */
  answered (stamp: SessionStamp): void {
    if (stamp.clientId === this.current) this.waiting.delete(stamp.seq)
  }

  /** The state forgot session `clientId`: the next write registers a new one (unless one has replaced it already). */
  expired (clientId: string): void {
    if (clientId !== this.current) return
    this.registering = undefined
    this.current = undefined
    this.next = 0
    this.waiting.clear()
  }
}

async function untilAborted<T> (promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal == null) return await promise
  signal.throwIfAborted()
  let onAbort = (): void => {}
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => { reject(signal.reason) }
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([promise, aborted])
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}
