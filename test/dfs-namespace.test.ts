import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { MAX_CHUNK_SIZE } from '../protocols/dfs/limits.js'
import {
  Namespace, NamespaceError,
  type ChunkRef, type CommitCommand, type NamespaceCommand, type NamespaceErrorCode, type NamespaceResult
} from '../src/roles/master/namespace.js'
import { Rng } from './sim/prng.js'

const decoder = new TextDecoder()
const text = (bytes: Uint8Array): string => decoder.decode(bytes)

const c = (cid: string, size: number): ChunkRef => ({ cid, size })

function commit (path: string, chunks: ChunkRef[], extra: Partial<CommitCommand> = {}): CommitCommand {
  return { op: 'commit', path, chunks, chunkSize: 8, replicas: 2, mtime: 1, ...extra }
}

/** Applies `command`, expects it refused with `code`, and checks it changed nothing. */
function refused (ns: Namespace, command: unknown, code: NamespaceErrorCode): string {
  const before = text(ns.snapshot())
  try {
    ns.apply(command as NamespaceCommand)
  } catch (err) {
    assert.instance(err, NamespaceError)
    const e = err as NamespaceError
    assert.is(e.name, 'NamespaceError')
    assert.is(e.code, code, `${JSON.stringify(command)}: ${e.message}`)
    assert.ok(e.message.length > 0)
    assert.is(text(ns.snapshot()), before, `${JSON.stringify(command)} changed the namespace`)
    return e.message
  }
  assert.unreachable(`${JSON.stringify(command)} was accepted; expected ${code}`)
  return ''
}

function names (ns: Namespace, path: string): string[] {
  return ns.list(path).map(e => e.name)
}

/** Counts every reference by walking the tree through the public API. */
function recount (ns: Namespace): Map<string, { refs: number, replicas: number, size: number }> {
  const counts = new Map<string, { refs: number, replicas: number, size: number }>()
  const walk = (dir: string): void => {
    for (const entry of ns.list(dir)) {
      const path = dir === '/' ? `/${entry.name}` : `${dir}/${entry.name}`
      if (entry.type === 'dir') { walk(path); continue }
      const info = ns.stat(path)
      assert.ok(info?.type === 'file')
      assert.is(info.size, info.chunks.reduce((n, ch) => n + ch.size, 0))
      for (const chunk of info.chunks) {
        const seen = counts.get(chunk.cid) ?? { refs: 0, replicas: 0, size: chunk.size }
        counts.set(chunk.cid, { refs: seen.refs + 1, replicas: Math.max(seen.replicas, info.replicas), size: chunk.size })
      }
    }
  }
  walk('/')
  return counts
}

function assertCountsMatch (ns: Namespace): void {
  const expected = recount(ns)
  const reported = [...ns.chunks()]
  assert.equal(reported.map(d => d.cid), [...expected.keys()].sort())
  for (const demand of reported) {
    const want = expected.get(demand.cid)
    assert.equal({ refs: demand.refs, replicas: demand.replicas, size: demand.size }, want, demand.cid)
    assert.is(ns.refCount(demand.cid), demand.refs)
  }
}

test('mkdir creates a directory; parents creates ancestors and accepts an existing one', () => {
  const ns = new Namespace()
  assert.equal(ns.apply({ op: 'mkdir', path: '/a' }), { op: 'mkdir', path: '/a', created: ['/a'], released: [] })
  assert.equal(ns.apply({ op: 'mkdir', path: '/a/b/c', parents: true }).created, ['/a/b', '/a/b/c'])
  assert.equal(ns.apply({ op: 'mkdir', path: '/a/b', parents: true }).created, [])
  assert.equal(ns.apply({ op: 'mkdir', path: '/', parents: true }).created, [])
  assert.equal(ns.stat('/a/b'), { type: 'dir', path: '/a/b', entries: 1 })
  assert.equal(ns.stat('/'), { type: 'dir', path: '/', entries: 1 })
})

