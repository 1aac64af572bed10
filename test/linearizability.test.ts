// The linearizability checker (a port of Porcupine) and its key-value model:
// hand-made histories, Porcupine's own register and set cases, histories
// generated from a real sequential execution, and the timeout.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { checkOperations, kvModel, type KvInput, type KvOutput, type Model, type Operation } from './helpers/linearizability.js'
import { seeded } from '../src/client/seeded.js'

type KvOp = Operation<KvInput, KvOutput>

function kv (input: KvInput, output: KvOutput, call: number, ret: number, clientId = 0): KvOp {
  return { clientId, input, call, output, return: ret }
}
const get = (value: string | undefined, call: number, ret: number, key = 'x'): KvOp => kv({ op: 'get', key }, { value }, call, ret)
const put = (value: string, call: number, ret: number, key = 'x'): KvOp => kv({ op: 'put', key, value }, {}, call, ret)
const append = (value: string, call: number, ret: number, clientId = 0): KvOp => kv({ op: 'append', key: 'x', value }, {}, call, ret, clientId)
const del = (call: number, ret: number): KvOp => kv({ op: 'del', key: 'x' }, {}, call, ret)
const cas = (expected: string | undefined, value: string, ok: boolean, call: number, ret: number): KvOp =>
  kv({ op: 'cas', key: 'x', expected, value }, { ok }, call, ret)
/** The write was sent at `call` and its answer never came. */
const lost = (op: KvOp): KvOp => ({ ...op, output: { unknown: true }, return: Infinity })

function verdict (history: KvOp[], model = kvModel): string {
  return checkOperations(model, history).result
}

test('a stale read after a completed write is illegal, and the explanation names it', () => {
  const check = checkOperations(kvModel, [put('1', 0, 10), put('2', 20, 30), get('1', 40, 50)])
  assert.is(check.result, 'illegal')
  assert.is(check.partition, 0)
  assert.match(check.explanation!, /longest linearizable prefix found has 2 of 3 operations:\n {2}put\("x", "1"\) \[client 0, 0\.\.10\]\n {2}put\("x", "2"\)/)
  assert.match(check.explanation!, /then get\("x"\) -> "1" \[client 0, 40\.\.50\] could not be placed$/)
})

test('concurrent overlapping writes: a read during or after them may see either', () => {
  for (const seen of ['a', 'b']) {
    assert.is(verdict([put('a', 0, 100), put('b', 10, 90), get(seen, 50, 60)]), 'ok', `during, sees ${seen}`)
    assert.is(verdict([put('a', 0, 100), put('b', 10, 90), get(seen, 110, 120)]), 'ok', `after, sees ${seen}`)
  }
  assert.is(verdict([put('a', 0, 100), put('b', 10, 90), get(undefined, 110, 120)]), 'illegal', 'but not neither')
  assert.is(verdict([put('a', 0, 100), put('b', 10, 90), get('a', 110, 120), get('b', 130, 140)]), 'illegal', 'nor one, then the other')
})

test('a read that sees a value before its write was called is illegal', () => {
  const check = checkOperations(kvModel, [get('v', 0, 10), put('v', 20, 30)])
  assert.is(check.result, 'illegal')
  assert.match(check.explanation!, /has 0 of 2 operations\nthen get\("x"\) -> "v"/)
  assert.is(verdict([get('v', 0, 25), put('v', 20, 30)]), 'ok', 'overlapping, it may')
  assert.is(verdict([get('v', 0, 20), put('v', 20, 30)]), 'ok', 'intervals that only touch overlap')
})

test('a cas succeeds once from a given old value', () => {
  assert.is(verdict([put('0', 0, 1), cas('0', '1', true, 2, 3), cas('0', '2', true, 4, 5)]), 'illegal', 'twice in sequence')
  assert.is(verdict([put('0', 0, 1), cas('0', '1', true, 2, 10), cas('0', '2', true, 3, 9)]), 'illegal', 'twice concurrently')
  assert.is(verdict([put('0', 0, 1), cas('0', '1', true, 2, 10), cas('0', '2', false, 3, 9), get('1', 11, 12)]), 'ok')
  assert.is(verdict([cas(undefined, '1', true, 0, 1), cas(undefined, '2', false, 2, 3), get('1', 4, 5)]), 'ok', 'a missing key matches undefined')
  assert.is(verdict([cas('', '1', true, 0, 1)]), 'illegal', 'a missing key is not the empty string')
})

