// A linearizability checker: a port of Porcupine's (github.com/anishathalye/porcupine,
// MIT, (c) Anish Athalye) checkSingle, which is Lowe's backtracking search
// ("Testing for Linearizability", 2017) pruned by a cache of (linearized set,
// state) pairs, run on each partition alone (Horn and Kroening's
// P-compositionality: a history is linearizable iff every partition is).

/**
 * One call in a history. [call, return] is a closed interval: two operations
 * whose times merely touch are concurrent.
 *
 * An operation whose response never came (a timeout, a lost ack) has
 * `return: Infinity`: it may have taken effect at any point after its call, or,
 * linearized after everything else, never. Its output should then say nothing,
 * and the model must accept it whatever the state (kvModel: `{ unknown: true }`).
 */
export interface Operation<Input, Output> {
  clientId: number
  input: Input
  call: number
  output: Output
  return: number
}

/** A sequential specification. */
export interface Model<State, Input, Output> {
  init(): State
  /** Whether `input` may answer `output` in `state`, and the state after it. Must not mutate `state`. */
  step(state: State, input: Input, output: Output): [ok: boolean, next: State]
  /** Splits a history into parts that are checked independently, e.g. by key. Default: one part. */
  partition?(history: Array<Operation<Input, Output>>): Array<Array<Operation<Input, Output>>>
  /** Default: Object.is. */
  equal?(a: State, b: State): boolean
  /** A 32-bit hash, equal for equal states, so the cache compares fewer states. Default: 0 for all. */
  hash?(state: State): number
  /** For explanations. Default: the JSON of input and output. */
  describeOperation?(input: Input, output: Output): string
}

export interface CheckOptions {
  /** After this, give up with 'unknown'. Default: no limit. */
  timeoutMs?: number
}

export interface CheckResult {
  result: 'ok' | 'illegal' | 'unknown'
  /** For 'illegal' and 'unknown': the index, in model.partition's order, of the partition at fault. */
  partition?: number
  explanation?: string
}

/**
 * Whether the history is linearizable: 'illegal' names the first partition that is
 * not, with its longest linearizable prefix; 'unknown' means the time ran out
 * before every partition was decided (none found illegal by then). Synchronous.
 */
export function checkOperations<S, I, O> (model: Model<S, I, O>, history: Array<Operation<I, O>>, options: CheckOptions = {}): CheckResult {
  for (const op of history) assertInterval(model, op)
  const timeoutMs = options.timeoutMs ?? Infinity
  const deadline = performance.now() + timeoutMs
  const partitions = model.partition?.(history) ?? [history]
  for (const [partition, ops] of partitions.entries()) {
    const outcome = checkPartition(model, ops, deadline)
    if (outcome === 'timeout') {
      return { result: 'unknown', partition, explanation: `timed out after ${timeoutMs} ms in partition ${partition} (${ops.length} operations)` }
    }
    if (outcome !== 'ok') return { result: 'illegal', partition, explanation: explain(model, ops, outcome) }
  }
  return { result: 'ok' }
}

function assertInterval<I, O> (model: Model<unknown, I, O>, op: Operation<I, O>): void {
  if (!(op.call <= op.return)) throw new RangeError(`${describe(model, op)}: return ${op.return} is not at or after call ${op.call}`)
}

// The history as a doubly linked list of call and return entries in time order.
// A call's `match` is its return entry; a return's is null.
interface Entry {
  id: number
  match: Entry | null
  prev: Entry
  next: Entry | null
}