test('mkdir refusals: EXISTS, NOT_FOUND, NOT_A_DIRECTORY', () => {
  const ns = new Namespace()
  ns.apply({ op: 'mkdir', path: '/a' })
  ns.apply(commit('/a/f', [c('x', 1)]))
  refused(ns, { op: 'mkdir', path: '/a' }, 'EXISTS')
  refused(ns, { op: 'mkdir', path: '/' }, 'EXISTS')
  refused(ns, { op: 'mkdir', path: '/a/f' }, 'EXISTS')
  refused(ns, { op: 'mkdir', path: '/a/f', parents: true }, 'EXISTS')
  refused(ns, { op: 'mkdir', path: '/b/c' }, 'NOT_FOUND')
  refused(ns, { op: 'mkdir', path: '/a/f/g' }, 'NOT_A_DIRECTORY')
  // A file in the way is found before anything is created.
  refused(ns, { op: 'mkdir', path: '/a/f/g/h', parents: true }, 'NOT_A_DIRECTORY')
  refused(ns, { op: 'mkdir', path: '/a', parents: 'yes' }, 'BAD_REQUEST')
})

test('commit creates a file visible to stat and list, with its chunk size, factor and time', () => {
  const ns = new Namespace()
  const result = ns.apply(commit('/f', [c('x', 8), c('y', 3)], { chunkSize: 8, replicas: 3, mtime: 42 }))
  const info = { type: 'file', path: '/f', size: 11, chunkSize: 8, replicas: 3, mtime: 42, chunks: [c('x', 8), c('y', 3)] }
  assert.equal(result, { op: 'commit', path: '/f', file: info, replaced: false, released: [] })
  assert.equal(ns.stat('/f'), info)
  assert.equal(ns.list('/'), [{ name: 'f', type: 'file', size: 11, chunkSize: 8, replicas: 3, mtime: 42, chunks: 2 }])
  ns.apply(commit('/empty', []))
  assert.equal(ns.stat('/empty'), { type: 'file', path: '/empty', size: 0, chunkSize: 8, replicas: 2, mtime: 1, chunks: [] })
  // A stat is a copy: changing it changes nothing inside.
  const seen = ns.stat('/f')
  if (seen?.type === 'file') seen.chunks.push(c('z', 1))
  assert.is(ns.refCount('z'), 0)
  assert.equal(ns.stat('/f'), info)
})

test('commit refusals: NOT_FOUND, EXISTS without force, IS_A_DIRECTORY, NOT_A_DIRECTORY', () => {
  const ns = new Namespace()
  ns.apply({ op: 'mkdir', path: '/d' })
  ns.apply(commit('/f', [c('x', 1)]))
  refused(ns, commit('/missing/f', []), 'NOT_FOUND')
  const message = refused(ns, commit('/f', [c('y', 1)]), 'EXISTS')
  assert.match(message, /force/)
  refused(ns, commit('/d', []), 'IS_A_DIRECTORY')
  refused(ns, commit('/d', [], { force: true }), 'IS_A_DIRECTORY')
  refused(ns, commit('/', []), 'IS_A_DIRECTORY')
  refused(ns, commit('/f/g', []), 'NOT_A_DIRECTORY')
})

