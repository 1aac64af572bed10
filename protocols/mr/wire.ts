// The MapReduce wire: protocol ids, limits and defaults, the master's typed
// operations (as the DFS master's), and the map output's record format.
import type { JobOptions, MrRequest, MrResponse } from './mr.js'

export const MR_MASTER_PROTOCOL = '/shoal/mr/master/1.0.0'
export const MR_TASK_PROTOCOL = '/shoal/mr/task/1.0.0'
export const MR_SHUFFLE_PROTOCOL = '/shoal/mr/shuffle/1.0.0'

const MiB = 1024 * 1024

/** A job's module travels with each task and lives in the master's log until the job ends. */
export const MAX_CODE_BYTES = 1 * MiB
/** One map's output for one partition is one shuffle answer: use more reducers, or smaller splits, above it. */
export const MAX_SHUFFLE_BYTES = 256 * MiB
/** A map over a KV shard holds the shard's pairs under its prefixes in memory, as a split's bytes: more fails the task. */
export const MAX_SHARD_INPUT_BYTES = 256 * MiB
/** A line may cross a split's end by this much; a longer one fails its task. */
export const MAX_LINE_BYTES = 1 * MiB
/** A map task names the chunks it may read: its split's, one before and the lookahead; tiny chunks still make a small request. */
export const MAX_TASK_REQUEST_BYTES = 64 * MiB
export const MAX_MR_RESPONSE_BYTES = 16 * MiB

export const DEFAULT_JOB_OPTIONS: JobOptions = {
  reducers: 1,
  inputFormat: 'lines',
  splitSize: 1 * MiB,
  taskTimeoutMs: 5 * 60_000,
  taskMemoryMiB: 512,
  maxAttempts: 3
}
export const INPUT_FORMATS = ['lines', 'whole'] as const
export type InputFormat = typeof INPUT_FORMATS[number]
export const MAX_REDUCERS = 10_000
export const MIN_TASK_MEMORY_MiB = 32
/** A failed attempt's reason is kept to this many characters: it goes into the log and into every status. */
export const MAX_REASON_CHARS = 4096

/** `reason`, cut to MAX_REASON_CHARS. */
export function shortReason (reason: string): string {
  return reason.length <= MAX_REASON_CHARS ? reason : `${reason.slice(0, MAX_REASON_CHARS)}... (${reason.length - MAX_REASON_CHARS} more characters)`
}

/** The longest a status request may wait for its job to change. */
export const MAX_STATUS_WAIT_MS = 10_000

/** The master's operations: a request names one, its answer comes in the response field of the same name. */
export const MR_OPS = ['submit', 'status', 'list', 'cancel'] as const satisfies ReadonlyArray<keyof MrRequest & keyof MrResponse>
export type MrOp = typeof MR_OPS[number]
export type MrOpRequest<Op extends MrOp> = NonNullable<MrRequest[Op]>
export type MrOpResult<Op extends MrOp> = NonNullable<MrResponse[Op]>

export function mrOpOf (request: MrRequest): MrOp | undefined {
  return MR_OPS.find(op => request[op] != null)
}

/** What is wrong with a job's options, or undefined. */
export function jobOptionsProblem (options: JobOptions): string | undefined {
  if (!Number.isInteger(options.reducers) || options.reducers < 1) return `reducers must be at least 1, not ${options.reducers}`
  if (options.reducers > MAX_REDUCERS) return `at most ${MAX_REDUCERS} reducers, not ${options.reducers}`
  if (!(INPUT_FORMATS as readonly string[]).includes(options.inputFormat)) return `the input format is lines or whole, not ${JSON.stringify(options.inputFormat)}`
  if (options.splitSize < 1) return 'the split size must be at least 1 byte'
  if (options.taskTimeoutMs < 100) return 'the task timeout must be at least 100 ms'
  if (options.taskMemoryMiB < MIN_TASK_MEMORY_MiB) return `a task needs at least ${MIN_TASK_MEMORY_MiB} MiB of memory`
  if (options.maxAttempts < 1) return 'max attempts must be at least 1'
  return undefined
}

/** Shoal's own corner of the DFS, never a job's input: uploaded modules, and each job's reduce attempts. */
export const SYSTEM_DIR = '/.shoal'
export const CODE_DIR = `${SYSTEM_DIR}/code`
export const ATTEMPTS_DIR = `${SYSTEM_DIR}/mr`

/** `kv:PREFIX` as a job's input or output: the KV store's keys that start with PREFIX. */
export const KV_SCHEME = 'kv:'

/** The prefix a `kv:PREFIX` input or output names; undefined for a DFS path. */
export function kvPrefixOf (location: string): string | undefined {
  return location.startsWith(KV_SCHEME) ? location.slice(KV_SCHEME.length) : undefined
}

/** The part file of reducer `partition` under `output`. */
export function partPath (output: string, partition: number): string {
  return `${output === '/' ? '' : output}/part-r-${String(partition).padStart(5, '0')}`
}
