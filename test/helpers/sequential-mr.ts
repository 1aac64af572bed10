// The MapReduce oracle: one job run in this process, one record after
// another, with none of the engine's machinery (no splits, no combiner, no
// shuffle files, no retries). The swarm's output must equal what this
// returns, part file for part file.
//
// The contract it implements (README, "MapReduce: the contract"):
// - `lines` input: one record per line; key `path:byteOffset` (offset of the
//   line's first byte in the file), value the line without its `\n` (a `\r`
//   stays). A last line without `\n` is a line; an empty file has none.
// - `whole` input: key the path, value the file as UTF-8.
// - `kv:` input: one record per key, the key as is, its value as UTF-8
//   (`runSequentialRecords` takes the records).
// - every map output goes to reducer `partition(key, R)` (default:
//   `fnv1a32(key) % R`); a reducer sees its keys sorted in UTF-16 code-unit
//   order, each once with all its values.
// - part file r holds `key \t value \n` per pair reduce emitted, in emission
//   order; a string value as is, anything else as JSON.
//
// Decoding: bytes become text as Node's `Buffer#toString('utf8')` does (bad
// sequences become U+FFFD, a byte-order mark is kept as U+FEFF).
// Values travel map -> reduce through JSON, as they do between peers, so a
// reducer sees what the engine's reducer would.
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'

export type InputFormat = 'lines' | 'whole'
export type Emit = (key: unknown, value: unknown) => void
export type MrFunction = (key: string, value: any, emit: Emit) => unknown
export type ReduceFunction = (key: string, values: any[], emit: Emit) => unknown

export interface JobModule {
  map: MrFunction
  reduce: ReduceFunction
  combine?: ReduceFunction
  partition?: (key: string, n: number) => number
}

export interface Input { path: string, bytes: Uint8Array }
export interface InputRecord { key: string, value: string }
export interface Pair { key: string, value: unknown }

/** FNV-1a, 32 bits, over the key's UTF-16 code units. */
export function fnv1a32 (key: string): number {
  let h = 2166136261
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 16777619) >>> 0
  }
  return h
}

export function defaultPartition (key: string, n: number): number {
  return fnv1a32(key) % n
}

/** JavaScript string order (UTF-16 code units), as `a < b`. */
export function compareKeys (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true })

/** The records one input file gives its mappers. */
export function readRecords (input: Input, format: InputFormat = 'lines'): InputRecord[] {
  const { path, bytes } = input
  if (format === 'whole') return [{ key: path, value: decoder.decode(bytes) }]
  const records: InputRecord[] = []
  let start = 0
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start)
    const next = end === -1 ? bytes.length : end + 1
    if (end === -1) end = bytes.length
    records.push({ key: `${path}:${start}`, value: decoder.decode(bytes.subarray(start, end)) })
    start = next
  }
  return records
}

/** One output line of a part file. */
export function formatPair (key: string, value: unknown): string {
  return key + '\t' + (typeof value === 'string' ? value : JSON.stringify(value)) + '\n'
}

/** The job module at `modulePath`, its exports checked. */
export async function loadJob (modulePath: string): Promise<JobModule> {
  const mod = await import(pathToFileURL(resolve(modulePath)).href) as Partial<JobModule>
  for (const name of ['map', 'reduce'] as const) {
    if (typeof mod[name] !== 'function') throw new Error(`${modulePath} does not export a function ${name}`)
  }
  for (const name of ['combine', 'partition'] as const) {
    if (mod[name] !== undefined && typeof mod[name] !== 'function') throw new Error(`${modulePath} exports ${name}, but not as a function`)
  }
  return mod as JobModule
}

