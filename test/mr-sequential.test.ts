// The sequential MapReduce oracle (test/helpers/sequential-mr.ts) against
// answers worked out by hand on tiny inputs, and the example jobs in
// examples/ run through it on their sample data, each checked against the
// same answer computed another way. The engine's output is compared with the
// oracle's elsewhere; here the oracle and the examples earn that trust.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  collector, compareKeys, defaultPartition, fnv1a32, formatPair, type Input, inputsFromDirectory, type JobModule,
  loadJob, mapAll, type Pair, partitionOf, readRecords, runSequential, shuffle
} from './helpers/sequential-mr.js'
import { rejects } from './helpers/rejects.js'
import { seeded } from '../src/client/seeded.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const EXAMPLES = join(ROOT, 'examples')
const BOOKS = join(EXAMPLES, 'data', 'books')
const STAFF = join(EXAMPLES, 'data', 'staff.csv')
const example = (name: string): string => join(EXAMPLES, name)

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
const input = (path: string, text: string): Input => ({ path, bytes: utf8(text) })

let scratch = ''
test.before(async () => { scratch = await mkdtemp(join(tmpdir(), 'shoal-mr-sequential-')) })
test.after(async () => { await rm(scratch, { recursive: true, force: true }) })

let modules = 0
/** A job module with `source` as its text, in the scratch directory. */
async function job (source: string): Promise<string> {
  const path = join(scratch, `job-${modules++}.mjs`)
  await writeFile(path, source)
  return path
}

// map emits each record as is; reduce emits every value it got under its key.
const ECHO = `
export function map (key, value, emit) { emit(key, value) }
export function reduce (key, values, emit) { for (const v of values) emit(key, v) }
`

/** The lines of a part file, without their newlines. */
function lines (part: string): string[] {
  if (part === '') return []
  assert.ok(part.endsWith('\n'), 'a part file ends with a newline')
  return part.slice(0, -1).split('\n')
}

/** Splits an output line at its first tab. */
function split (line: string): [string, string] {
  const tab = line.indexOf('\t')
  assert.ok(tab >= 0, `no tab in ${JSON.stringify(line)}`)
  return [line.slice(0, tab), line.slice(tab + 1)]
}

const sorted = (xs: string[]): string[] => [...xs].sort(compareKeys)

function isSorted (xs: string[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1] > xs[i]) return false
  return true
}

/** The lines of a text as the `lines` format sees them (a last line without a newline is one). */
function textLines (text: string): string[] {
  const parts = text.split('\n')
  if (parts[parts.length - 1] === '') parts.pop()
  return parts
}

const decode = (bytes: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)

// ---- the oracle, by hand ----------------------------------------------------

test('lines: keys are path:byteOffset of the line in UTF-8 bytes; values drop the \\n and keep a \\r', () => {
  // h é(2) l l o \n = 7 bytes; € (3) u r o \n = 7; \n = 1; 𝄞(4) x \r \n = 7; "last" has no newline.
  const records = readRecords(input('/t', 'héllo\n€uro\n\n𝄞x\r\nlast'))
  assert.equal(records, [
    { key: '/t:0', value: 'héllo' },
    { key: '/t:7', value: '€uro' },
    { key: '/t:14', value: '' },
    { key: '/t:15', value: '𝄞x\r' },
    { key: '/t:22', value: 'last' }
  ])
})

test('lines: a final newline ends the last line and starts none; an empty file has no records', () => {
  assert.equal(readRecords(input('/a', 'a\n\n')), [{ key: '/a:0', value: 'a' }, { key: '/a:2', value: '' }])
  assert.equal(readRecords(input('/n', '\n')), [{ key: '/n:0', value: '' }])
  assert.equal(readRecords(input('/e', '')), [])
  // A path with a colon of its own: the offset is after the last one.
  assert.equal(readRecords(input('/x:y', 'q')), [{ key: '/x:y:0', value: 'q' }])
})