test('appends: each applies once, in some order', () => {
  assert.is(verdict([append('a', 0, 10), get('aa', 20, 30)]), 'illegal', 'seen twice')
  assert.is(verdict([append('a', 0, 10, 0), append('b', 0, 10, 1), get('ba', 20, 30)]), 'ok')
  assert.is(verdict([append('a', 0, 10, 0), append('b', 0, 10, 1), get('ab', 20, 30), get('ba', 40, 50)]), 'illegal', 'in two orders')
})

test('a delete makes the key missing', () => {
  assert.is(verdict([put('1', 0, 1), del(2, 3), get(undefined, 4, 5), append('a', 6, 7), get('a', 8, 9)]), 'ok')
  assert.is(verdict([put('1', 0, 1), del(2, 3), get('1', 4, 5)]), 'illegal')
})

test('a write with an unknown outcome may or may not have applied, but not both', () => {
  const write = lost(put('2', 20, 30))
  assert.is(verdict([put('1', 0, 10), write, get('2', 40, 50)]), 'ok', 'later reads see it')
  assert.is(verdict([put('1', 0, 10), write, get('1', 40, 50), get('1', 60, 70)]), 'ok', 'later reads do not see it')
  assert.is(verdict([put('1', 0, 10), write, get('1', 40, 50), get('2', 60, 70)]), 'ok', 'it applied late')
  assert.is(verdict([put('1', 0, 10), write, get('2', 40, 50), get('1', 60, 70)]), 'illegal', 'seen, then unseen')
  assert.is(verdict([put('1', 0, 10), write, get('2', 40, 50), put('1', 55, 58), get('1', 60, 70)]), 'ok', 'unseen after another write')
  assert.is(verdict([put('1', 0, 10), write, get('2', 5, 8)]), 'illegal', 'not before its call')
})

test('a cas with an unknown outcome applies only if its expected value was there', () => {
  const swap = lost(cas('1', '2', true, 20, 30))
  assert.is(verdict([put('1', 0, 10), swap, get('2', 40, 50)]), 'ok')
  assert.is(verdict([put('1', 0, 10), swap, get('1', 40, 50)]), 'ok')
  assert.is(verdict([put('0', 0, 10), swap, get('2', 40, 50)]), 'illegal', 'it could not have applied')
})

test('each key is checked alone, and the illegal one is named', () => {
  const check = checkOperations(kvModel, [put('1', 0, 10, 'a'), put('1', 0, 10, 'b'), get('1', 20, 30, 'a'), get(undefined, 20, 30, 'b')])
  assert.is(check.result, 'illegal')
  assert.is(check.partition, 1, 'the partitions are the keys in order of first appearance')
  assert.match(check.explanation!, /then get\("b"\) -> missing/)
})

test('an empty history is linearizable; a return before its call is refused', () => {
  assert.is(verdict([]), 'ok')
  assert.throws(() => verdict([get('1', 10, 5)]), /get\("x"\) -> "1" .*: return 5 is not at or after call 10/)
})

// Porcupine's porcupine_test.go: TestRegisterModel and TestZeroDuration (register
// histories from MIT 6.824's 2017 quiz 2), and TestSetModel, whose event
// histories become operations with the events' indices as times.
type RegisterInput = { op: 'put', value: number } | { op: 'get' }

const registerModel: Model<number, RegisterInput, number> = {
  init: () => 0,
  step: (state, input, output) => input.op === 'put' ? [true, input.value] : [output === state, state],
  describeOperation: (input, output) => input.op === 'put' ? `put(${input.value})` : `get() -> ${output}`
}

