// Map outputs on a worker's disk, under `<home>/worker/<job>/`: one file per
// partition for each map attempt, each a sequence of sorted runs (the
// sandbox's spills, then its last run). An attempt writes into a directory of
// its own and renames it into place when it succeeds, so a reducer never
// reads a failed or half-written attempt.
import { appendFile, mkdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { FREE_DISK_HEADROOM, freeDiskBytes } from '../../peer/disk-space.js'
import { CodedError } from '../../peer/errors.js'
import { TaskFailure, type MapRuns } from './sandbox.js'

const ID = /^[0-9a-f]{1,64}$/

function checkId (what: string, id: string): string {
  if (!ID.test(id)) throw new CodedError('BAD_REQUEST', `malformed ${what} id ${JSON.stringify(id.slice(0, 80))}`)
  return id
}

export class MapOutputs {
  constructor (private readonly root: string) {}

  jobDir (job: string): string {
    return join(this.root, checkId('job', job))
  }

  private attemptDir (job: string, task: string, attempt: number): string {
    return join(this.jobDir(job), 'map', `${checkId('task', task)}.${attempt}`)
  }

  /** Starts an attempt's output; `write` adds runs, `commit` puts it in place. */
  async begin (job: string, task: string, attempt: number, partitions: number): Promise<AttemptOutput> {
    const dir = `${this.attemptDir(job, task, attempt)}.partial`
    await rm(dir, { recursive: true, force: true })
    await mkdir(dir, { recursive: true })
    return new AttemptOutput(dir, this.attemptDir(job, task, attempt), partitions)
  }

  /** One partition of a committed attempt's output; NOT_FOUND when this worker does not have it. */
  async read (job: string, task: string, attempt: number, partition: number): Promise<Uint8Array<ArrayBuffer>> {
    try {
      const bytes = await readFile(join(this.attemptDir(job, task, attempt), String(partition)))
      return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CodedError('NOT_FOUND', `no output of map ${task} attempt ${attempt} partition ${partition} here`)
      throw err
    }
  }

  async forget (job: string): Promise<void> {
    await rm(this.jobDir(job), { recursive: true, force: true })
  }

  async clear (): Promise<void> {
    await rm(this.root, { recursive: true, force: true })
  }
}

export class AttemptOutput {
  constructor (private readonly dir: string, private readonly final: string, private readonly partitions: number) {}

  /** Appends one run per partition (an empty run adds nothing). */
  async write (runs: Uint8Array[]): Promise<void> {
    if (runs.length !== this.partitions) throw new Error(`${runs.length} runs for ${this.partitions} partitions`)
    const bytes = runs.reduce((sum, run) => sum + run.length, 0)
    // A map that emits without end fails before the peer's disk is full (the store and the chunks live there too).
    if (freeDiskBytes(this.dir) - bytes < FREE_DISK_HEADROOM * 2) throw new TaskFailure(`the map's output would leave less than ${FREE_DISK_HEADROOM * 2 / 1024 / 1024} MiB free on the worker's disk`)
    await Promise.all(runs.map(async (run, p) => { await appendFile(join(this.dir, String(p)), run) }))
  }

  /** Writes a map's runs as they come; resolves with the counters that came with the last. */
  readonly sink = async (source: AsyncIterable<MapRuns>): Promise<Record<string, number>> => {
    let counters: Record<string, number> = {}
    for await (const { runs, counters: last } of source) {
      await this.write(runs)
      counters = last ?? counters
    }
    return counters
  }

  /** Each partition's size so far (an empty one is made). */
  async sizes (): Promise<number[]> {
    return await Promise.all(Array.from({ length: this.partitions }, async (_, p) => {
      const path = join(this.dir, String(p))
      try {
        return (await stat(path)).size
      } catch {
        await appendFile(path, new Uint8Array(0))
        return 0
      }
    }))
  }

  /** Puts the attempt in place, for reducers to fetch. */
  async commit (): Promise<void> {
    await rm(this.final, { recursive: true, force: true })
    await rename(this.dir, this.final)
  }

  async discard (): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}