test('commit refuses malformed chunk lists and parameters with BAD_REQUEST', () => {
  const ns = new Namespace()
  ns.apply(commit('/known', [c('k', 5)]))
  const cases: Array<[string, Partial<CommitCommand> | Record<string, unknown>]> = [
    ['empty cid', { chunks: [c('', 1)] }],
    ['cid not a string', { chunks: [{ cid: 7, size: 1 }] }],
    ['cid too long', { chunks: [c('q'.repeat(257), 1)] }],
    ['negative size', { chunks: [c('x', -1)] }],
    ['fractional size', { chunks: [c('x', 1.5)] }],
    ['size as a string', { chunks: [{ cid: 'x', size: '1' }] }],
    ['chunk larger than the chunk size', { chunks: [c('x', 9)] }],
    ['chunk not an object', { chunks: ['x'] }],
    ['chunk null', { chunks: [null] }],
    ['chunks not an array', { chunks: 'x' }],
    ['chunks missing', { chunks: undefined }],
    ['chunk size 0', { chunkSize: 0 }],
    ['chunk size above 64 MiB', { chunkSize: MAX_CHUNK_SIZE + 1 }],
    ['chunk size NaN', { chunkSize: Number.NaN }],
    ['replicas 0', { replicas: 0 }],
    ['replicas 1.5', { replicas: 1.5 }],
    ['negative mtime', { mtime: -1 }],
    ['mtime missing', { mtime: undefined }],
    ['force not a boolean', { force: 1 }],
    ['a known cid with another size', { chunks: [c('k', 4)] }],
    ['one cid with two sizes in one command', { chunks: [c('x', 1), c('x', 2)] }]
  ]
  for (const [why, change] of cases) {
    const message = refused(ns, { ...commit('/f', [c('ok', 1)]), ...change }, 'BAD_REQUEST')
    assert.ok(message.length > 10, why)
  }
  refused(ns, null, 'BAD_REQUEST')
  refused(ns, { op: 'chmod', path: '/f' }, 'BAD_REQUEST')
  refused(ns, { op: 'commit', path: 7, chunks: [], chunkSize: 8, replicas: 2, mtime: 1 }, 'BAD_REQUEST')
  // The limits themselves are accepted.
  ns.apply(commit('/big', [c('m', MAX_CHUNK_SIZE)], { chunkSize: MAX_CHUNK_SIZE, replicas: 1, mtime: 0 }))
})

test('commit with force replaces a file atomically and releases only what nothing else uses', () => {
  const ns = new Namespace()
  ns.apply(commit('/f', [c('a', 1), c('b', 1), c('c', 1)]))
  ns.apply(commit('/g', [c('c', 1)]))
  const result = ns.apply(commit('/f', [c('b', 1), c('d', 1)], { force: true, mtime: 9 }))
  assert.is(result.replaced, true)
  assert.equal(result.released, ['a'])
  assert.equal(result.file.chunks, [c('b', 1), c('d', 1)])
  assert.equal(['a', 'b', 'c', 'd'].map(cid => ns.refCount(cid)), [0, 1, 1, 1])
  // force on a new path simply creates.
  assert.is(ns.apply(commit('/h', [], { force: true })).replaced, false)
  assertCountsMatch(ns)
})

test('reference counts: shared between files and within one file, with the largest wanted factor', () => {
  const ns = new Namespace()
  ns.apply(commit('/one', [c('x', 4), c('x', 4), c('y', 2)], { replicas: 2 }))
  ns.apply(commit('/two', [c('x', 4), c('z', 1)], { replicas: 3 }))
  assert.is(ns.refCount('x'), 3)
  assert.is(ns.refCount('y'), 1)
  assert.is(ns.refCount('nope'), 0)
  assert.equal([...ns.chunks()], [
    { cid: 'x', size: 4, replicas: 3, refs: 3 },
    { cid: 'y', size: 2, replicas: 2, refs: 1 },
    { cid: 'z', size: 1, replicas: 3, refs: 1 }
  ])
  assert.equal(ns.apply({ op: 'rm', path: '/two' }).released, ['z'])
  // x is still used (twice) by /one only, which wants 2 replicas.
  assert.equal([...ns.chunks()][0], { cid: 'x', size: 4, replicas: 2, refs: 2 })
  assert.equal(ns.apply({ op: 'rm', path: '/one' }).released, ['x', 'y'])
  assert.equal([...ns.chunks()], [])
})

