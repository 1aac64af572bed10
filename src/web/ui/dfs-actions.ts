// The DFS view's changes besides uploads: a new directory here, and deleting
// an entry of the listing (a second click confirms; a directory goes with all
// under it). Each is a POST with the CSRF token; what happened is said below.
import { postJson } from './api.js'
import { childOf } from './dfs-paths.js'
import { el, replace } from './dom.js'

export interface DirectoryActions {
  /** The new-directory form and the line that reports what the actions did. */
  panel: HTMLElement
  deleteButton: (path: string, isDir: boolean) => HTMLButtonElement
}

export function directoryActions (dir: string, changed: () => void): DirectoryActions {
  const status = el('p', { attrs: { id: 'dfs-status' } })
  const say = (text: string, error = false): void => {
    status.className = error ? 'error' : ''
    replace(status, text)
  }
  const act = async (what: string, path: string, query: Record<string, string>, done: (answer: any) => string): Promise<void> => {
    try {
      const answer = await postJson(`/api/dfs/${what}?${new URLSearchParams({ path, ...query }).toString()}`, {})
      say(done(answer))
      changed()
    } catch (err) {
      say(`${path}: ${(err as Error).message}`, true)
    }
  }

  const name = el('input', { attrs: { type: 'text', id: 'mkdir-name', placeholder: 'new directory name' } })
  const form = el('form', { className: 'upload', attrs: { id: 'mkdir' } }, el('h2', {}, 'New directory here'), name,
    el('button', { attrs: { type: 'submit', id: 'mkdir-button' } }, 'Create'))
  form.addEventListener('submit', event => {
    event.preventDefault()
    if (name.value === '' || name.value.includes('/')) { say('Give a name in this directory.', true); return }
    const path = childOf(dir, name.value)
    void act('mkdir', path, {}, () => { name.value = ''; return `Made ${path}/.` })
  })

  const deleteButton = (path: string, isDir: boolean): HTMLButtonElement => {
    const button = el('button', { className: 'delete', attrs: { type: 'button', 'data-path': path } }, 'delete')
    button.addEventListener('click', () => {
      if (button.dataset.armed !== 'yes') {
        button.dataset.armed = 'yes'
        replace(button, isDir ? 'delete all under it?' : 'really delete?')
        return
      }
      button.disabled = true
      void act('rm', path, { recursive: String(isDir) }, (answer: { removed: number }) =>
        `Deleted ${path}${isDir ? `/ and ${answer.removed} file${answer.removed === 1 ? '' : 's'} under it` : ''}.`)
    })
    return button
  }
  return { panel: el('div', {}, form, status), deleteButton }
}
