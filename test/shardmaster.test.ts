// The shardmaster's configurations: every join and leave leaves the shards
// even and moves the fewest a balance allows (from 0 groups to more groups
// than shards and back, also after a move); old configurations never change;
// a refused command changes nothing; replicas that apply the same commands
// (with maps built in other orders, or from a snapshot) hold the same
// configurations; and shardOf is stable and spreads keys evenly.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { SHARD_COUNT, shardOf } from '../protocols/kv/shard.js'
import { firstConfig, join, leave, move, query, replace, ShardConfigError, UNASSIGNED, type ShardConfig, type ShardConfigErrorCode } from '../src/roles/shardmaster/configs.js'
import { ShardmasterState, type ShardmasterCommand } from '../src/roles/shardmaster/state.js'
import { encodeJson } from '../src/roles/json-state.js'
import { seeded } from '../src/client/seeded.js'

const peersOf = (gid: string): string[] => [`${gid}-a`, `${gid}-b`, `${gid}-c`]
const groupsOf = (gids: string[]): Record<string, string[]> => Object.fromEntries(gids.map(gid => [gid, peersOf(gid)]))

function countsOf (config: ShardConfig): Map<string, number> {
  const counts = new Map(Object.keys(config.groups).map(gid => [gid, 0]))
  for (const gid of config.shards) if (gid !== UNASSIGNED) counts.set(gid, (counts.get(gid) ?? 0) + 1)
  return counts
}

function movedShards (before: ShardConfig, after: ShardConfig): number {
  return after.shards.filter((gid, shard) => gid !== before.shards[shard]).length
}

/**
 * The fewest shards that must change owner for `gids` to hold `shards`
 * evenly: each group keeps at most its base share, and at most `extra` groups
 * that hold more keep one shard beyond it.
 */
function fewestMoves (shards: readonly string[], gids: string[]): number {
  if (gids.length === 0) return shards.filter(gid => gid !== UNASSIGNED).length
  const base = Math.floor(shards.length / gids.length)
  const extra = shards.length % gids.length
  const held = gids.map(gid => shards.filter(owner => owner === gid).length)
  const kept = held.reduce((sum, n) => sum + Math.min(n, base), 0) + Math.min(extra, held.filter(n => n > base).length)
  return shards.length - kept
}

function assertBalanced (config: ShardConfig, label: string): void {
  const counts = [...countsOf(config).values()]
  if (counts.length === 0) {
    assert.ok(config.shards.every(gid => gid === UNASSIGNED), `${label}: no groups, so no shard is assigned`)
    return
  }
  assert.ok(config.shards.every(gid => Object.hasOwn(config.groups, gid)), `${label}: every shard has a group of the configuration`)
  assert.ok(Math.max(...counts) <= Math.min(...counts) + 1, `${label}: counts ${counts.join(',')} differ by at most one`)
}

/** A join or leave from `before`: numbered next, even, and moving the fewest shards. */
function assertRebalanced (before: ShardConfig, after: ShardConfig, label: string): void {
  assert.is(after.num, before.num + 1, `${label}: numbered next`)
  assertBalanced(after, label)
  assert.is(movedShards(before, after), fewestMoves(before.shards, Object.keys(after.groups)), `${label}: moves the fewest shards`)
}

function refusal (code: ShardConfigErrorCode): (err: Error) => boolean {
  return err => err instanceof ShardConfigError && err.code === code
}

function pick<T> (random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]
}

/** From one to `most` distinct items of `items`, drawn at random (a partial Fisher-Yates shuffle). */
function someOf<T> (random: () => number, items: readonly T[], most: number): T[] {
  const pool = [...items]
  const count = 1 + Math.floor(random() * Math.min(most, pool.length))
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i))
    ;[pool[i], pool[j]] = [pool[j], pool[i]]
  }
  return pool.slice(0, count)
}