test('append adds chunks at the end, keeps chunk size and factor, and says where the record landed', () => {
  const ns = new Namespace()
  ns.apply(commit('/log', [c('a', 8), c('b', 2)], { chunkSize: 8, replicas: 3, mtime: 1 }))
  const result = ns.apply({ op: 'append', path: '/log', chunks: [c('c', 5), c('a', 8)], mtime: 7 })
  assert.equal(result, { op: 'append', path: '/log', offset: 10, index: 2, count: 2, size: 23, released: [] })
  const info = ns.stat('/log')
  assert.equal(info, { type: 'file', path: '/log', size: 23, chunkSize: 8, replicas: 3, mtime: 7, chunks: [c('a', 8), c('b', 2), c('c', 5), c('a', 8)] })
  assert.is(ns.refCount('a'), 2)
  // Appending nothing only touches the time.
  assert.equal(ns.apply({ op: 'append', path: '/log', chunks: [], mtime: 8 }).offset, 23)
  assertCountsMatch(ns)
})

test('append refusals: NOT_FOUND for a missing file, IS_A_DIRECTORY, BAD_REQUEST', () => {
  const ns = new Namespace()
  ns.apply({ op: 'mkdir', path: '/d' })
  ns.apply(commit('/f', [c('k', 3)], { chunkSize: 4 }))
  refused(ns, { op: 'append', path: '/missing', chunks: [c('x', 1)], mtime: 1 }, 'NOT_FOUND')
  refused(ns, { op: 'append', path: '/nodir/f', chunks: [c('x', 1)], mtime: 1 }, 'NOT_FOUND')
  refused(ns, { op: 'append', path: '/d', chunks: [c('x', 1)], mtime: 1 }, 'IS_A_DIRECTORY')
  refused(ns, { op: 'append', path: '/', chunks: [c('x', 1)], mtime: 1 }, 'IS_A_DIRECTORY')
  refused(ns, { op: 'append', path: '/f/g', chunks: [c('x', 1)], mtime: 1 }, 'NOT_A_DIRECTORY')
  // The file's chunk size (4) bounds an appended chunk.
  refused(ns, { op: 'append', path: '/f', chunks: [c('x', 5)], mtime: 1 }, 'BAD_REQUEST')
  refused(ns, { op: 'append', path: '/f', chunks: [c('k', 2)], mtime: 1 }, 'BAD_REQUEST')
  refused(ns, { op: 'append', path: '/f', chunks: [c('x', 1)] }, 'BAD_REQUEST')
})

test('rm removes a file or an empty directory; a non-empty one needs recursive', () => {
  const ns = new Namespace()
  ns.apply({ op: 'mkdir', path: '/empty' })
  ns.apply({ op: 'mkdir', path: '/full' })
  ns.apply(commit('/full/f', [c('x', 1)]))
  ns.apply(commit('/f', [c('y', 1)]))
  assert.equal(ns.apply({ op: 'rm', path: '/f' }), { op: 'rm', path: '/f', files: 1, dirs: 0, released: ['y'] })
  assert.equal(ns.apply({ op: 'rm', path: '/empty' }), { op: 'rm', path: '/empty', files: 0, dirs: 1, released: [] })
  refused(ns, { op: 'rm', path: '/full' }, 'NOT_EMPTY')
  refused(ns, { op: 'rm', path: '/missing' }, 'NOT_FOUND')
  refused(ns, { op: 'rm', path: '/full/f/x' }, 'NOT_A_DIRECTORY')
  refused(ns, { op: 'rm', path: '/' }, 'BAD_REQUEST')
  refused(ns, { op: 'rm', path: '/', recursive: true }, 'BAD_REQUEST')
  refused(ns, { op: 'rm', path: '/full', recursive: 'yes' }, 'BAD_REQUEST')
  assert.equal(names(ns, '/'), ['full'])
})

