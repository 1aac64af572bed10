// The DFS view's upload form: a local file into the current directory, sent
// as the raw body of one POST (the server streams it into a put) with its
// progress shown. Leaving the directory cancels an upload still going.
import { ApiError, changeHeaders } from './api.js'
import { childOf } from './dfs-paths.js'
import type { FileStat } from '../../client/dfs-types.js'
import { el, formatBytes, replace } from './dom.js'

export interface UploadPanel {
  panel: HTMLElement
  cancel: () => void
}

export function uploadPanel (dir: string, uploaded: () => void): UploadPanel {
  const stop = new AbortController()
  const file = el('input', { attrs: { type: 'file', id: 'upload-file' } })
  const name = el('input', { attrs: { type: 'text', id: 'upload-name', placeholder: 'name in this directory' } })
  const force = el('input', { attrs: { type: 'checkbox', id: 'upload-force' } })
  const replicas = el('input', { attrs: { type: 'number', id: 'upload-replicas', min: '1', max: '9', value: '2' } })
  const button = el('button', { attrs: { type: 'submit', id: 'upload-button' } }, 'Upload')
  const progress = el('progress', { attrs: { id: 'upload-progress', max: '1', value: '0' } })
  const status = el('p', { attrs: { id: 'upload-status' } })
  progress.hidden = true
  file.addEventListener('change', () => { name.value = file.files?.[0]?.name ?? '' })

  const say = (text: string, error = false): void => {
    status.className = error ? 'error' : ''
    replace(status, text)
  }
  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault()
    const chosen = file.files?.[0]
    if (chosen === undefined) { say('Choose a file to upload.', true); return }
    const problem = nameProblem(name.value)
    if (problem !== undefined) { say(problem, true); return }
    const path = childOf(dir, name.value)
    button.disabled = true
    progress.hidden = false
    try {
      const stored = await send(path, chosen, { force: force.checked, replicas: replicas.value }, stop.signal, (sent, total) => {
        progress.max = Math.max(total, 1)
        progress.value = sent
        say(`Uploading ${path}: ${formatBytes(sent)} of ${formatBytes(total)}`)
      })
      say(`Stored ${stored.path}: ${formatBytes(stored.size)} in ${stored.chunks.length} chunk${stored.chunks.length === 1 ? '' : 's'}, ${stored.replicas} replicas each.`)
      uploaded()
    } catch (err) {
      say(`The upload failed: ${(err as Error).message}`, true)
    } finally {
      button.disabled = false
      progress.hidden = true
    }
  }

  const panel = el('form', { className: 'upload', attrs: { id: 'upload' }, on: { submit: (event: SubmitEvent) => { void submit(event) } } },
    el('h2', {}, 'Upload a file here'),
    file, name, el('label', {}, replicas, ' replicas'), el('label', {}, force, ' replace an existing file'), button, progress, status)
  return { panel, cancel: () => { stop.abort() } }
}

/** The form asks for a name in this directory; the server judges the whole path. */
function nameProblem (name: string): string | undefined {
  if (name === '') return 'Name the file.'
  if (name.includes('/')) return `"${name}" is a path; give a name in this directory.`
  return undefined
}

/** POSTs the file as the request body; an XMLHttpRequest, as fetch reports no upload progress. */
async function send (path: string, file: File, options: { force: boolean, replicas: string }, signal: AbortSignal, onProgress: (sent: number, total: number) => void): Promise<FileStat> {
  const { promise, resolve, reject } = Promise.withResolvers<FileStat>()
  const request = new XMLHttpRequest()
  request.open('POST', `/api/dfs/upload?${new URLSearchParams({ path, force: String(options.force), replicas: options.replicas }).toString()}`)
  for (const [header, value] of Object.entries(changeHeaders())) request.setRequestHeader(header, value)
  request.setRequestHeader('content-type', 'application/octet-stream')
  request.responseType = 'json'
  request.upload.addEventListener('progress', event => { onProgress(event.loaded, event.total) })
  request.addEventListener('load', () => {
    const answer = request.response as (FileStat & { error?: string }) | null
    if (request.status === 200 && answer !== null) resolve(answer)
    else reject(new ApiError(request.status, answer?.error ?? `the console answered ${request.status}`))
  })
  request.addEventListener('error', () => { reject(new Error('the connection to the console broke')) })
  request.addEventListener('abort', () => { reject(new Error('cancelled')) })
  signal.addEventListener('abort', () => { request.abort() })
  request.send(file)
  return await promise
}
