// A part of a view that shows one API answer and keeps it current: polled
// (at most once a second), drawn again only when the answer changed, so a
// quiet page does not flicker under the pointer.
import { getJson, poll } from './api.js'
import { el, replace, type Child } from './dom.js'
import type { View } from './view.js'

export interface Live {
  stop: () => void
  /** Asks now, without waiting for the next poll (after a change this page made). */
  refresh: () => void
}

export function live<T> (body: HTMLElement, path: string, render: (answer: T) => Child[], everyMs?: number): Live {
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
  return { stop: poll(show, everyMs), refresh: () => { void show() } }
}

export interface LiveView<T> {
  id: string
  title: string
  path: string
  render: (answer: T) => Child[]
  everyMs?: number
}

/** A whole view that is one API answer, live, under its heading. */
export function liveView<T> ({ id, title, path, render, everyMs }: LiveView<T>): View {
  return {
    id,
    title,
    mount (root) {
      const body = el('div', {}, el('p', {}, 'Asking the swarm…'))
      replace(root, el('h1', {}, title), body)
      return live(body, path, render, everyMs).stop
    }
  }
}
