// A view that is one API, polled: each answer redraws the view under its
// heading; a failed poll says why.
import { getJson, poll } from './api.js'
import { el, replace, type Child } from './dom.js'
import type { View } from './view.js'

export interface LiveView<T> {
  id: string
  title: string
  path: string
  render: (answer: T) => Child[]
  everyMs?: number
}

export function liveView<T> ({ id, title, path, render, everyMs }: LiveView<T>): View {
  return {
    id,
    title,
    mount (root) {
      const body = el('div', {}, el('p', {}, 'Asking the swarm…'))
      replace(root, el('h1', {}, title), body)
      return poll(async signal => {
        try {
          replace(body, ...render(await getJson<T>(path, signal)))
        } catch (err) {
          if (!signal.aborted) replace(body, el('p', { className: 'error' }, `The swarm did not answer: ${(err as Error).message}`))
        }
      }, everyMs)
    }
  }
}