/** An `emit` that appends to `pairs`, refusing values JSON cannot carry. */
export function collector (pairs: Pair[], where: string): Emit {
  return (key, value) => {
    let json: string | undefined
    try {
      json = JSON.stringify(value)
    } catch (err) {
      throw new Error(`${where} emitted a value JSON cannot carry: ${(err as Error).message}`)
    }
    if (json === undefined) throw new Error(`${where} emitted a value JSON cannot carry (${typeof value})`)
    pairs.push({ key: String(key), value })
  }
}

/** Every pair map emits over `inputs`, in input order, values through JSON. */
export async function mapAll (job: JobModule, inputs: Input[], format: InputFormat = 'lines'): Promise<Pair[]> {
  return await mapRecords(job, inputs.flatMap(input => readRecords(input, format)))
}

async function mapRecords (job: JobModule, records: InputRecord[]): Promise<Pair[]> {
  const pairs: Pair[] = []
  const emit = collector(pairs, 'map')
  for (const record of records) await job.map(record.key, record.value, emit)
  return pairs.map(({ key, value }) => ({ key, value: JSON.parse(JSON.stringify(value)) }))
}

/** The reducer `key` goes to, checked to be an integer in [0, n). */
export function partitionOf (job: JobModule, key: string, n: number): number {
  const r = job.partition === undefined ? defaultPartition(key, n) : job.partition(key, n)
  if (!Number.isInteger(r) || r < 0 || r >= n) throw new Error(`partition(${JSON.stringify(key)}, ${n}) returned ${String(r)}, not an integer in [0, ${n})`)
  return r
}

/** Groups `pairs` by reducer, then by key, keys sorted. */
export function shuffle (job: JobModule, pairs: Pair[], reducers: number): Array<Array<[string, unknown[]]>> {
  const groups = Array.from({ length: reducers }, () => new Map<string, unknown[]>())
  for (const { key, value } of pairs) {
    const group = groups[partitionOf(job, key, reducers)]
    const values = group.get(key)
    if (values === undefined) group.set(key, [value])
    else values.push(value)
  }
  return groups.map(group => [...group.entries()].sort((a, b) => compareKeys(a[0], b[0])))
}

/** Runs the job at `modulePath` over `inputs`; returns the text of each part file, part-r-00000 first. */
export async function runSequential (modulePath: string, inputs: Input[], options: { reducers: number, inputFormat?: InputFormat }): Promise<string[]> {
  return await runSequentialRecords(modulePath, inputs.flatMap(input => readRecords(input, options.inputFormat ?? 'lines')), options)
}

/** Runs the job at `modulePath` over `records` (a `kv:` input's, say); returns the text of each part file. */
export async function runSequentialRecords (modulePath: string, records: InputRecord[], options: { reducers: number }): Promise<string[]> {
  const { reducers } = options
  if (!Number.isInteger(reducers) || reducers < 1) throw new Error(`reducers must be a positive integer, not ${reducers}`)
  const job = await loadJob(modulePath)
  const pairs = await mapRecords(job, records)
  const parts: string[] = []
  for (const keys of shuffle(job, pairs, reducers)) {
    const out: Pair[] = []
    const emit = collector(out, 'reduce')
    for (const [key, values] of keys) await job.reduce(key, values, emit)
    parts.push(out.map(({ key, value }) => formatPair(key, value)).join(''))
  }
  return parts
}

/** `part-r-00000` for reducer 0. */
export function partName (r: number): string {
  return `part-r-${String(r).padStart(5, '0')}`
}

/**
 * Every file below the local directory `dir`, as the engine would read them
 * after `shoal dfs put` of that directory to `dfsDir`: DFS paths, in path order.
 */
export async function inputsFromDirectory (dir: string, dfsDir: string): Promise<Input[]> {
  const inputs: Input[] = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const local = join(entry.parentPath, entry.name)
    const rel = relative(dir, local).split(sep).join('/')
    inputs.push({ path: `${dfsDir.replace(/\/+$/, '')}/${rel}`, bytes: new Uint8Array(await readFile(local)) })
  }
  return inputs.sort((a, b) => compareKeys(a.path, b.path))
}