test('from 0 groups to 1, to more groups than shards and back to 1: even and fewest moves at every step; the last group may not leave', () => {
  const random = seeded(6824)
  let config = firstConfig()
  const history = [config]
  let next = 0
  const step = (derived: ShardConfig, label: string): void => {
    assertRebalanced(config, derived, label)
    config = derived
    history.push(config)
  }
  step(join(config, groupsOf([`g${++next}`])), 'the first group')
  assert.equal([...countsOf(config)], [['g1', SHARD_COUNT]], 'one group holds every shard')
  while (Object.keys(config.groups).length < SHARD_COUNT + 1) {
    const count = Math.min(1 + Math.floor(random() * 4), SHARD_COUNT + 1 - Object.keys(config.groups).length)
    step(join(config, groupsOf(Array.from({ length: count }, () => `g${++next}`))), `join ${count} to ${Object.keys(config.groups).length + count}`)
  }
  assert.is(countsOf(config).size, 65)
  assert.is([...countsOf(config).values()].filter(n => n === 0).length, 1, '65 groups over 64 shards: one holds none')
  while (Object.keys(config.groups).length > 1) {
    const gids = someOf(random, Object.keys(config.groups), Math.min(5, Object.keys(config.groups).length - 1))
    step(leave(config, gids), `leave ${gids.length} of ${Object.keys(config.groups).length}`)
  }
  const [last] = Object.keys(config.groups)
  assert.ok(config.shards.every(gid => gid === last))
  assert.throws(() => leave(config, [last]), /last groups cannot leave/)
  history.forEach((old, num) => { assert.is(query(history, num), old) })
})

test('random joins, leaves, moves and replaces: joins and leaves even out with the fewest moves, from wherever moves left the shards', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const random = seeded(seed)
    let config = firstConfig()
    const configs = [config]
    const copies = [structuredClone(config)]
    let next = 0
    for (let i = 0; i < 150; i++) {
      const gids = Object.keys(config.groups)
      const roll = random()
      const label = `seed ${seed}, step ${i}`
      let derived: ShardConfig
      if (gids.length === 0 || roll < 0.35) {
        derived = join(config, groupsOf(Array.from({ length: 1 + Math.floor(random() * 3) }, () => `g${++next}`)))
        assertRebalanced(config, derived, `${label} (join)`)
      } else if (roll < 0.6 && gids.length > 1) {
        derived = leave(config, someOf(random, gids, Math.min(3, gids.length - 1)))
        assertRebalanced(config, derived, `${label} (leave)`)
      } else if (roll < 0.9) {
        const shard = Math.floor(random() * SHARD_COUNT)
        const gid = pick(random, gids)
        derived = move(config, shard, gid)
        assert.is(derived.shards[shard], gid, `${label}: moved`)
        assert.equal(derived.shards.filter((_, s) => s !== shard), config.shards.filter((_, s) => s !== shard), `${label}: a move touches one shard`)
      } else {
        const gid = pick(random, gids)
        derived = replace(config, gid, [`${gid}-new`, ...peersOf(gid).slice(1)])
        assert.equal(derived.shards, config.shards, `${label}: a replace moves nothing`)
        assert.equal(derived.groups[gid], [`${gid}-new`, `${gid}-b`, `${gid}-c`])
      }
      assert.is(derived.num, config.num + 1)
      config = derived
      configs.push(config)
      copies.push(structuredClone(config))
    }
    configs.forEach((_, num) => { assert.equal(query(configs, num), copies[num], `seed ${seed}: configuration ${num} is as it was made`) })
  }
})

test('a move stays until a join or leave, which rebalances from the moved shards', () => {
  const two = join(firstConfig(), groupsOf(['a', 'b']))
  const shard = two.shards.indexOf('a')
  const moved = move(two, shard, 'b')
  assert.equal([...countsOf(moved)], [['a', 31], ['b', 33]], 'a move does not rebalance')
  const three = join(moved, groupsOf(['c']))
  assertRebalanced(moved, three, 'join after a move')
  assert.is(movedShards(moved, three), 21, 'c takes 21, 12 of them from b')
  assert.is(three.shards[shard], 'b', 'the moved shard stays where it was moved')
  const back = leave(three, ['c'])
  assertRebalanced(three, back, 'leave after a move')
  assert.equal([...countsOf(back)].map(([, n]) => n), [32, 32])
})

test('query: a number, the latest for -1 or beyond the last; refused for other negatives and fractions', () => {
  const configs = [firstConfig()]
  configs.push(join(configs[0], groupsOf(['a'])))
  assert.is(query(configs, 0), configs[0])
  assert.is(query(configs, -1), configs[1])
  assert.is(query(configs, 99), configs[1])
  for (const num of [-2, 0.5, Number.NaN, Infinity]) assert.throws(() => query(configs, num), refusal('BAD_REQUEST'), `${num}`)
})

