// A view's live part: polls one API and redraws `body` from each answer; a failed poll says why.
import { getJson, poll } from './api.js'
import { el, replace, type Child } from './dom.js'

export function pollInto<T> (body: HTMLElement, path: string, render: (answer: T) => Child[], everyMs?: number): () => void {
  return poll(async signal => {
    try {
      replace(body, ...render(await getJson<T>(path, signal)))
    } catch (err) {
      if (!signal.aborted) replace(body, el('p', { className: 'error' }, `The swarm did not answer: ${(err as Error).message}`))
    }
  }, everyMs)
}
