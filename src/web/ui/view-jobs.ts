// Jobs: every MapReduce job with its progress and state, a Cancel for a
// running one; the route names a job to show in full (#jobs/ID): counters,
// failed attempts and why, its output parts.
import { postJson } from './api.js'
import { dfsHref } from './dfs-paths.js'
import { el, peerName, replace, table, type Child } from './dom.js'
import type { Job, TaskCounts } from './job-types.js'
import { live, type Live } from './live.js'
import type { View } from './view.js'

const phase = (counts: TaskCounts | undefined): string =>
  `${counts?.done ?? 0}/${counts?.total ?? 0}${(counts?.running ?? 0) > 0 ? ` (${counts?.running} running)` : ''}`

const took = (job: Job): string => job.finished > 0 ? `${((job.finished - job.submitted) / 1000).toFixed(1)} s` : ''

/** A DFS path as a link into the DFS view; a kv: place as text. */
function place (where: string): Child {
  return where.startsWith('kv:') ? where : el('a', { attrs: { href: dfsHref(where) } }, where)
}

function stateOf (job: Job): HTMLElement {
  return el('span', { className: `state ${job.status}` }, job.status)
}

function renderList (jobs: Job[], cancel: (job: Job, button: HTMLButtonElement) => void): Child[] {
  if (jobs.length === 0) return [el('p', { attrs: { id: 'job-list' } }, 'No job has run yet.')]
  const rows = [...jobs].reverse().map(job => {
    const button = job.status === 'running' ? el('button', { className: 'cancel' }, 'Cancel') : null
    button?.addEventListener('click', () => { cancel(job, button) })
    return [
      el('a', { attrs: { href: `#jobs/${encodeURIComponent(job.id)}` } }, job.id), stateOf(job), phase(job.maps), phase(job.reduces),
      String(job.failedAttempts), place(job.output), new Date(job.submitted).toLocaleTimeString(), took(job), button
    ]
  })
  return [table(['Job', 'State', 'Map', 'Reduce', 'Failed attempts', 'Output', 'Submitted', 'Took', ''], rows, { attrs: { id: 'job-list' } })]
}

function renderJob (job: Job): Child[] {
  const failures = job.failures.map(f => [`${f.type} ${f.task}`, String(f.attempt), peerName(f.worker), el('pre', {}, f.reason)])
  return [
    el('h2', {}, `Job ${job.id} `, stateOf(job)),
    job.error === '' ? null : el('pre', { className: 'error' }, job.error),
    el('p', {}, `map ${phase(job.maps)}, reduce ${phase(job.reduces)}${job.finished > 0 ? `, took ${took(job)}` : ''}`),
    el('p', {}, 'code ', place(job.code), ', input ', ...job.inputs.flatMap((input, i) => [i > 0 ? ', ' : '', place(input)]), ', output ', place(job.output)),
    job.parts.length === 0 ? null : el('p', { attrs: { id: 'job-parts' } }, 'parts: ', ...job.parts.flatMap((part, i) => [i > 0 ? ', ' : '', place(part)])),
    el('h3', {}, 'Counters'),
    job.counters.length === 0
      ? el('p', { attrs: { id: 'job-counters' } }, 'None yet.')
      : table(['Counter', 'Value'], job.counters.map(c => [c.name, String(c.value)]), { attrs: { id: 'job-counters' } }),
    el('h3', {}, `Failed attempts: ${job.failedAttempts}${job.failures.length < job.failedAttempts ? ` (the latest ${job.failures.length})` : ''}`),
    job.failures.length === 0 ? null : table(['Task', 'Attempt', 'Worker', 'Reason'], failures, { attrs: { id: 'job-failures' } })
  ]
}

export const jobsView: View = {
  id: 'jobs',
  title: 'Jobs',
  mount (root, route) {
    const message = el('p', { className: 'error', attrs: { id: 'jobs-message' } })
    const list = el('div', {}, el('p', {}, 'Asking the MapReduce master…'))
    const detail = el('section', { attrs: { id: 'job-detail' } })
    replace(root, el('h1', {}, 'Jobs'), message, list, detail)
    const shown: Live[] = []
    const cancel = (job: Job, button: HTMLButtonElement): void => {
      button.disabled = true
      replace(message)
      postJson<Job>(`/api/jobs/${encodeURIComponent(job.id)}/cancel`, {})
        .then(() => { for (const part of shown) part.refresh() })
        .catch((err: Error) => { replace(message, `Job ${job.id} was not cancelled: ${err.message}`); button.disabled = false })
    }
    shown.push(live<Job[]>(list, '/api/jobs', jobs => renderList(jobs, cancel)))
    if (route !== '') shown.push(live<Job>(detail, `/api/jobs/${encodeURIComponent(route)}`, renderJob))
    return () => { for (const part of shown) part.stop() }
  }
}
