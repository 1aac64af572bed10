// The Activity view's sampler: swarm-wide rates from each peer's running
// totals, a restarted peer counted from zero, and no sampling unless asked.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ActivitySampler } from '../src/web/activity.js'
import { waitFor } from './helpers/wait.js'

const EVERY_MS = 50
const peer = (id: string, kvOps: number, elections = 0) => ({ id, bytesIn: kvOps * 10, bytesOut: kvOps * 20, kvOps, elections })

test('rates are the sum over peers of what each did since the last sample; a total that fell is a restart', async () => {
  const answers = [
    [peer('a', 100), peer('b', 50)],
    [peer('a', 110), peer('b', 60, 1)],
    [peer('a', 5), peer('b', 60), peer('c', 7)]
  ]
  let reads = 0
  const sampler = new ActivitySampler(async () => answers[Math.min(reads++, answers.length - 1)], EVERY_MS)
  try {
    const samples = await waitFor('two samples', () => { const s = sampler.history(); return s.length >= 2 ? [...s] : undefined })
    const perSecond = (ops: number, k: number): number => ops / ((samples[k].at - (k === 0 ? samples[0].at - EVERY_MS : samples[k - 1].at)) / 1000)
    assert.is(samples[0].elections, 1)
    assert.ok(Math.abs(samples[0].kvOps - perSecond(20, 0)) <= perSecond(20, 0) * 0.5, `20 requests in ~${EVERY_MS} ms: ${samples[0].kvOps}/s`)
    assert.ok(Math.abs(samples[0].bytesOut - 2 * samples[0].bytesIn) <= 1, 'each figure summed alike')
    // a restarted at 0 and did 5; c is new (no rate yet); b did nothing.
    assert.ok(samples[1].kvOps > 0 && samples[1].kvOps < samples[0].kvOps, `the restarted peer's 5 requests: ${samples[1].kvOps}/s`)
    assert.is(samples[1].elections, 0)
  } finally {
    sampler.stop()
  }
})

test('nothing is read until a page asks, nor once stopped; stopping forgets the history', async () => {
  let reads = 0
  const sampler = new ActivitySampler(async () => { reads++; return [peer('a', reads)] }, EVERY_MS)
  const wait = async (): Promise<unknown> => await new Promise(resolve => setTimeout(resolve, EVERY_MS * 4))
  await wait()
  assert.is(reads, 0, 'no page, no reads')
  await waitFor('a sample', () => sampler.history().length > 0)
  sampler.stop()
  const stoppedAt = reads
  await wait()
  assert.is(reads, stoppedAt, 'stopped, no reads')
  assert.is(sampler.history().length, 0, 'asked again, it starts afresh')
  sampler.stop()
})

test.run()