test('lines: the offsets of a run are exact for multi-byte text, and the job output sorts keys as strings', async () => {
  const parts = await runSequential(await job(ECHO), [input('/t', 'héllo\n€uro\n\n𝄞x\r\nlast')], { reducers: 1 })
  // "/t:14" < "/t:15" < "/t:22" < "/t:7": string order, not numeric.
  assert.equal(parts, ['/t:0\théllo\n/t:14\t\n/t:15\t𝄞x\r\n/t:22\tlast\n/t:7\t€uro\n'])
})

test('whole: one record per file, key the path, value the text; an empty file is one empty record; a BOM is kept', async () => {
  assert.equal(readRecords(input('/w', 'a\nb\n'), 'whole'), [{ key: '/w', value: 'a\nb\n' }])
  assert.equal(readRecords(input('/e', ''), 'whole'), [{ key: '/e', value: '' }])
  assert.equal(readRecords(input('/b', '\uFEFFx'), 'whole'), [{ key: '/b', value: '\uFEFFx' }])
  assert.equal(readRecords(input('/b', '\uFEFFx\ny'))[0], { key: '/b:0', value: '\uFEFFx' })
  const lengths = await job(`
export function map (path, text, emit) { emit(path, text.length) }
export function reduce (path, values, emit) { emit(path, values[0]) }
`)
  const parts = await runSequential(lengths, [input('/d/b', 'héllo\n'), input('/d/a', 'xy')], { reducers: 1, inputFormat: 'whole' })
  assert.equal(parts, ['/d/a\t2\n/d/b\t6\n'])
})

test('fnv1a32 gives the published FNV-1a vectors and hashes UTF-16 code units', () => {
  assert.is(fnv1a32(''), 0x811c9dc5)
  assert.is(fnv1a32('a'), 0xe40c292c)
  assert.is(fnv1a32('foobar'), 0xbf9cf968)
  // One step per code unit, worked in BigInt: 'é' is one unit (0xe9), '𝄞' two (0xd834 0xdd1e).
  const step = (h: bigint, unit: number): bigint => ((h ^ BigInt(unit)) * 16777619n) % (1n << 32n)
  assert.is(fnv1a32('é'), Number(step(2166136261n, 0xe9)))
  assert.is(fnv1a32('𝄞'), Number(step(step(2166136261n, 0xd834), 0xdd1e)))
  assert.is(defaultPartition('foobar', 7), 0xbf9cf968 % 7)
})

test('reduce sees each key once with all its values, keys in UTF-16 order; strings print as is, the rest as JSON', async () => {
  const path = await job(`
export function map (key, value, emit) { for (const word of value.split(' ')) emit(word, word.length) }
export function reduce (key, values, emit) { emit(key, values.length); emit(key + '!', { n: values.reduce((a, b) => a + b, 0), s: 'x' }) }
`)
  // JS order: 'B' < 'a' < 'b' < '𝄞' (0xd834...) < '\uffff'; localeCompare would put 'a' first.
  const parts = await runSequential(path, [input('/i', 'b a \uffff 𝄞 B a\nb')], { reducers: 1 })
  assert.equal(lines(parts[0]), [
    'B\t1', 'B!\t{"n":1,"s":"x"}',
    'a\t2', 'a!\t{"n":2,"s":"x"}',
    'b\t2', 'b!\t{"n":2,"s":"x"}',
    '𝄞\t1', '𝄞!\t{"n":2,"s":"x"}',
    '\uffff\t1', '\uffff!\t{"n":1,"s":"x"}'
  ])
  assert.is(formatPair('k', 'v'), 'k\tv\n')
  assert.is(formatPair('k', '3'), 'k\t3\n')
  assert.is(formatPair('k', 3), 'k\t3\n')
  assert.is(formatPair('k', null), 'k\tnull\n')
  assert.is(formatPair('k', [1, 'a']), 'k\t[1,"a"]\n')
})