test('rm -r releases exactly the cids nothing outside the tree uses', () => {
  const ns = new Namespace()
  ns.apply({ op: 'mkdir', path: '/t/u/v', parents: true })
  ns.apply(commit('/t/a', [c('only', 1), c('twice', 1), c('shared', 1)]))
  ns.apply(commit('/t/u/b', [c('twice', 1), c('deep', 1), c('deep', 1)]))
  ns.apply(commit('/t/u/v/c', [c('z', 1)]))
  ns.apply(commit('/keep', [c('shared', 1)]))
  const result = ns.apply({ op: 'rm', path: '/t', recursive: true })
  assert.equal(result, { op: 'rm', path: '/t', files: 3, dirs: 3, released: ['deep', 'only', 'twice', 'z'] })
  assert.is(ns.refCount('shared'), 1)
  assert.is(ns.stat('/t'), undefined)
  assertCountsMatch(ns)
})

test('mv renames a file and moves a directory with everything in it', () => {
  const ns = new Namespace()
  ns.apply({ op: 'mkdir', path: '/a/b', parents: true })
  ns.apply(commit('/a/b/f', [c('x', 3)], { mtime: 5 }))
  ns.apply({ op: 'mkdir', path: '/z' })
  assert.equal(ns.apply({ op: 'mv', from: '/a/b/f', to: '/a/g' }), { op: 'mv', from: '/a/b/f', to: '/a/g', released: [] })
  assert.equal(ns.stat('/a/g'), { type: 'file', path: '/a/g', size: 3, chunkSize: 8, replicas: 2, mtime: 5, chunks: [c('x', 3)] })
  ns.apply({ op: 'mv', from: '/a', to: '/z/a' })
  assert.equal(names(ns, '/'), ['z'])
  assert.equal(names(ns, '/z/a'), ['b', 'g'])
  // A sibling whose name starts with the source's is not inside it.
  ns.apply({ op: 'mv', from: '/z/a', to: '/z/ab' })
  assert.equal(names(ns, '/z'), ['ab'])
  assert.is(ns.refCount('x'), 1)
  assertCountsMatch(ns)
})

test('mv refusals: into itself, the root, an existing destination, missing source or parent', () => {
  const ns = new Namespace()
  ns.apply({ op: 'mkdir', path: '/a/b', parents: true })
  ns.apply(commit('/f', []))
  ns.apply(commit('/g', []))
  refused(ns, { op: 'mv', from: '/a', to: '/a/b/c' }, 'BAD_REQUEST')
  refused(ns, { op: 'mv', from: '/a', to: '/a/x' }, 'BAD_REQUEST')
  refused(ns, { op: 'mv', from: '/', to: '/x' }, 'BAD_REQUEST')
  refused(ns, { op: 'mv', from: '/f', to: '/' }, 'EXISTS')
  refused(ns, { op: 'mv', from: '/f', to: '/g' }, 'EXISTS')
  refused(ns, { op: 'mv', from: '/f', to: '/a/b' }, 'EXISTS')
  refused(ns, { op: 'mv', from: '/f', to: '/f' }, 'EXISTS')
  refused(ns, { op: 'mv', from: '/missing', to: '/x' }, 'NOT_FOUND')
  refused(ns, { op: 'mv', from: '/f', to: '/missing/x' }, 'NOT_FOUND')
  refused(ns, { op: 'mv', from: '/f', to: '/g/x' }, 'NOT_A_DIRECTORY')
  refused(ns, { op: 'mv', from: '/f', to: '/a/../x' }, 'BAD_PATH')
  refused(ns, { op: 'mv', from: 3, to: '/x' }, 'BAD_REQUEST')
})

