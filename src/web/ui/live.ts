// A part of a view that shows one API answer and keeps it current: polled
// (at most once a second), drawn again only when the answer changed, so a
// quiet page does not flicker under the pointer.
import { getJson, poll } from './api.js'
import { el, replace, type Child } from './dom.js'

export interface Live {
  stop: () => void
  /** Asks now, without waiting for the next poll (after a change this page made). */
  refresh: () => void
}

export function live<T> (body: HTMLElement, path: string, render: (answer: T) => Child[]): Live {
  let shown: string | undefined
  const show = async (signal?: AbortSignal): Promise<void> => {
    try {
      const answer = await getJson<T>(path, signal)
      const text = JSON.stringify(answer)
      if (text === shown) return
      shown = text
      replace(body, ...render(answer))
    } catch (err) {
      if (signal?.aborted === true) return
      shown = undefined
      replace(body, el('p', { className: 'error' }, (err as Error).message))
    }
  }
  return { stop: poll(show), refresh: () => { void show() } }
}