test('keys are String(key); values reach reduce through JSON; async functions are awaited', async () => {
  const path = await job(`
export async function map (key, value, emit) {
  await new Promise(resolve => setImmediate(resolve))
  emit(7, { d: new Date(0), gone: undefined, n: NaN })
  emit(null, 'x')
}
export async function reduce (key, values, emit) {
  await Promise.resolve()
  // What reduce sees, field by field: a Date arrives as its JSON string, undefined not at all, NaN as null.
  const seen = values.map(v => typeof v === 'object' ? Object.entries(v).map(([k, x]) => k + ':' + (x === null ? 'null' : typeof x)).join(' ') : v)
  emit(key, typeof key + ' ' + seen.join('|'))
}
`)
  const parts = await runSequential(path, [input('/i', 'one')], { reducers: 1 })
  assert.equal(lines(parts[0]), ['7\tstring d:string n:null', 'null\tstring x'])
})

test('a partition out of range, a value JSON cannot carry, or a missing export fails the run', async () => {
  for (const p of ['n', '-1', '0.5', 'NaN', '"0"']) {
    const path = await job(ECHO + `export function partition (key, n) { return ${p} }\n`)
    await rejects(runSequential(path, [input('/i', 'x')], { reducers: 2 }), /^partition\(.*not an integer in \[0, 2\)$/)
  }
  for (const value of ['undefined', '() => 1', '1n']) {
    const path = await job(`export function map (k, v, emit) { emit(k, ${value}) }\nexport function reduce () {}\n`)
    await rejects(runSequential(path, [input('/i', 'x')], { reducers: 1 }), /^map emitted a value JSON cannot carry/)
  }
  const reduceUndefined = await job('export function map (k, v, emit) { emit(k, 1) }\nexport function reduce (k, vs, emit) { emit(k, undefined) }\n')
  await rejects(runSequential(reduceUndefined, [input('/i', 'x')], { reducers: 1 }), /^reduce emitted a value JSON cannot carry/)
  await rejects(runSequential(await job('export function map () {}\n'), [input('/i', 'x')], { reducers: 1 }), /does not export a function reduce/)
  await rejects(runSequential(await job(ECHO), [input('/i', 'x')], { reducers: 0 }), /reducers must be a positive integer/)
})

test('the default partition is stable across runs, and every part holds the keys it names', async () => {
  const inputs = [input('/a', 'k1 k2 k3 k4\nk5 k6 k7'), input('/b', 'alpha beta gamma delta\népsilon ζeta')]
  const words = await job(`
export function map (key, value, emit) { for (const w of value.split(' ')) emit(w, key) }
export function reduce (key, values, emit) { emit(key, values.length) }
`)
  const first = await runSequential(words, inputs, { reducers: 3 })
  const again = await runSequential(words, inputs, { reducers: 3 })
  assert.equal(again, first)
  assert.is(first.length, 3)
  let total = 0
  first.forEach((part, r) => {
    for (const line of lines(part)) {
      const [key] = split(line)
      assert.is(fnv1a32(key) % 3, r, `${key} is in part ${r}`)
      total++
    }
  })
  assert.is(total, 13)
})

test('1 reducer and 3 give the same lines once concatenated and sorted; an empty part is still a part', async () => {
  const inputs = [input('/a', 'the cat\nsat on the mat\n'), input('/b', 'the end')]
  const wc = example('wordcount.mjs')
  const one = await runSequential(wc, inputs, { reducers: 1 })
  const three = await runSequential(wc, inputs, { reducers: 3 })
  assert.is(one.length, 1)
  assert.is(three.length, 3)
  assert.equal(sorted(three.flatMap(lines)), sorted(lines(one[0])))
  assert.equal(lines(one[0]), ['cat\t1', 'end\t1', 'mat\t1', 'on\t1', 'sat\t1', 'the\t3'])
  const many = await runSequential(wc, inputs, { reducers: 40 })
  assert.is(many.length, 40)
  assert.ok(many.some(part => part === ''))
  assert.equal(sorted(many.flatMap(lines)), sorted(lines(one[0])))
})

// ---- the examples on their sample data --------------------------------------

async function books (): Promise<Input[]> {
  const inputs = await inputsFromDirectory(BOOKS, '/books')
  assert.ok(inputs.length >= 3, 'several sample books')
  assert.ok(inputs.some(i => i.path.split('/').length > 3), 'a book in a subdirectory')
  return inputs
}

const roundTrip = (pairs: Pair[]): Pair[] => pairs.map(({ key, value }) => ({ key, value: JSON.parse(JSON.stringify(value)) }))

/**
 * The job run as the engine may run it: one map per input file, the combiner
 * applied to shuffled, randomly cut runs of each key's values, sometimes a
 * second time over its own output, then the reduce. The contract says this
 * must not change the result.
 */
async function runCombined (mod: JobModule, inputs: Input[], reducers: number, seed: number): Promise<string[]> {
  const combine = mod.combine
  assert.type(combine, 'function')
  if (combine === undefined) throw new Error('no combiner')
  const rand = seeded(seed)
  const combineOnce = async (pairs: Pair[]): Promise<Pair[]> => {
    const byKey = new Map<string, unknown[]>()
    for (const { key, value } of pairs) byKey.set(key, [...(byKey.get(key) ?? []), value])
    const out: Pair[] = []
    const emit = collector(out, 'combine')
    for (const [key, values] of byKey) {
      for (let i = values.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [values[i], values[j]] = [values[j], values[i]]
      }
      let start = 0
      while (start < values.length) {
        const end = start + 1 + Math.floor(rand() * (values.length - start))
        if (rand() < 0.2) for (const value of values.slice(start, end)) out.push({ key, value })
        else await combine(key, values.slice(start, end), emit)
        start = end
      }
    }
    return roundTrip(out)
  }
  const shuffled: Pair[] = []
  for (const file of inputs) {
    let pairs = await mapAll(mod, [file])
    pairs = await combineOnce(pairs)
    if (rand() < 0.5) pairs = await combineOnce(pairs)
    shuffled.push(...pairs)
  }
  const parts: string[] = []
  for (const keys of shuffle(mod, shuffled, reducers)) {
    const out: Pair[] = []
    const emit = collector(out, 'reduce')
    for (const [key, values] of keys) await mod.reduce(key, values, emit)
    parts.push(out.map(({ key, value }) => formatPair(key, value)).join(''))
  }
  return parts
}

async function combinerKeepsResult (name: string, inputs: Input[]): Promise<void> {
  const mod = await loadJob(example(name))
  const expected = await runSequential(example(name), inputs, { reducers: 3 })
  for (const seed of [1, 2, 3]) {
    assert.equal(await runCombined(mod, inputs, 3, seed), expected, `${name} with its combiner, seed ${seed}`)
  }
}

/** Words as the examples define them, counted without the examples' code: lower-cased runs of letters and digits. */
function wordsOf (text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(w => w !== '').map(w => w.toLowerCase())
}

test('wordcount: the counts are the words counted directly, and they sum to the number of words', async () => {
  const inputs = await books()
  const parts = await runSequential(example('wordcount.mjs'), inputs, { reducers: 3 })
  const expected = new Map<string, number>()
  let words = 0
  for (const { bytes } of inputs) {
    for (const word of wordsOf(decode(bytes))) {
      expected.set(word, (expected.get(word) ?? 0) + 1)
      words++
    }
  }
  assert.ok(words > 3000, `sample has ${words} words`)
  assert.ok(expected.has('américo') && expected.has('алексей'), 'non-ASCII words are words')
  const counted = new Map<string, number>()
  let sum = 0
  for (const part of parts) {
    const keys = lines(part).map(line => split(line)[0])
    assert.ok(isSorted(keys), 'each part sorted by word')
    for (const line of lines(part)) {
      const [word, count] = split(line)
      assert.not.ok(counted.has(word), `${word} once`)
      counted.set(word, Number(count))
      sum += Number(count)
    }
  }
  assert.is(sum, words)
  assert.equal(counted, expected)
})

test('wordcount, inverted-index and avg-salary give the same result with their combiners run any number of times', async () => {
  const inputs = await books()
  await combinerKeepsResult('wordcount.mjs', inputs)
  await combinerKeepsResult('inverted-index.mjs', inputs)
  // Several files of rows, so several maps each combine their own.
  const rows = textLines(await readFile(STAFF, 'utf8'))
  const files: Input[] = []
  for (let i = 0; i < 4; i++) {
    const slice = rows.slice(1 + i * 80, 1 + (i + 1) * 80)
    files.push(input(`/staff/part-${i}.csv`, [rows[0], ...slice].join('\n') + '\n'))
  }
  await combinerKeepsResult('avg-salary.mjs', files)
})

test('inverted-index: each word lists exactly the files that contain it, sorted, each once', async () => {
  const inputs = await books()
  // The files in reverse: the lists must come out sorted whatever order the values arrive in.
  const parts = await runSequential(example('inverted-index.mjs'), [...inputs].reverse(), { reducers: 2 })
  const expected = new Map<string, string[]>()
  for (const { path, bytes } of inputs) {
    for (const word of new Set(wordsOf(decode(bytes)))) expected.set(word, [...(expected.get(word) ?? []), path])
  }
  const index = new Map<string, string[]>()
  for (const line of parts.flatMap(lines)) {
    const [word, json] = split(line)
    const files = JSON.parse(json) as string[]
    assert.ok(isSorted(files) && new Set(files).size === files.length, `${word}: sorted, unique`)
    index.set(word, files)
  }
  assert.is(index.size, expected.size)
  for (const [word, files] of expected) assert.equal(index.get(word), sorted(files), word)
  // Somewhere in the sample a word is in every book, and one in just one.
  assert.ok([...index.values()].some(files => files.length === inputs.length))
  assert.ok([...index.values()].some(files => files.length === 1))
  // A path with a colon in it: the offset is what follows the last one.
  const colon = await runSequential(example('inverted-index.mjs'), [input('/a:b/x.txt', 'Hello\nhello world')], { reducers: 1 })
  assert.equal(colon, ['hello\t["/a:b/x.txt"]\nworld\t["/a:b/x.txt"]\n'])
})

test('grep: every output line matches, sits at its key\'s offset, and no matching line is missing', async () => {
  const inputs = await books()
  const mod = await import(pathToFileURL(example('grep.mjs')).href) as { PATTERN: RegExp }
  assert.instance(mod.PATTERN, RegExp)
  assert.not.ok(mod.PATTERN.global || mod.PATTERN.sticky)
  const parts = await runSequential(example('grep.mjs'), inputs, { reducers: 2 })
  const byPath = new Map(inputs.map(i => [i.path, i.bytes]))
  const found: string[] = []
  for (const line of parts.flatMap(lines)) {
    const [key, text] = split(line)
    const colon = key.lastIndexOf(':')
    const bytes = byPath.get(key.slice(0, colon))
    assert.ok(bytes !== undefined, `${key} names an input`)
    const offset = Number(key.slice(colon + 1))
    assert.ok(offset === 0 || bytes[offset - 1] === 0x0a, `${key} starts a line`)
    const end = bytes.indexOf(0x0a, offset)
    assert.is(decode(bytes.subarray(offset, end === -1 ? bytes.length : end)), text, `${key} is the line at that offset`)
    assert.ok(mod.PATTERN.test(text), `${JSON.stringify(text)} matches`)
    found.push(text)
  }
  const expected = inputs.flatMap(({ bytes }) => textLines(decode(bytes)).filter(l => mod.PATTERN.test(l)))
  assert.ok(expected.length > 10, `the sample has ${expected.length} matching lines`)
  assert.equal(sorted(found), sorted(expected))
})

test('avg-salary: the averages are SELECT dept, AVG(salary) computed straight from the CSV', async () => {
  const csv = await readFile(STAFF, 'utf8')
  const rows = textLines(csv)
  assert.is(rows[0], 'name,dept,salary')
  const totals = new Map<string, { sum: number, count: number }>()
  for (const row of rows.slice(1)) {
    const [, dept, salary] = row.split(',')
    const t = totals.get(dept) ?? { sum: 0, count: 0 }
    t.sum += Number(salary)
    t.count++
    totals.set(dept, t)
  }
  assert.ok(rows.length > 200 && totals.size >= 5)
  const expected = [...totals.keys()].sort(compareKeys).map(dept => `${dept}\t${JSON.stringify(totals.get(dept)!.sum / totals.get(dept)!.count)}`)
  const parts = await runSequential(example('avg-salary.mjs'), [{ path: '/staff/staff.csv', bytes: new Uint8Array(await readFile(STAFF)) }], { reducers: 1 })
  assert.equal(lines(parts[0]), expected)
  const three = await runSequential(example('avg-salary.mjs'), [{ path: '/staff/staff.csv', bytes: new Uint8Array(await readFile(STAFF)) }], { reducers: 3 })
  assert.equal(sorted(three.flatMap(lines)), expected)
  // CRLF rows and a second file with its own header give the same answer.
  const crlf = rows.join('\r\n') + '\r\n'
  const half = Math.floor(rows.length / 2)
  const split2 = [input('/s/a.csv', rows.slice(0, half).join('\r\n')), input('/s/b.csv', [rows[0], ...rows.slice(half)].join('\n') + '\n')]
  assert.equal(lines((await runSequential(example('avg-salary.mjs'), [input('/s.csv', crlf)], { reducers: 1 }))[0]), expected)
  assert.equal(lines((await runSequential(example('avg-salary.mjs'), split2, { reducers: 1 }))[0]), expected)
})

test('sort: for any number of reducers the parts concatenated are the input lines, sorted', async () => {
  const inputs = await books()
  const all = inputs.flatMap(({ bytes }) => textLines(decode(bytes)))
  const want = sorted(all)
  assert.not.equal(all, want, 'the sample is not sorted already')
  for (const n of [1, 2, 3, 4, 7, 100]) {
    const parts = await runSequential(example('sort.mjs'), inputs, { reducers: n })
    assert.is(parts.length, n)
    const out = parts.flatMap(lines).map(line => {
      assert.ok(line.endsWith('\t'), 'a sorted line ends with the tab before its empty value')
      return line.slice(0, -1)
    })
    assert.ok(isSorted(out), `${n} reducers: globally sorted`)
    assert.equal(out, want, `${n} reducers: a permutation of the input`)
    if (n <= 4) assert.ok(parts.every(p => p !== ''), `${n} reducers: the sample gives every reducer some lines`)
  }
})

test('sort: partition is monotone in the key and within [0, n) for any key', async () => {
  const mod = await loadJob(example('sort.mjs'))
  const keys = sorted(['', ' ', '\t', 'a', 'zzz', '\uffff\uffff', '𝄞', 'dpkg', '  * x', ' -- Guillem', '~', '\u0000'])
  for (const n of [1, 2, 3, 5, 16, 1000]) {
    let last = 0
    for (const key of keys) {
      const r = partitionOf(mod, key, n)
      assert.ok(r >= last, `partition(${JSON.stringify(key)}, ${n}) = ${r} after ${last}`)
      last = r
    }
  }
})

test.run()
