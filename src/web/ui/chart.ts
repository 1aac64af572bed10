// A small line chart of one figure over time, as SVG.
import { el } from './dom.js'
import { svg } from './svg.js'

const WIDTH = 320
const HEIGHT = 80

export interface Point { at: number, value: number }

/** The chart of `points` over the `spanMs` before `now`, scaled from zero to its peak; the caption gives the latest value and the peak. */
export function lineChart (id: string, title: string, points: Point[], format: (value: number) => string, spanMs: number, now: number): HTMLElement {
  const peak = Math.max(0, ...points.map(p => p.value))
  const x = (at: number): number => WIDTH * (1 - (now - at) / spanMs)
  const y = (value: number): number => HEIGHT - 2 - (HEIGHT - 4) * value / Math.max(1, peak)
  const line = points.map(p => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')
  const latest = points.at(-1)?.value
  return el('figure', { className: 'chart', attrs: { id, 'data-latest': String(latest ?? ''), 'data-peak': String(peak) } },
    svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: 'img', 'aria-label': title },
      svg('rect', { x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: '#fff', stroke: '#e2e8ec' }),
      svg('polyline', { points: line, fill: 'none', stroke: '#3b82c4', 'stroke-width': 1.5 })),
    el('figcaption', {}, `${title}: `, el('strong', {}, latest === undefined ? '…' : format(latest)), ` (peak ${format(peak)})`))
}
