// Transfer progress: redrawn in place at most ten times a second, then one summary line.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Progress } from '../src/cli/progress.js'

const MiB = 1024 ** 2

function fakeStream (isTTY = true): { isTTY: boolean, writes: string[], write: (text: string) => boolean } {
  const writes: string[] = []
  return { isTTY, writes, write: (text: string) => { writes.push(text); return true } }
}

function fakeClock (): { now: () => number, advance: (ms: number) => void } {
  let t = 1000
  return { now: () => t, advance: (ms: number) => { t += ms } }
}

test('redraws at most every 100 ms, in place', () => {
  const stream = fakeStream()
  const clock = fakeClock()
  const progress = new Progress({ label: 'put a.bin', stream, now: clock.now })
  progress.add(1)
  assert.is(stream.writes.length, 1, 'the first add draws')
  for (let i = 0; i < 9; i++) {
    clock.advance(10)
    progress.add(1)
  }
  assert.is(stream.writes.length, 1, 'adds within 100 ms do not redraw')
  clock.advance(10)
  progress.add(1)
  assert.is(stream.writes.length, 2)
  for (const w of stream.writes) {
    assert.ok(w.startsWith('\r'), 'returns to the start of the line')
    assert.ok(w.endsWith('\x1b[K'), 'clears the rest of the line')
    assert.not.ok(w.includes('\n'))
  }
  assert.match(stream.writes[1], /put a\.bin {2}11 B/)
})

test('with a total: bar, percentage, bytes of total and the rate', () => {
  const stream = fakeStream()
  const clock = fakeClock()
  const progress = new Progress({ label: 'get b.bin', total: 8 * MiB, stream, now: clock.now })
  clock.advance(1000)
  progress.add(2 * MiB)
  const line = stream.writes.at(-1)!
  assert.ok(line.includes('[#####---------------]'), line)
  assert.ok(line.includes(' 25%'), line)
  assert.ok(line.includes('2 MiB / 8 MiB'), line)
  assert.ok(line.includes('2 MiB/s'), line)
  clock.advance(1000)
  progress.add(6 * MiB)
  assert.ok(stream.writes.at(-1)!.includes('[####################]  100%  8 MiB / 8 MiB  4 MiB/s'), stream.writes.at(-1))
})

test('a total learnt after the start (a get hears its file\'s size with its first answer) shows from then on', () => {
  const stream = fakeStream()
  const clock = fakeClock()
  const progress = new Progress({ label: 'get c.bin', stream, now: clock.now })
  progress.expect(4 * MiB)
  clock.advance(1000)
  progress.add(MiB)
  assert.ok(stream.writes.at(-1)!.includes(' 25%'), stream.writes.at(-1))
})

test('the rate covers the last few seconds, not the whole transfer', () => {
  const stream = fakeStream()
  const clock = fakeClock()
  const progress = new Progress({ label: 'put', stream, now: clock.now })
  // 10 s at 10 MiB/s, then 10 s at 1 MiB/s, drawn every 500 ms.
  for (let i = 0; i < 20; i++) { clock.advance(500); progress.add(5 * MiB) }
  assert.match(stream.writes.at(-1)!, /  10 MiB\/s/)
  for (let i = 0; i < 20; i++) { clock.advance(500); progress.add(MiB / 2) }
  assert.match(stream.writes.at(-1)!, /  1 MiB\/s/)
})

test('done prints the total, elapsed time and average rate, and a newline, once', () => {
  const stream = fakeStream()
  const clock = fakeClock()
  const progress = new Progress({ label: 'put c.bin', total: 3 * MiB, stream, now: clock.now })
  progress.add(MiB)
  clock.advance(1500)
  progress.add(2 * MiB)
  clock.advance(500)
  progress.done()
  const output = stream.writes.join('')
  assert.ok(output.endsWith('\rput c.bin: 3 MiB in 2.0 s, 1.5 MiB/s\x1b[K\n'), JSON.stringify(output))
  const count = stream.writes.length
  progress.add(MiB)
  clock.advance(1000)
  progress.add(MiB)
  progress.done()
  assert.is(stream.writes.length, count, 'nothing after done')
})

test('long transfers show minutes; an instant one has no rate', () => {
  const stream = fakeStream()
  const clock = fakeClock()
  const slow = new Progress({ label: 'get', stream, now: clock.now })
  slow.add(125 * MiB)
  clock.advance(125_000)
  slow.done()
  assert.match(stream.writes.at(-2)!, /get: 125 MiB in 2m05s, 1 MiB\/s/)
  const instant = new Progress({ label: 'get', stream, now: clock.now })
  instant.done()
  assert.match(stream.writes.at(-2)!, /get: 0 B in 0\.0 s\x1b\[K$/)
})

test('a line wider than the terminal is cut to fit', () => {
  const stream = { ...fakeStream(), columns: 30 }
  const progress = new Progress({ label: 'put ' + 'x'.repeat(50), total: 10, stream, now: fakeClock().now })
  progress.add(1)
  assert.is(stream.writes[0], `\rput ${'x'.repeat(25)}\x1b[K`)
})

test('nothing is written when disabled, or by default when the stream is not a TTY', () => {
  const clock = fakeClock()
  for (const [stream, enabled] of [[fakeStream(true), false], [fakeStream(false), undefined]] as const) {
    const progress = new Progress({ label: 'put', total: 100, stream, enabled, now: clock.now })
    for (let i = 0; i < 10; i++) { clock.advance(200); progress.add(10) }
    progress.done()
    assert.equal(stream.writes, [])
  }
  const forced = fakeStream(false)
  const progress = new Progress({ label: 'put', stream: forced, enabled: true, now: clock.now })
  progress.add(1)
  progress.done()
  assert.is(forced.writes.length, 3)
})

test('the default clock and stream work', () => {
  const progress = new Progress({ label: 'put', enabled: false })
  progress.add(1)
  progress.done()
})

test.run()
