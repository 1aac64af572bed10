// What a worker is told to run: a map's split (its file's chunks from the byte
// before it to as far as a line crossing its end may reach, each with where it
// is now; or its KV shard and prefixes), or a reduce's partition with where
// every map's output is, and where its part goes (or the KV prefix its pairs
// go under); with the job's code and options.
import type { RunTask } from '../../../../protocols/mr/mr.js'
import { kvPrefixOf, MAX_LINE_BYTES } from '../../../../protocols/mr/wire.js'
import type { MembershipView } from '../../../peer/membership.js'
import type { LocationMap } from '../locations.js'
import { describeServer } from '../servers.js'
import { attemptsDir, type JobRow, type TaskRow } from './state.js'

export function taskRequest (job: JobRow, task: TaskRow, attempt: number, where: { view: MembershipView, locations: LocationMap }): RunTask {
  const live = job.live!
  const common = { job: job.id, task: task.id, attempt, code: Buffer.from(live.codeBytes, 'base64'), options: job.options }
  if (task.type === 'reduce') {
    const maps = live.tasks.filter(t => t.type === 'map').map(t => {
      const server = describeServer(where.view, t.done!.worker)
      return { task: t.id, attempt: t.done!.attempt, worker: server.id, addrs: server.addrs }
    })
    const prefix = kvPrefixOf(job.output)
    const output = prefix === undefined ? { path: partAttemptPath(job.id, task, attempt) } : { kv: { prefix } }
    return { ...common, reduce: { partition: task.index, maps, ...output } }
  }
  const split = live.splits[task.index]
  if ('shard' in split) return { ...common, shard: split }
  const file = live.files[split.file]
  const whole = job.options.inputFormat === 'whole'
  const from = whole ? 0 : Math.max(0, split.start - 1)
  const to = whole ? file.size : Math.min(file.size, split.end + MAX_LINE_BYTES)
  const chunks = chunksOf(file.chunks, from, to)
  return {
    ...common,
    map: {
      path: file.path,
      fileSize: file.size,
      chunkSize: file.chunkSize,
      first: chunks[0]?.offset ?? 0,
      chunks: chunks.map(({ chunk }) => ({
        cid: chunk.cid,
        size: chunk.size,
        replicas: where.locations.holders(chunk.cid).map(id => describeServer(where.view, id))
      })),
      start: split.start,
      end: split.end
    }
  }
}

/** Where a reduce attempt puts its part, for the master to move into the output. */
export function partAttemptPath (job: string, task: TaskRow, attempt: number): string {
  return `${attemptsDir(job)}/part-r-${String(task.index).padStart(5, '0')}.${attempt}`
}

/** The chunks of a file that bytes [from, to) touch, with each one's offset. */
export function chunksOf<C extends { size: number }> (chunks: readonly C[], from: number, to: number): Array<{ chunk: C, offset: number }> {
  const touched: Array<{ chunk: C, offset: number }> = []
  let offset = 0
  for (const chunk of chunks) {
    if (offset >= to) break
    if (offset + chunk.size > from && chunk.size > 0) touched.push({ chunk, offset })
    offset += chunk.size
  }
  return touched
}