function register (input: RegisterInput, output: number, call: number, ret: number): Operation<RegisterInput, number> {
  return { clientId: 0, input, call, output, return: ret }
}
const write = (value: number, call: number, ret: number): Operation<RegisterInput, number> => register({ op: 'put', value }, 0, call, ret)
const read = (value: number, call: number, ret: number): Operation<RegisterInput, number> => register({ op: 'get' }, value, call, ret)

test('Porcupine: register histories', () => {
  assert.is(checkOperations(registerModel, [write(100, 0, 100), read(100, 25, 75), read(0, 30, 60)]).result, 'ok')
  assert.is(checkOperations(registerModel, [write(200, 0, 100), read(200, 10, 30), read(0, 40, 90)]).result, 'illegal')
  assert.is(checkOperations(registerModel, [write(100, 0, 100), read(100, 25, 75), read(0, 30, 30), read(0, 30, 30)]).result, 'ok', 'zero duration')
  assert.is(checkOperations(registerModel, [write(200, 0, 100), read(200, 10, 10), read(200, 10, 10), read(0, 40, 90)]).result, 'illegal', 'zero duration')
})

type SetInput = { op: 'add', value: number } | { op: 'read' }
interface SetOutput { values?: number[], unknown?: boolean }

const setModel: Model<number[], SetInput, SetOutput> = {
  init: () => [],
  step: (state, input, output) => {
    if (input.op === 'add') return [true, state.includes(input.value) ? state : [...state, input.value].sort((a, b) => a - b)]
    const values = (output.values ?? []).toSorted((a, b) => a - b)
    return [output.unknown === true || String(values) === String(state), state]
  },
  equal: (a, b) => String(a) === String(b)
}

function setHistory (added: [number, number], readOutput: SetOutput): Array<Operation<SetInput, SetOutput>> {
  return [
    { clientId: 0, input: { op: 'add', value: added[0] }, call: 0, output: {}, return: 5 },
    { clientId: 1, input: { op: 'add', value: added[1] }, call: 1, output: {}, return: 4 },
    { clientId: 2, input: { op: 'read' }, call: 2, output: readOutput, return: 3 }
  ]
}

test('Porcupine: set histories', () => {
  assert.is(checkOperations(setModel, setHistory([100, 0], { values: [100] })).result, 'ok')
  assert.is(checkOperations(setModel, setHistory([100, 110], { values: [100, 110] })).result, 'ok')
  assert.is(checkOperations(setModel, setHistory([100, 110], { unknown: true })).result, 'ok')
  assert.is(checkOperations(setModel, setHistory([100, 110], { values: [100, 100, 110] })).result, 'illegal')
})

// A history from a real sequential execution: operation i takes effect at time
// 10 * i and its interval is stretched by up to SPREAD either side, so each
// overlaps about ten others. A few writes lose their ack (applied or not).
const SPREAD = 50
const NEVER_WRITTEN = 'never written'

function execute (store: Map<string, string>, input: KvInput): KvOutput {
  const current = store.get(input.key)
  const set = (value: string | undefined): void => { if (value === undefined) store.delete(input.key); else store.set(input.key, value) }
  switch (input.op) {
    case 'get': return { value: current }
    case 'put': set(input.value); return {}
    case 'append': set((current ?? '') + input.value); return {}
    case 'del': set(undefined); return {}
    case 'cas': {
      const ok = current === input.expected
      if (ok) set(input.value)
      return { ok }
    }
  }
}

function randomInput (random: () => number, i: number, store: Map<string, string>): KvInput {
  const key = `k${Math.floor(random() * 4)}`
  const roll = random()
  if (roll < 0.4) return { op: 'get', key }
  if (roll < 0.6) return { op: 'put', key, value: `v${i}` }
  if (roll < 0.8) return { op: 'append', key, value: `+${i}` }
  if (roll < 0.85) return { op: 'del', key }
  return { op: 'cas', key, expected: random() < 0.5 ? store.get(key) : `v${Math.floor(random() * i)}`, value: `c${i}` }
}

