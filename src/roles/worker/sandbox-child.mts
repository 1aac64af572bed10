// The sandboxed process that runs a job's code (see sandbox.ts): Node's
// permission model lets it read its module and nothing else, and it may send
// no signals. It loads the module once, then runs one task at a time as the
// worker sends them over IPC: a map over a split's bytes or a KV shard's
// pairs, whose output it groups by partition and key, combines and hands back
// as sorted runs (a run early whenever `spillRecords` values are held); or a
// reduce over such runs, whose pairs it hands back as part file lines or, for
// the KV store, as pairs.
// It imports nothing of Shoal: only what the permission model lets it read.
import { pathToFileURL } from 'node:url'

type Emit = (key: unknown, value: unknown) => void
type UserFunction = (key: string, value: unknown, emit: Emit) => unknown
interface UserModule { map: UserFunction, reduce: UserFunction, combine?: UserFunction, partition?: (key: string, n: number) => unknown }

interface SplitBytes { format: 'lines' | 'whole', path: string, base: number, bytes: Uint8Array }
type MapRecords = SplitBytes | { format: 'pairs', pairs: Array<{ key: string, value: Uint8Array }> }
type MapTask = MapRecords & { type: 'map', id: number, reducers: number, spillRecords: number }
interface ReduceTask { type: 'reduce', id: number, runs: Uint8Array[], output: 'lines' | 'pairs' }
type Task = MapTask | ReduceTask

const send = (message: unknown): void => { process.send?.(message) }
/** Says why, then ends: the exit waits until the message is out. */
const sendAndExit = (message: unknown): void => { process.send?.(message, () => process.exit(1)) ?? process.exit(1) }
let current: number | undefined

