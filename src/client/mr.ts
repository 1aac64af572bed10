// The MapReduce client: submits jobs to the master (the leader client of the
// master group, one typed call per operation), follows them, cancels them,
// and reads their output. A local module is uploaded first, under its hash,
// so the same code is stored once.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { MrRequest, MrResponse, type JobOptions, type JobSummary } from '../../protocols/mr/mr.js'
import { CODE_DIR, kvPrefixOf, MAX_CODE_BYTES, MAX_MR_RESPONSE_BYTES, MR_MASTER_PROTOCOL } from '../../protocols/mr/wire.js'
import { CodedError } from '../peer/errors.js'
import type { DfsClient } from './dfs.js'
import { UserError } from './errors.js'
import { LeaderClient } from './leader-client.js'
import type { Swarm } from './swarm.js'

/** How long one status request waits for the job to change: well inside the leader client's call timeout. */
const WAIT_MS = 5_000

export interface JobSpec {
  /** The module's DFS path. */
  code: string
  /** DFS paths, or `kv:PREFIX`es. */
  inputs: string[]
  /** A DFS directory, or `kv:PREFIX`. */
  output: string
  options?: Partial<JobOptions>
  force?: boolean
}

export class MrClient {
  private readonly leader: LeaderClient<MrRequest, MrResponse>

  constructor (swarm: Swarm, private readonly dfs: DfsClient) {
    this.leader = new LeaderClient(swarm, {
      group: 'master',
      name: 'the MapReduce master',
      protocol: MR_MASTER_PROTOCOL,
      request: MrRequest,
      response: MrResponse,
      maxResponseBytes: MAX_MR_RESPONSE_BYTES,
      errorOf: response => ({ code: response.error, message: response.message, leader: response.leader === '' ? undefined : response.leader })
    })
  }

  /** Stores a local module in the DFS under its hash (once); resolves with its DFS path. */
  async upload (localPath: string, signal?: AbortSignal): Promise<string> {
    const bytes = await readFile(localPath).catch((err: NodeJS.ErrnoException) => {
      throw new UserError(err.code === 'ENOENT' ? `no such code file ${localPath}` : `cannot read ${localPath}: ${err.message}`)
    })
    if (bytes.length > MAX_CODE_BYTES) throw new UserError(`${localPath} is ${bytes.length} bytes; a module may have at most ${MAX_CODE_BYTES}`)
    const path = `${CODE_DIR}/${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.mjs`
    const stored = await this.dfs.stat(path, { signal }).catch((err: unknown) => {
      if (err instanceof CodedError && err.code === 'NOT_FOUND') return undefined
      throw err
    })
    if (stored?.type !== 'file' || stored.size !== bytes.length) {
      await this.dfs.put(path, (async function * () { yield bytes })(), { force: true, fewerReplicas: true, signal })
    }
    return path
  }

  /** Submits a job; an unchanged job that already succeeded comes back as it was (`reused`), unless forced. */
  async submit (spec: JobSpec, signal?: AbortSignal): Promise<JobSummary> {
    return await this.leader.op('submit', { code: spec.code, inputs: spec.inputs, output: spec.output, options: { ...ZERO_OPTIONS, ...spec.options }, force: spec.force === true }, signal)
  }

  /** A job's status; with `after`, once the job has changed past that version (or `waitMs` has passed). */
  async status (job: string, signal?: AbortSignal, wait: { after: number, waitMs: number } = { after: 0, waitMs: 0 }): Promise<JobSummary> {
    return await this.leader.op('status', { job, ...wait }, signal)
  }

  async list (signal?: AbortSignal): Promise<JobSummary[]> {
    return (await this.leader.op('list', {}, signal)).jobs
  }

  async cancel (job: string, signal?: AbortSignal): Promise<JobSummary> {
    return await this.leader.op('cancel', { job }, signal)
  }

  /** Follows a job until it ends; `onProgress` hears each status. */
  async wait (job: string, options: { signal?: AbortSignal, onProgress?: (summary: JobSummary) => void } = {}): Promise<JobSummary> {
    let version = 0
    for (;;) {
      const summary = await this.status(job, options.signal, { after: version, waitMs: WAIT_MS })
      options.onProgress?.(summary)
      if (summary.status !== 'running') return summary
      version = summary.version
    }
  }

  /** Every output line of a finished job, part after part. */
  async * output (job: string, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
    const summary = await this.status(job, signal)
    if (summary.status !== 'succeeded') throw new UserError(`job ${job} is ${summary.status}${summary.error === '' ? '' : `: ${summary.error}`}; it has no output`)
    const prefix = kvPrefixOf(summary.output)
    if (prefix !== undefined) throw new UserError(`job ${job} wrote its output to the KV store, under the prefix ${JSON.stringify(prefix)}: \`shoal kv scan ${JSON.stringify(prefix)}\` lists it`)
    for (const part of summary.parts) yield * this.dfs.read(part, { signal })
  }
}

/** Options left at zero take the master's defaults. */
const ZERO_OPTIONS: JobOptions = { reducers: 0, inputFormat: '', splitSize: 0, taskTimeoutMs: 0, taskMemoryMiB: 0, maxAttempts: 0 }
