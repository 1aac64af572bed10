// Seeded chaos simulations of whole Raft groups (see test/sim/cluster.ts).
// SHOAL_SIM_SEEDS=N runs N seeds (default 2000, about 10 s: enough that the
// rarest bug we tried, Raft's Figure 8, is found a few times over);
// SHOAL_SIM_SEED=S replays one.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { EntryType } from '../src/peer/consensus/types.js'
import type { Entry } from '../src/peer/consensus/types.js'
import { Checker, InvariantViolation } from './sim/checker.js'
import { SimCluster, VARIATIONS, emptyReport } from './sim/cluster.js'
import type { SimReport, Variations } from './sim/cluster.js'
import { options } from './sim/options.js'

const SEEDS = Number(process.env.SHOAL_SIM_SEEDS ?? 2000)
const seeds = process.env.SHOAL_SIM_SEED !== undefined
  ? [Number(process.env.SHOAL_SIM_SEED)]
  : Array.from({ length: SEEDS }, (_, k) => k + 1)

const totals: SimReport = emptyReport()
let worstRecovery = 0
/** Seeds that ran with each variation (whether or not they passed). */
const withVariation = Object.fromEntries(VARIATIONS.map(v => [v, 0])) as Record<keyof Variations, number>

for (const seed of seeds) {
  test(`seed ${seed}`, () => {
    const cluster = new SimCluster(options(seed))
    for (const v of VARIATIONS) if (cluster.variations[v]) withVariation[v]++
    const report = cluster.run()
    for (const key of Object.keys(totals) as Array<keyof SimReport>) totals[key] += report[key]
    worstRecovery = Math.max(worstRecovery, report.recovery)
  })
}

test('the chaos really happened', () => {
  console.log(`\n  ${seeds.length} seeds: ${JSON.stringify({ ...totals, recovery: undefined, worstRecovery })}`)
  console.log(`  seeds with each variation: ${JSON.stringify(withVariation)}`)
  if (seeds.length < 50) return
  for (const key of ['elections', 'committed', 'snapshotsSent', 'confChanges', 'crashes', 'partitions', 'longDelays'] as const) {
    assert.ok(totals[key] > seeds.length, `${key}: ${totals[key]}`)
  }
  // Rarer events: at least one in every 20 seeds (each happens in several times that many).
  for (const key of ['oneWayCuts', 'skewedClocks', 'stalls', 'diskLosses', 'replacements', 'leaderRemovals', 'leaderRemovalsCut', 'keptDown'] as const) {
    assert.ok(totals[key] > seeds.length / 20, `${key}: ${totals[key]}`)
  }
})

const encoder = new TextEncoder()
const entry = (index: number, term: number, data: string): Entry => ({ index, term, type: EntryType.Normal, data: encoder.encode(data) })
const violates = (fn: (c: Checker) => void, what: RegExp): void => {
  const checker = new Checker()
  checker.where = 'broken history'
  assert.throws(() => { fn(checker) }, (err: Error) => err instanceof InvariantViolation && what.test(err.message) && err.message.startsWith('broken history'))
}

test('the checker reports two leaders in one term', () => {
  violates(c => {
    c.role('a', true, 3, () => undefined)
    c.role('b', true, 3, () => undefined)
  }, /election safety/)
})

test('the checker reports logs that agree on an entry but not before it', () => {
  violates(c => {
    c.persisted('a', [entry(1, 1, 'x'), entry(2, 2, 'y')], 0)
    c.persisted('b', [entry(1, 1, 'z'), entry(2, 2, 'y')], 0)
  }, /log matching/)
  violates(c => {
    c.persisted('a', [entry(2, 2, 'y')], 1)
    c.persisted('b', [entry(2, 2, 'y')], 2)
  }, /log matching/)
})

test('the checker reports divergent applied sequences and gaps', () => {
  violates(c => {
    c.start('a', 0, 0)
    c.start('b', 0, 0)
    c.apply('a', entry(1, 1, 'x'), 1)
    c.apply('b', entry(1, 1, 'y'), 1)
  }, /state machine safety/)
  violates(c => {
    c.start('a', 0, 0)
    c.apply('a', entry(2, 1, 'x'), 1)
  }, /state machine safety/)
  violates(c => {
    c.start('a', 0, 0)
    c.apply('a', entry(1, 1, 'x'), 1)
    c.start('b', 1, 12345)
  }, /state machine safety/)
})

test('the checker reports a later leader missing a committed entry', () => {
  violates(c => {
    c.start('a', 0, 0)
    c.apply('a', entry(1, 1, 'x'), 1)
    c.role('b', true, 2, index => index === 1 ? 2 : undefined)
  }, /leader completeness/)
  violates(c => {
    c.role('b', true, 2, () => undefined)
    c.start('a', 0, 0)
    c.apply('a', entry(1, 1, 'x'), 1)
  }, /leader completeness/)
})

test('the checker accepts a consistent history', () => {
  const c = new Checker()
  c.role('a', true, 1, i => i === 1 ? 1 : undefined)
  c.persisted('a', [entry(1, 1, 'x')], 0)
  c.persisted('b', [entry(1, 1, 'x')], 0)
  for (const id of ['a', 'b']) {
    c.start(id, 0, 0)
    c.apply(id, entry(1, 1, 'x'), 1)
  }
  c.role('b', true, 2, i => i === 1 ? 1 : undefined)
  c.role('a', false, 2, () => undefined)
})

test.run()