function describe (err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`
  return `a thrown ${typeof err}: ${String(err)}`
}

// The permission model does not cover signals: the code could kill its
// worker (process.ppid) or, with pid -1, every process of the user.
// process.kill calls process._kill, so neither is left to it.
for (const name of ['kill', '_kill']) {
  Object.defineProperty(process, name, {
    value: () => { throw new Error(`process.${name} is not allowed: a job may not signal processes`) },
    writable: false,
    configurable: false
  })
}

// Whatever the code does asynchronously that throws (a denied connect, a
// timer) fails the task it belongs to, and this process with it.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (err: unknown) => {
    sendAndExit({ type: 'failed', id: current, reason: `uncaught: ${describe(err)}` })
  })
}

/** Throws for a value JSON cannot carry (undefined, a function, a symbol, a BigInt). */
function checkValue (key: string, value: unknown): void {
  const type = typeof value
  if (type === 'string' || type === 'number' || type === 'boolean') return
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch (err) {
    throw new TypeError(`emit(${JSON.stringify(key)}, ...): the value is not JSON: ${(err as Error).message}`)
  }
  if (text === undefined) throw new TypeError(`emit(${JSON.stringify(key)}, ${String(value)}): the value must be JSON (not undefined, a function or a symbol)`)
}

/** FNV-1a over the key's UTF-16 code units: the default partition. */
function fnv1a32 (key: string): number {
  let h = 2166136261
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 16777619) >>> 0
  }
  return h
}

/** A function's promise, if it returned one: the caller awaits only then (a promise per record would cost more than most maps). */
function pending (result: unknown): Promise<unknown> | undefined {
  return typeof (result as { then?: unknown } | undefined)?.then === 'function' ? result as Promise<unknown> : undefined
}

/** A task's counters; plain fields, as each is bumped once per record or more. */
class Counters {
  mapInputRecords = 0
  mapOutputRecords = 0
  combineInputRecords = 0
  combineOutputRecords = 0
  reduceInputGroups = 0
  reduceInputRecords = 0
  reduceOutputRecords = 0

  named (): Record<string, number> {
    const named: Record<string, number> = {}
    for (const [field, value] of Object.entries(this)) {
      if (value > 0) named[field.replace(/[A-Z]/g, c => ` ${c.toLowerCase()}`)] = value
    }
    return named
  }
}

let counters = new Counters()

interface Group { partition: number, values: unknown[] }

class Grouping {
  private groups = new Map<string, Group>()
  held = 0
  readonly emit: Emit

  constructor (private readonly module: UserModule, private readonly reducers: number) {
    this.emit = (rawKey, value) => {
      const key = typeof rawKey === 'string' ? rawKey : String(rawKey)
      checkValue(key, value)
      const group = this.groups.get(key)
      if (group === undefined) this.groups.set(key, { partition: this.partitionOf(key), values: [value] })
      else group.values.push(value)
      this.held++
      counters.mapOutputRecords++
    }
  }

  private partitionOf (key: string): number {
    if (this.module.partition === undefined) return fnv1a32(key) % this.reducers
    const p = this.module.partition(key, this.reducers)
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= this.reducers) {
      throw new RangeError(`partition(${JSON.stringify(key)}, ${this.reducers}) returned ${String(p)}: it must be a whole number from 0 to ${this.reducers - 1}`)
    }
    return p
  }

  /** The held groups as one sorted, combined run per partition; holds nothing after. */
  async flush (): Promise<Uint8Array[]> {
    const lines: string[][] = Array.from({ length: this.reducers }, () => [])
    const keys = [...this.groups.keys()].sort((a, b) => a < b ? -1 : a > b ? 1 : 0)
    for (const key of keys) {
      const { partition, values } = this.groups.get(key)!
      lines[partition].push(JSON.stringify([key, await this.combined(key, values)]))
    }
    this.groups = new Map()
    this.held = 0
    return lines.map(run => Buffer.from(run.length === 0 ? '' : run.join('\n') + '\n'))
  }

  private async combined (key: string, values: unknown[]): Promise<unknown[]> {
    if (this.module.combine === undefined || values.length < 2) return values
    const out: unknown[] = []
    counters.combineInputRecords += values.length
    const result = this.module.combine(key, values, (k, v) => {
      if (String(k) !== key) throw new Error(`combine for key ${JSON.stringify(key)} emitted key ${JSON.stringify(String(k))}: a combiner keeps its key`)
      checkValue(key, v)
      out.push(v)
    })
    await pending(result)
    counters.combineOutputRecords += out.length
    return out
  }
}

/** The same bytes as a Buffer (IPC delivers Uint8Arrays), without a copy. */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/**
 * A map's records one at a time: `next()` moves to the next and says whether
 * there was one, `key` and `value` are its. No object per record: a generator
 * of `[key, value]` cost the sandbox 7-10% more CPU over 16 MiB of short lines
 * (wordcount.mjs and grep.mjs on examples/data/books).
 */
interface Records { key: string, value: string, next: () => boolean }

/** A split's lines, each keyed `path:offset`. */
class Lines implements Records {
  key = ''
  value = ''
  private readonly bytes: Buffer
  private readonly prefix: string
  private at = 0

  constructor (private readonly task: SplitBytes) {
    this.bytes = asBuffer(task.bytes)
    this.prefix = `${task.path}:`
  }

  next (): boolean {
    const { bytes, at } = this
    if (at >= bytes.length) return false
    const newline = bytes.indexOf(10, at)
    const stop = newline === -1 ? bytes.length : newline
    this.key = this.prefix + String(this.task.base + at)
    this.value = bytes.toString('utf8', at, stop)
    this.at = stop + 1
    return true
  }
}

/** A KV shard's pairs, or a whole file as one pair of its path and bytes. */
class Pairs implements Records {
  key = ''
  value = ''
  private index = 0

  constructor (private readonly pairs: Array<{ key: string, value: Uint8Array }>) {}

  next (): boolean {
    if (this.index >= this.pairs.length) return false
    const { key, value } = this.pairs[this.index++]
    this.key = key
    this.value = asBuffer(value).toString('utf8')
    return true
  }
}

function recordsOf (task: MapRecords): Records {
  if (task.format === 'lines') return new Lines(task)
  return new Pairs(task.format === 'pairs' ? task.pairs : [{ key: task.path, value: task.bytes }])
}

async function runMap (module: UserModule, task: MapTask): Promise<void> {
  const grouping = new Grouping(module, task.reducers)
  const { emit } = grouping
  for (const records = recordsOf(task); records.next();) {
    counters.mapInputRecords++
    const result = module.map(records.key, records.value, emit)
    if (result !== undefined) await pending(result)
    if (grouping.held >= task.spillRecords) send({ type: 'spill', id: task.id, partitions: await grouping.flush() })
  }
  send({ type: 'done', id: task.id, partitions: await grouping.flush(), counters: counters.named() })
}

/** Every key of the runs once, sorted, with all its values. */
function merge (runs: Uint8Array[]): Array<[string, unknown[]]> {
  const groups = new Map<string, unknown[]>()
  for (const run of runs) {
    const text = asBuffer(run).toString('utf8').trimEnd()
    if (text === '') continue
    // One parse of the whole run as an array (a JSON line never holds a raw newline), not one per line.
    for (const [key, values] of JSON.parse(`[${text.replaceAll('\n', ',')}]`) as Array<[string, unknown[]]>) {
      const held = groups.get(key)
      if (held === undefined) groups.set(key, values)
      else for (const value of values) held.push(value)
    }
  }
  return [...groups].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
}

async function runReduce (module: UserModule, task: ReduceTask): Promise<void> {
  const out: Array<[string, string]> = []
  const emit: Emit = (key, value) => {
    checkValue(String(key), value)
    out.push([String(key), typeof value === 'string' ? value : JSON.stringify(value)])
    counters.reduceOutputRecords++
  }
  for (const [key, values] of merge(task.runs)) {
    counters.reduceInputGroups++
    counters.reduceInputRecords += values.length
    await pending(module.reduce(key, values, emit))
  }
  const output = task.output === 'pairs' ? { pairs: out } : { output: Buffer.from(out.map(([key, value]) => `${key}\t${value}\n`).join('')) }
  send({ type: 'done', id: task.id, ...output, counters: counters.named() })
}

async function load (path: string): Promise<UserModule> {
  const module = await import(pathToFileURL(path).href) as Partial<UserModule>
  for (const name of ['map', 'reduce'] as const) {
    if (typeof module[name] !== 'function') throw new TypeError(`the module exports no ${name} function`)
  }
  for (const name of ['combine', 'partition'] as const) {
    if (module[name] !== undefined && typeof module[name] !== 'function') throw new TypeError(`the module's ${name} export is not a function`)
  }
  return module as UserModule
}

let module: UserModule
try {
  module = await load(process.argv[2])
} catch (err) {
  sendAndExit({ type: 'load-failed', reason: `the module did not load: ${describe(err)}` })
  await new Promise(() => {})
}
// The worker went away (its channel closed): nothing is left to do.
process.on('disconnect', () => { process.exit(1) })
send({ type: 'ready' })
process.on('message', (task: Task) => {
  current = task.id
  counters = new Counters()
  const run = task.type === 'map' ? runMap(module, task) : runReduce(module, task)
  run.catch((err: unknown) => { send({ type: 'failed', id: task.id, reason: describe(err) }) })
})
