// How the `shoal mr` commands show a job: a progress line while it runs (on a
// terminal only), a summary after, and the JSON shape of `--json`.
import type { JobSummary, TaskCounts } from '../../protocols/mr/mr.js'
import { formatDuration } from './durations.js'

const CLEAR_LINE = '\x1b[K'

const phase = (counts: TaskCounts | undefined): string => `${counts?.done ?? 0}/${counts?.total ?? 0}`

export function progressLine (job: JobSummary): string {
  const failed = job.failedAttempts === 0 ? '' : `, ${job.failedAttempts} failed attempt${job.failedAttempts === 1 ? '' : 's'}`
  return `job ${job.id}: map ${phase(job.maps)}, reduce ${phase(job.reduces)}${failed}`
}

/** Redraws the progress line on stderr when it changes; nothing when `enabled` is false. */
export class JobProgress {
  private last = ''

  constructor (private readonly enabled: boolean) {}

  show (job: JobSummary): void {
    const line = progressLine(job)
    if (!this.enabled || line === this.last) return
    this.last = line
    process.stderr.write(`\r${line}${CLEAR_LINE}`)
  }

  done (): void {
    if (this.enabled && this.last !== '') process.stderr.write('\n')
  }
}

export function describeJob (job: JobSummary): string[] {
  const lines = [
    `job ${job.id}: ${job.status}${job.reused ? ' (the same job on the same input, done before)' : ''}`,
    `  code ${job.code}, input ${job.inputs.join(' ')}, output ${job.output}`,
    `  map ${phase(job.maps)} done (${job.maps?.running ?? 0} running), reduce ${phase(job.reduces)} done (${job.reduces?.running ?? 0} running)`
  ]
  if (job.finished > 0) lines.push(`  took ${formatDuration(job.finished - job.submitted)}`)
  if (job.error !== '') lines.push(`  failed: ${job.error}`)
  for (const failure of job.failures.slice(-5)) lines.push(`  attempt ${failure.attempt} of ${failure.type} task ${failure.task} on ${failure.worker.slice(-8)}: ${failure.reason.split('\n')[0]}`)
  for (const counter of job.counters) lines.push(`  ${counter.name}: ${counter.value}`)
  return lines
}

/** A job as `--json` prints it. */
export function jobJson (job: JobSummary): Record<string, unknown> {
  return {
    job: job.id,
    status: job.status,
    output: job.output,
    parts: job.parts,
    reused: job.reused,
    error: job.error,
    maps: job.maps,
    reduces: job.reduces,
    counters: Object.fromEntries(job.counters.map(c => [c.name, c.value])),
    failures: job.failures,
    failedAttempts: job.failedAttempts,
    submitted: job.submitted,
    finished: job.finished
  }
}