function generatedHistory (seed: number, length: number): KvOp[] {
  const random = seeded(seed)
  const store = new Map<string, string>()
  return Array.from({ length }, (_, i) => {
    const input = randomInput(random, i, store)
    const ackLost = input.op !== 'get' && random() < 0.05
    const output = ackLost && random() < 0.5 ? {} : execute(store, input)
    const op = kv(input, output, 10 * i - random() * SPREAD, 10 * i + random() * SPREAD, i % 8)
    return ackLost ? lost(op) : op
  })
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8]

test('histories from a sequential execution are linearizable', () => {
  for (const seed of SEEDS) {
    const check = checkOperations(kvModel, generatedHistory(seed, 1000))
    assert.is(check.result, 'ok', `seed ${seed}: ${check.explanation}`)
  }
})

test('the same histories with one read of a value never written are illegal', () => {
  for (const seed of SEEDS) {
    const history = generatedHistory(seed, 1000)
    const reads = history.filter(op => op.input.op === 'get')
    const mutated = reads[Math.floor(seeded(seed)() * reads.length)]
    mutated.output = { value: NEVER_WRITTEN }
    const check = checkOperations(kvModel, history)
    assert.is(check.result, 'illegal', `seed ${seed}`)
    assert.is(check.partition, kvModel.partition!(history).findIndex(ops => ops.includes(mutated)), `seed ${seed}: the read's key`)
  }
})

// Small random histories with random answers, against a brute-force search of
// every order that respects real time.
function bruteForce (state: string | undefined, pending: KvOp[]): boolean {
  if (pending.length === 0) return true
  const firstReturn = Math.min(...pending.map(op => op.return))
  return pending.some(op => {
    if (op.call > firstReturn) return false
    const [ok, next] = kvModel.step(state, op.input, op.output)
    return ok && bruteForce(next, pending.filter(other => other !== op))
  })
}

function randomSmallHistory (random: () => number): KvOp[] {
  const pick = <T>(choices: T[]): T => choices[Math.floor(random() * choices.length)]
  const values = [undefined, 'a', 'b', 'ab']
  return Array.from({ length: 6 }, (_, i) => {
    const call = Math.floor(random() * 20)
    const op = kv(pick<KvInput>([
      { op: 'get', key: 'x' },
      { op: 'put', key: 'x', value: pick(['a', 'b']) },
      { op: 'append', key: 'x', value: 'b' },
      { op: 'del', key: 'x' },
      { op: 'cas', key: 'x', expected: pick(values), value: pick(['a', 'b']) }
    ]), { value: pick(values), ok: random() < 0.5 }, call, call + Math.floor(random() * 8), i)
    return random() < 0.1 ? lost(op) : op
  })
}

test('small random histories: the same verdict as trying every order, with or without a state hash', () => {
  const random = seeded(42)
  const verdicts = { ok: 0, illegal: 0 }
  for (let i = 0; i < 2000; i++) {
    const history = randomSmallHistory(random)
    const expected = bruteForce(undefined, history) ? 'ok' : 'illegal'
    assert.is(verdict(history), expected, JSON.stringify(history))
    assert.is(verdict(history, { ...kvModel, hash: undefined }), expected, `no hash: ${JSON.stringify(history)}`)
    verdicts[expected]++
  }
  assert.ok(verdicts.ok > 100 && verdicts.illegal > 100, `both verdicts are exercised: ${JSON.stringify(verdicts)}`)
})

// Sixteen concurrent appends and then a read no order explains: with every
// order giving a different value, the search tries all 16! of them.
function pathological (lastRead: string): KvOp[] {
  const letters = 'abcdefghijklmnop'
  return [...[...letters].map((letter, i) => append(letter, 0, 100, i)), get(lastRead, 200, 300)]
}

test('a tiny timeout gives unknown on a pathological history', () => {
  assert.is(verdict(pathological('abcdefghijklmnop')), 'ok', 'the same shape, explained by the first order tried')
  const started = performance.now()
  const check = checkOperations(kvModel, pathological('impossible'), { timeoutMs: 20 })
  assert.is(check.result, 'unknown')
  assert.is(check.partition, 0)
  assert.match(check.explanation!, /timed out after 20 ms/)
  assert.ok(performance.now() - started < 1000, 'it stops soon after the timeout')
})

test.run()