function linkedEntries (ops: Array<Operation<unknown, unknown>>): Entry {
  const events = ops.flatMap((op, id) => [{ id, isCall: true, time: op.call }, { id, isCall: false, time: op.return }])
  events.sort((a, b) => a.time !== b.time ? (a.time < b.time ? -1 : 1) : Number(b.isCall) - Number(a.isCall))
  const head = { id: -1, match: null, next: null } as unknown as Entry
  head.prev = head // never followed: nothing stands before the head
  const calls: Entry[] = []
  const returns: Entry[] = []
  let last = head
  for (const { id, isCall } of events) {
    const entry: Entry = { id, match: null, prev: last, next: null }
    if (isCall) calls[id] = entry
    else returns[id] = entry
    last.next = entry
    last = entry
  }
  for (const call of calls) call.match = returns[call.id]
  return head
}

// Takes a call and its return out of the list; a call is always followed by its return, so call.next is set.
function lift (call: Entry): void {
  const ret = call.match!
  call.prev.next = call.next
  call.next!.prev = call.prev
  ret.prev.next = ret.next
  if (ret.next !== null) ret.next.prev = ret.prev
}

function unlift (call: Entry): void {
  const ret = call.match!
  ret.prev.next = ret
  if (ret.next !== null) ret.next.prev = ret
  call.prev.next = call
  call.next!.prev = call
}

class Bitset {
  private constructor (private readonly words: Uint32Array) {}

  static of (bits: number): Bitset {
    return new Bitset(new Uint32Array(Math.ceil(bits / 32)))
  }

  set (bit: number): void {
    this.words[bit >>> 5] |= 1 << (bit & 31)
  }

  clear (bit: number): void {
    this.words[bit >>> 5] &= ~(1 << (bit & 31))
  }

  clone (): Bitset {
    return new Bitset(this.words.slice())
  }

  equals (other: Bitset): boolean {
    return this.words.every((word, i) => word === other.words[i])
  }

  hash (): number {
    let h = 0
    for (const word of this.words) h = Math.imul(h ^ word, 0x9e3779b1)
    return h ^ (h >>> 16)
  }
}

// The (linearized set, state) pairs already reached: reaching one again cannot lead anywhere new.
class Seen<S> {
  private readonly buckets = new Map<number, Array<{ linearized: Bitset, state: S }>>()

  constructor (private readonly model: Model<S, unknown, unknown>) {}

  /** Records the pair; false if it was already there. */
  add (linearized: Bitset, state: S): boolean {
    const key = linearized.hash() ^ Math.imul(this.model.hash?.(state) ?? 0, 0x85ebca6b)
    const equal = this.model.equal ?? Object.is
    const bucket = this.buckets.get(key)
    if (bucket?.some(seen => seen.linearized.equals(linearized) && equal(seen.state, state)) === true) return false
    const seen = { linearized: linearized.clone(), state }
    if (bucket === undefined) this.buckets.set(key, [seen])
    else bucket.push(seen)
    return true
  }
}

/** The longest linearizable prefix found (operation indices), and the operation that returned before it could follow. */
interface Stuck { prefix: number[], stuck: number }

const DEADLINE_EVERY = 1024 // steps between looks at the clock

function checkPartition<S, I, O> (model: Model<S, I, O>, ops: Array<Operation<I, O>>, deadline: number): 'ok' | 'timeout' | Stuck {
  const head = linkedEntries(ops)
  const linearized = Bitset.of(ops.length)
  const seen = new Seen(model)
  const calls: Array<{ entry: Entry, state: S }> = []
  let longest: Stuck | undefined
  let state = model.init()
  let entry = head.next
  for (let steps = 1; entry !== null; steps++) {
    if (steps % DEADLINE_EVERY === 0 && performance.now() > deadline) return 'timeout'
    if (entry.match !== null) {
      const op = ops[entry.id]
      const [ok, next] = model.step(state, op.input, op.output)
      if (ok) {
        linearized.set(entry.id)
        if (seen.add(linearized, next)) {
          calls.push({ entry, state })
          state = next
          lift(entry)
          entry = head.next
          continue
        }
        linearized.clear(entry.id)
      }
      entry = entry.next
    } else {
      // A return whose call is not linearized yet: nothing later may go first, so undo the last choice.
      if (longest === undefined || calls.length > longest.prefix.length) {
        longest = { prefix: calls.map(call => call.entry.id), stuck: entry.id }
      }
      const top = calls.pop()
      if (top === undefined) return longest
      state = top.state
      linearized.clear(top.entry.id)
      unlift(top.entry)
      entry = top.entry.next
    }
  }
  return 'ok'
}