test('a refused command leaves the configuration list as it was', () => {
  const state = new ShardmasterState()
  state.apply(encodeJson({ op: 'join', groups: groupsOf(['a', 'b']) }))
  const before = structuredClone(state.query())
  const refused: Array<[ShardConfigErrorCode, unknown]> = [
    ['GROUP_EXISTS', { op: 'join', groups: groupsOf(['c', 'a']) }],
    ['BAD_REQUEST', { op: 'join', groups: {} }],
    ['BAD_REQUEST', { op: 'join', groups: [['c', ['p']]] }],
    ['BAD_REQUEST', { op: 'join', groups: { c: [] } }],
    ['BAD_REQUEST', { op: 'join', groups: { c: ['p', 'q', 'p'] } }],
    ['BAD_REQUEST', { op: 'join', groups: { c: ['p', 7] } }],
    ['BAD_REQUEST', { op: 'join', groups: { '': ['p'] } }],
    ['NO_SUCH_GROUP', { op: 'leave', gids: ['a', 'z'] }],
    ['BAD_REQUEST', { op: 'leave', gids: [] }],
    ['BAD_REQUEST', { op: 'leave', gids: ['a', 'a'] }],
    ['BAD_SHARD', { op: 'move', shard: SHARD_COUNT, gid: 'a' }],
    ['BAD_SHARD', { op: 'move', shard: -1, gid: 'a' }],
    ['BAD_SHARD', { op: 'move', shard: 1.5, gid: 'a' }],
    ['BAD_SHARD', { op: 'move', shard: '3', gid: 'a' }],
    ['NO_SUCH_GROUP', { op: 'move', shard: 3, gid: 'z' }],
    ['NO_SUCH_GROUP', { op: 'move', shard: 3, gid: 'toString' }],
    ['NO_SUCH_GROUP', { op: 'replace', gid: 'z', peers: ['p'] }],
    ['BAD_REQUEST', { op: 'replace', gid: 'a', peers: [] }],
    ['BAD_REQUEST', { op: 'replace', gid: 'a', peers: ['p', 'p'] }],
    ['BAD_REQUEST', { op: 'form', peers: [] }],
    ['BAD_REQUEST', { op: 'split', gid: 'a' }],
    ['BAD_REQUEST', null]
  ]
  for (const [code, command] of refused) {
    assert.throws(() => state.apply(encodeJson(command)), refusal(code), `${JSON.stringify(command)}: ${code}`)
    assert.equal(state.query(), before, `${JSON.stringify(command)} changed nothing`)
  }
  assert.is(state.query(99).num, 1, 'still two configurations')
  assert.is(state.apply(encodeJson({ op: 'leave', gids: ['a'] })), 2, 'the next command takes the next number')
})

test('form gives the next gid, never one a group had: past manual joins and after leaves, also after a restore', () => {
  const state = new ShardmasterState()
  const form = (peers: string[]): unknown => state.apply(encodeJson({ op: 'form', peers }))
  assert.equal(form(['p1', 'p2', 'p3']), { gid: 'g1', num: 1 })
  state.apply(encodeJson({ op: 'join', groups: { g5: ['q1'], g007: ['q2'], custom: ['q3'] } }))
  assert.equal(form(['p4', 'p5', 'p6']), { gid: 'g6', num: 3 }, 'past the manual g5; g007 is not what form writes')
  state.apply(encodeJson({ op: 'leave', gids: ['g6'] }))
  assert.equal(form(['p7']), { gid: 'g7', num: 5 }, 'g6 left, but is not reused')
  const copy = new ShardmasterState()
  copy.restore(state.snapshot())
  assert.equal(copy.apply(encodeJson({ op: 'form', peers: ['p8'] })), { gid: 'g8', num: 6 }, 'the counter is in the snapshot')
  assert.equal(copy.query(5), state.query(5))
})

test('a snapshot from before groups could join (the list of configurations) restores', () => {
  const state = new ShardmasterState()
  state.restore(encodeJson([firstConfig()]))
  assert.equal(state.query(), firstConfig())
  assert.equal(state.apply(encodeJson({ op: 'form', peers: ['p'] })), { gid: 'g1', num: 1 })
})

/** Random commands of every kind; those naming groups that left, or shards out of range, are refused. */
function randomCommands (seed: number, count: number): ShardmasterCommand[] {
  const random = seeded(seed)
  const gids: string[] = []
  const commands: ShardmasterCommand[] = []
  for (let i = 0; i < count; i++) {
    const roll = random()
    const some = gids.length === 0 ? ['x'] : someOf(random, gids, 3)
    if (roll < 0.3) {
      const added = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, k) => `m${i}-${k}`)
      gids.push(...added)
      commands.push({ op: 'join', groups: groupsOf(added) })
    } else if (roll < 0.5) commands.push({ op: 'form', peers: [`p${i}`] })
    else if (roll < 0.65) commands.push({ op: 'leave', gids: some })
    else if (roll < 0.85) commands.push({ op: 'move', shard: Math.floor(random() * (SHARD_COUNT + 2)), gid: some[0] })
    else commands.push({ op: 'replace', gid: some[0], peers: [`r${i}`] })
  }
  return commands
}