test('bad paths are refused with BAD_PATH and a clear message by every command and query', () => {
  const ns = new Namespace()
  ns.apply({ op: 'mkdir', path: '/a' })
  const long = (n: number): string => '/' + Array.from({ length: Math.ceil(n / 200) }, (_, i) => String(i).padEnd(199, 'x')).join('/').slice(0, n - 1)
  const bad: Array<[string, RegExp]> = [
    ['a/b', /not absolute/],
    ['', /not absolute/],
    ['/a/../b', /\.\. segment/],
    ['/..', /\.\. segment/],
    ['/a/./b', /\. segment/],
    ['/a//b', /empty segment/],
    ['//', /empty segment|ends with/],
    ['/a/', /ends with \//],
    ['/a\u0000b', /control character/],
    ['/a\nb', /control character/],
    ['/a\u007fb', /control character/],
    ['/a\u0085b', /control character/],
    ['/a\ud800b', /not valid Unicode/],
    ['/' + 'x'.repeat(256), /256 bytes; the limit is 255/],
    ['/' + 'é'.repeat(128), /256 bytes; the limit is 255/],
    [long(4097), /4097 bytes long; the limit is 4096/]
  ]
  for (const [path, why] of bad) {
    const commands: unknown[] = [
      { op: 'mkdir', path }, { op: 'mkdir', path, parents: true }, commit(path, []),
      { op: 'append', path, chunks: [], mtime: 1 }, { op: 'rm', path, recursive: true },
      { op: 'mv', from: path, to: '/x' }, { op: 'mv', from: '/a', to: path }
    ]
    for (const command of commands) assert.match(refused(ns, command, 'BAD_PATH'), why, JSON.stringify(command))
    for (const query of [() => ns.stat(path), () => ns.list(path)]) {
      assert.throws(query, (err: unknown) => err instanceof NamespaceError && err.code === 'BAD_PATH', JSON.stringify(path))
    }
  }
  // The limits themselves are fine.
  ns.apply({ op: 'mkdir', path: '/' + 'x'.repeat(255) })
  ns.apply({ op: 'mkdir', path: '/é' + 'é'.repeat(126) })
  assert.is(Buffer.byteLength(long(4096)), 4096)
  ns.apply({ op: 'mkdir', path: long(4096), parents: true })
  assert.ok(ns.stat(long(4096)))
  ns.apply({ op: 'mkdir', path: '/with space/ünïcode/🐟', parents: true })
  assert.equal(names(ns, '/with space/ünïcode'), ['🐟'])
})

test('stat and list: missing paths, files in the way, sorted listings', () => {
  const ns = new Namespace()
  for (const name of ['b', 'a', 'C', '10', '9']) ns.apply({ op: 'mkdir', path: `/${name}` })
  ns.apply(commit('/a/f', [c('x', 1)]))
  assert.equal(names(ns, '/'), ['10', '9', 'C', 'a', 'b'])
  assert.equal(ns.list('/a'), [{ name: 'f', type: 'file', size: 1, chunkSize: 8, replicas: 2, mtime: 1, chunks: 1 }])
  assert.equal(ns.list('/b'), [])
  assert.equal(ns.list('/')[3], { name: 'a', type: 'dir', entries: 1 })
  assert.is(ns.stat('/nope'), undefined)
  assert.is(ns.stat('/a/f/x'), undefined)
  assert.throws(() => ns.list('/nope'), (err: NamespaceError) => err.code === 'NOT_FOUND')
  assert.throws(() => ns.list('/a/f'), (err: NamespaceError) => err.code === 'NOT_A_DIRECTORY')
})

/** A namespace with something of every kind in it. */
function sample (): Namespace {
  const ns = new Namespace()
  ns.apply({ op: 'mkdir', path: '/data/logs', parents: true })
  ns.apply({ op: 'mkdir', path: '/__proto__' })
  ns.apply({ op: 'mkdir', path: '/10' })
  ns.apply(commit('/data/a', [c('x', 8), c('x', 8), c('y', 1)], { replicas: 3, mtime: 100 }))
  ns.apply(commit('/data/logs/l', [c('y', 1)], { chunkSize: 4, replicas: 1, mtime: 101 }))
  ns.apply(commit('/__proto__/constructor', [c('z', 2)]))
  for (let i = 0; i < 7; i++) ns.apply({ op: 'append', path: '/data/logs/l', chunks: [c(`r${i}`, 4)], mtime: 200 + i })
  return ns
}

test('snapshot and restore: equal in every observable way', () => {
  const ns = sample()
  const bytes = ns.snapshot()
  const back = Namespace.restore(bytes)
  assert.is(text(back.snapshot()), text(bytes))
  for (const path of ['/', '/data', '/data/logs', '/__proto__', '/10']) assert.equal(back.list(path), ns.list(path))
  for (const path of ['/data/a', '/data/logs/l', '/__proto__/constructor']) assert.equal(back.stat(path), ns.stat(path))
  assert.equal([...back.chunks()], [...ns.chunks()])
  assert.is(back.refCount('x'), 2)
  assertCountsMatch(back)
})

test('snapshots are deterministic: the same state from different histories gives the same bytes', () => {
  const one = new Namespace()
  one.apply({ op: 'mkdir', path: '/b' })
  one.apply({ op: 'mkdir', path: '/a' })
  one.apply(commit('/a/f', [c('q', 1)]))
  one.apply(commit('/b/g', [c('p', 1)]))
  const two = new Namespace()
  two.apply({ op: 'mkdir', path: '/a/x', parents: true })
  two.apply(commit('/a/x/g', [c('p', 1)]))
  two.apply(commit('/a/f', [c('gone', 1)]))
  two.apply(commit('/a/f', [c('q', 1)], { force: true }))
  two.apply({ op: 'mv', from: '/a/x', to: '/b' })
  assert.is(text(two.snapshot()), text(one.snapshot()))
  // Compact: each cid appears once, however many files use it.
  const shared = new Namespace()
  for (let i = 0; i < 50; i++) shared.apply(commit(`/f${i}`, [c('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku', 8)]))
  assert.is(text(shared.snapshot()).split('bafkrei').length, 2)
})

test('a version 1 snapshot (with the append requestIds sessions replaced) still restores', () => {
  const v1 = { version: 1, appendMemory: 5, cids: [['x', 3]], tree: [[-1, 'f', 4, 2, 9, [0, 0]]], appends: [['client:1', 0, 0, 1, 3]] }
  const ns = Namespace.restore(new TextEncoder().encode(JSON.stringify(v1)))
  assert.equal(ns.stat('/f'), { type: 'file', path: '/f', size: 6, chunkSize: 4, replicas: 2, mtime: 9, chunks: [c('x', 3), c('x', 3)] })
  assert.is(ns.refCount('x'), 2)
  assert.ok(!text(ns.snapshot()).includes('client:1'))
})

test('a very deep tree snapshots, restores and removes without recursion limits', () => {
  const ns = new Namespace()
  const deep = '/d'.repeat(2048)
  ns.apply({ op: 'mkdir', path: deep, parents: true })
  ns.apply(commit(`${deep.slice(0, -2)}/f`, [c('x', 1)]))
  const back = Namespace.restore(ns.snapshot())
  assert.is(text(back.snapshot()), text(ns.snapshot()))
  assert.is(back.refCount('x'), 1)
  assert.equal(back.apply({ op: 'rm', path: '/d', recursive: true }), { op: 'rm', path: '/d', files: 1, dirs: 2048, released: ['x'] })
})

// Random commands over a small world of names and chunks, so that collisions,
// sharing and refusals are common. Sizes are a function of the cid, except
// sometimes, to provoke the one-cid-one-size refusal.
function randomCommand (rng: Rng): NamespaceCommand {
  const names = ['a', 'b', 'c']
  const path = (): string => {
    if (rng.chance(0.03)) return rng.pick(['a', '/a/', '/a//b', '/a/../b', '/.', '/a\u0000', '/'])
    return '/' + Array.from({ length: 1 + rng.int(3) }, () => rng.pick(names)).join('/')
  }
  const chunks = (): ChunkRef[] => Array.from({ length: rng.int(4) }, () => {
    const n = rng.int(12)
    return c(`cid${n}`, rng.chance(0.02) ? 99 : n % 5)
  })
  const mtime = rng.int(1000)
  switch (rng.int(6)) {
    case 0: return { op: 'mkdir', path: path(), parents: rng.chance(0.5) }
    case 1:
    case 2: return { op: 'commit', path: path(), chunks: chunks(), chunkSize: rng.pick([4, 8, 3]), replicas: 1 + rng.int(3), force: rng.chance(0.5), mtime }
    case 3: return { op: 'append', path: path(), chunks: chunks(), mtime }
    case 4: return { op: 'rm', path: path(), recursive: rng.chance(0.5) }
    default: return { op: 'mv', from: path(), to: path() }
  }
}

/** Applies `command`; a success must release exactly the cids it left unreferenced, a refusal must change nothing. */
function outcome (ns: Namespace, command: NamespaceCommand): NamespaceResult | string {
  const before = text(ns.snapshot())
  const referenced = [...ns.chunks()].map(d => d.cid)
  try {
    const result = ns.apply(command)
    assert.equal(result.released, referenced.filter(cid => ns.refCount(cid) === 0), JSON.stringify(command))
    return result
  } catch (err) {
    if (!(err instanceof NamespaceError)) throw err
    assert.is(text(ns.snapshot()), before, `refused ${JSON.stringify(command)} changed the namespace`)
    return err.code
  }
}

test('seeded random histories: a replica restored midway ends byte-identical, counts match a recount', () => {
  const seeds = [1, 2, 3, 4, 5]
  const steps = 2000
  const tally = new Map<string, number>()
  for (const seed of seeds) {
    const rng = new Rng(seed)
    const a = new Namespace()
    let b = new Namespace()
    for (let step = 0; step < steps; step++) {
      if (step === steps / 2) b = Namespace.restore(b.snapshot())
      const command = randomCommand(rng)
      const got = outcome(a, command)
      assert.equal(outcome(b, command), got, `seed ${seed} step ${step}: ${JSON.stringify(command)}`)
      const key = typeof got === 'string' ? `${command.op} ${got}` : `${command.op} ok`
      tally.set(key, (tally.get(key) ?? 0) + 1)
      if (step % 100 === 0) assertCountsMatch(a)
    }
    assert.is(text(b.snapshot()), text(a.snapshot()), `seed ${seed}`)
    assertCountsMatch(a)
    assertCountsMatch(b)
  }
  if (process.env.SHOAL_TEST_VERBOSE != null) console.log([...tally].sort())
  // The histories reached every command's success and every refusal.
  for (const op of ['mkdir', 'commit', 'append', 'rm', 'mv']) assert.ok((tally.get(`${op} ok`) ?? 0) > 20, `${op} ok: ${tally.get(`${op} ok`)}`)
  for (const code of ['NOT_FOUND', 'EXISTS', 'NOT_A_DIRECTORY', 'IS_A_DIRECTORY', 'NOT_EMPTY', 'BAD_PATH', 'BAD_REQUEST']) {
    assert.ok([...tally.keys()].some(k => k.endsWith(` ${code}`)), `no ${code} in ${JSON.stringify([...tally])}`)
  }
})

test('commit with parents makes the missing directories in the same command; a file in the way refuses it and makes none', () => {
  const ns = new Namespace()
  ns.apply({ ...commit('/a/b/c/f', [c('x', 8)]), parents: true })
  assert.equal(ns.list('/a/b/c').map(e => e.name), ['f'])
  ns.apply(commit('/a/file', [c('y', 8)]))
  refused(ns, { ...commit('/a/file/d/g', [c('z', 8)]), parents: true }, 'NOT_A_DIRECTORY')
  refused(ns, commit('/q/r', [c('z', 8)]), 'NOT_FOUND')
  assert.is(ns.stat('/q'), undefined, 'a refused commit made no directory')
})

test.run()