const PREFIX_SHOWN = 10

function explain<I, O> (model: Model<unknown, I, O>, ops: Array<Operation<I, O>>, { prefix, stuck }: Stuck): string {
  const shown = prefix.slice(-PREFIX_SHOWN)
  return [
    `not linearizable: the longest linearizable prefix found has ${prefix.length} of ${ops.length} operations${prefix.length > 0 ? ':' : ''}`,
    ...(prefix.length > shown.length ? [`  (${prefix.length - shown.length} earlier ones)`] : []),
    ...shown.map(id => `  ${describe(model, ops[id])}`),
    `then ${describe(model, ops[stuck])} could not be placed`
  ].join('\n')
}

function describe<I, O> (model: Model<unknown, I, O>, op: Operation<I, O>): string {
  const what = model.describeOperation?.(op.input, op.output) ?? `${JSON.stringify(op.input)} -> ${JSON.stringify(op.output)}`
  return `${what} [client ${op.clientId}, ${formatTime(op.call)}..${formatTime(op.return)}]`
}

function formatTime (time: number): string {
  return Number.isFinite(time) ? String(Math.round(time * 1000) / 1000) : '∞'
}

export interface KvInput {
  op: 'get' | 'put' | 'append' | 'del' | 'cas'
  key: string
  value?: string
  /** cas: the value the key must hold; undefined means the key must be missing */
  expected?: string
}

/**
 * get: `value`, undefined for a missing key (never ''); cas: `ok`. `unknown: true`
 * for an operation whose outcome is not known (record it with `return: Infinity`):
 * it then matches whatever state it meets, applied or not.
 */
export interface KvOutput {
  value?: string
  ok?: boolean
  unknown?: boolean
}

/** One key's value (the model is partitioned by key); undefined while the key is missing. */
export type KvState = string | undefined

export const kvModel: Model<KvState, KvInput, KvOutput> = {
  init: () => undefined,
  step: (state, input, output) => [output.unknown === true || kvAnswers(state, input, output), kvApply(state, input)],
  partition: history => [...Map.groupBy(history, op => op.input.key).values()],
  equal: (a, b) => a === b,
  hash: state => state === undefined ? 0 : fnv1a(state),
  describeOperation: describeKv
}

function kvAnswers (state: KvState, input: KvInput, output: KvOutput): boolean {
  switch (input.op) {
    case 'get': return output.value === state
    case 'cas': return output.ok === (state === input.expected)
    default: return true
  }
}

function kvApply (state: KvState, input: KvInput): KvState {
  switch (input.op) {
    case 'get': return state
    case 'put': return input.value
    case 'append': return (state ?? '') + (input.value ?? '')
    case 'del': return undefined
    case 'cas': return state === input.expected ? input.value : state
  }
}

function fnv1a (text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h
}

function describeKv (input: KvInput, output: KvOutput): string {
  const show = (value: string | undefined): string => value === undefined ? 'missing' : JSON.stringify(value)
  const key = JSON.stringify(input.key)
  const call = {
    get: `get(${key})`,
    put: `put(${key}, ${show(input.value)})`,
    append: `append(${key}, ${show(input.value)})`,
    del: `del(${key})`,
    cas: `cas(${key}, ${show(input.expected)}, ${show(input.value)})`
  }[input.op]
  if (output.unknown === true) return `${call} -> outcome unknown`
  if (input.op === 'get') return `${call} -> ${show(output.value)}`
  if (input.op === 'cas') return `${call} -> ${output.ok === true ? 'ok' : 'failed'}`
  return call
}
