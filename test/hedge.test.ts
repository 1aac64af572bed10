// Backup requests on their own: a server that never answers is joined by the
// next once late, loses, is aborted and tried last from then on; a server
// that fails hands over at once; the caller's signal ends everything.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { hedged } from '../src/client/hedge.js'
import { Pace } from '../src/client/pace.js'

type Behaviour = 'answer' | 'fail' | 'stall'

/** Servers that answer at once, fail at once, or answer nothing until aborted; records who was asked and who was aborted. */
function servers (behaviours: Record<string, Behaviour>): { list: Array<{ id: string }>, ask: (s: { id: string }, signal: AbortSignal) => Promise<string>, asked: string[], aborted: string[] } {
  const asked: string[] = []
  const aborted: string[] = []
  const ask = async ({ id }: { id: string }, signal: AbortSignal): Promise<string> => {
    asked.push(id)
    if (behaviours[id] === 'answer') return `from ${id}`
    if (behaviours[id] === 'fail') throw new Error(`${id} failed`)
    return await new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => {
        aborted.push(id)
        reject(signal.reason)
      }, { once: true })
    })
  }
  return { list: Object.keys(behaviours).map(id => ({ id })), ask, asked, aborted }
}

test('a server that stalls is backed up by the next once late; the first answer wins, the stalled request is aborted, and the stalled server goes last', async () => {
  const pace = new Pace()
  const s = servers({ a: 'stall', b: 'answer', c: 'answer' })
  const errors: string[] = []
  const answer = await hedged(s.list, s.ask, { pace, onError: id => { errors.push(id) } })
  assert.is(answer, 'from b')
  assert.equal(s.asked, ['a', 'b'])
  assert.equal(s.aborted, ['a'])
  assert.equal(errors, [], 'an abort after another won is no error')
  assert.equal(pace.order(s.list).map(x => x.id), ['b', 'c', 'a'])
})

test('a server that fails hands over to the next at once; every one failing gives undefined', async () => {
  const pace = new Pace()
  const s = servers({ a: 'fail', b: 'answer' })
  assert.is(await hedged(s.list, s.ask, { pace, onError: () => {} }), 'from b')
  const all = servers({ a: 'fail', b: 'fail' })
  const errors: string[] = []
  assert.is(await hedged(all.list, all.ask, { pace, onError: id => { errors.push(id) } }), undefined)
  assert.equal(errors, ['a', 'b'])
})

test('the caller\'s signal aborts every request out', async () => {
  const pace = new Pace()
  const s = servers({ a: 'stall', b: 'stall' })
  const stop = new AbortController()
  const answer = hedged(s.list, s.ask, { pace, signal: stop.signal, onError: () => {} })
  stop.abort()
  assert.is(await answer, undefined)
  assert.equal(s.aborted, ['a'])
})

test('a marked-slow server makes its waiting transfers late at once', async () => {
  const pace = new Pace()
  let late = false
  const cancel = pace.whenLate(['x'], () => { late = true })
  pace.markSlow('x')
  assert.ok(late)
  cancel()
  pace.record(1_000)
  assert.is(pace.deadline(), 2_000, 'twice the slowest recent transfer')
})

test.run()