/** Applies each command, as a replica does: a refusal is an answer, not a failure. */
function applyAll (state: ShardmasterState, commands: ShardmasterCommand[]): unknown[] {
  return commands.map(command => {
    try {
      return state.apply(encodeJson(command))
    } catch (err) {
      if (!(err instanceof ShardConfigError)) throw err
      return err.code
    }
  })
}

// Compared whole rather than with assert.equal, whose diff of two long byte arrays takes minutes.
function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(b)
}

function reversedGroups (command: ShardmasterCommand): ShardmasterCommand {
  return command.op === 'join' ? { ...command, groups: Object.fromEntries(Object.entries(command.groups).reverse()) } : command
}

test('replicas applying the same commands hold the same configurations, whatever order their maps were built in, and after a snapshot', () => {
  for (let seed = 1; seed <= 10; seed++) {
    const commands = randomCommands(seed, 200)
    const a = new ShardmasterState()
    const b = new ShardmasterState()
    const answers = applyAll(a, commands)
    assert.equal(applyAll(b, commands.map(reversedGroups)), answers, `seed ${seed}: the same answers`)
    assert.ok(sameBytes(b.snapshot(), a.snapshot()), `seed ${seed}: the same configurations, byte for byte`)
    const half = new ShardmasterState()
    applyAll(half, commands.slice(0, 100))
    const restored = new ShardmasterState()
    restored.restore(half.snapshot())
    assert.equal(applyAll(restored, commands.slice(100)), answers.slice(100), `seed ${seed}: a restored replica answers the same`)
    assert.ok(sameBytes(restored.snapshot(), a.snapshot()), `seed ${seed}: and ends with the same configurations`)
  }
})

test('clients joining and leaving concurrently, in any interleaving: every configuration even, every change the fewest moves', () => {
  const clients = 5
  for (let seed = 1; seed <= 30; seed++) {
    const random = seeded(seed * 7919)
    // Each client joins its groups, leaves some, joins again; two clients may race for one gid.
    const scripts: ShardmasterCommand[][] = Array.from({ length: clients }, (_, c) => [
      { op: 'join', groups: groupsOf([`c${c}-1`, `c${c}-2`]) },
      { op: 'join', groups: groupsOf([`shared-${c % 2}`]) },
      { op: 'leave', gids: [`c${c}-1`] },
      { op: 'join', groups: groupsOf([`c${c}-3`]) },
      { op: 'leave', gids: [`c${c}-2`, `c${c}-3`] }
    ])
    const state = new ShardmasterState()
    const next = scripts.map(() => 0)
    while (next.some((n, c) => n < scripts[c].length)) {
      const c = pick(random, [...next.keys()].filter(k => next[k] < scripts[k].length))
      const before = state.query()
      const [answer] = applyAll(state, [scripts[c][next[c]++]])
      const after = state.query()
      if (typeof answer === 'number') assertRebalanced(before, after, `seed ${seed}, client ${c}`)
      else assert.is(after, before, `seed ${seed}: a refused ${answer} changes nothing`)
    }
    assert.equal(Object.keys(state.query().groups), ['shared-0', 'shared-1'], `seed ${seed}: the shared groups stay`)
  }
})

test('shardOf is FNV-1a of the UTF-8 bytes: stable, the same for a string and its bytes', () => {
  const encoder = new TextEncoder()
  // FNV-1a 32-bit test vectors (draft-eastlake-fnv): with a count of 2^32, shardOf is the hash.
  assert.is(shardOf('', 2 ** 32), 0x811c9dc5)
  assert.is(shardOf('a', 2 ** 32), 0xe40c292c)
  assert.is(shardOf('foobar', 2 ** 32), 0xbf9cf968)
  assert.equal(['a', 'foobar', 'user:42', 'ключ'].map(key => shardOf(key)), [44, 40, 2, 33])
  for (const key of ['a', 'user:42', 'ключ', '🐟']) assert.is(shardOf(key), shardOf(encoder.encode(key)), key)
})

test('shardOf spreads 10,000 keys over 64 shards: none below half or above double the mean', () => {
  const counts = new Array<number>(SHARD_COUNT).fill(0)
  for (let i = 0; i < 10_000; i++) counts[shardOf(`key-${i}`)]++
  const mean = 10_000 / SHARD_COUNT
  assert.ok(counts.every(n => n >= mean / 2 && n <= mean * 2), `counts from ${Math.min(...counts)} to ${Math.max(...counts)}, mean ${mean}`)
})

test.run()
