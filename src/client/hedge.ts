// Backup requests ("The Tail at Scale"; HDFS hedged reads): one answer asked
// of several servers in turn. The first is asked at once; the next is asked
// too when the latest has gone silent (nothing heard from it for the pace's
// deadline: a server that is slow but sending is left to finish), or at once
// when one fails. The first answer wins and every other request is aborted,
// so its stream is reset.
import type { Pace } from './pace.js'

export interface HedgeOptions {
  pace: Pace
  signal?: AbortSignal
  /** A server's request failed (an abort after another won is not reported). */
  onError: (id: string, err: unknown) => void
}

/**
 * The first answer of `servers`, asked in order; undefined when every one
 * failed. `ask` calls `progress` whenever a part of the answer arrives.
 */
export async function hedged<S extends { id: string }, T> (servers: readonly S[], ask: (server: S, signal: AbortSignal, progress: () => void) => Promise<T>, options: HedgeOptions): Promise<T | undefined> {
  const { pace } = options
  const aborts: AbortController[] = []
  let next = 0
  let pending = 0
  /** The server asked last, whose silence launches the next. */
  let watched: S | undefined
  let cancelLate = (): void => {}
  return await new Promise<T | undefined>(resolve => {
    let settled = false
    const finish = (value: T | undefined): void => {
      settled = true
      cancelLate()
      for (const abort of aborts) abort.abort()
      resolve(value)
    }
    const launch = (): void => {
      cancelLate()
      if (settled) return
      if (next === servers.length || options.signal?.aborted === true) {
        if (pending === 0) finish(undefined)
        return
      }
      const server = servers[next++]
      const abort = new AbortController()
      aborts.push(abort)
      pending++
      const started = performance.now()
      const watch = (): void => {
        cancelLate()
        cancelLate = pace.whenLate([server.id], () => {
          pace.markSlow(server.id)
          launch()
        })
      }
      watched = server
      watch()
      const progress = (): void => { if (!settled && watched === server) watch() }
      const signal = options.signal == null ? abort.signal : AbortSignal.any([options.signal, abort.signal])
      ask(server, signal, progress).then(value => {
        if (settled) return
        pace.record(performance.now() - started)
        pace.markPrompt(server.id)
        finish(value)
      }, (err: unknown) => {
        pending--
        if (settled) return
        options.onError(server.id, err)
        launch()
      })
    }
    launch()
  })
}
