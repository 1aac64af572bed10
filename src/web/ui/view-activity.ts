// Activity: the swarm's traffic, KV requests and elections over the last few minutes.
import { lineChart } from './chart.js'
import { el, formatBytes } from './dom.js'
import { liveView } from './live.js'

interface Sample { at: number, bytesIn: number, bytesOut: number, kvOps: number, elections: number }
interface Activity { everyMs: number, samples: Sample[] }

const CHARTS: Array<{ figure: keyof Omit<Sample, 'at'>, title: string, format: (value: number) => string }> = [
  { figure: 'bytesIn', title: 'Bytes in', format: value => `${formatBytes(value)}/s` },
  { figure: 'bytesOut', title: 'Bytes out', format: value => `${formatBytes(value)}/s` },
  { figure: 'kvOps', title: 'KV requests', format: value => `${value}/s` },
  { figure: 'elections', title: 'Elections', format: value => String(value) }
]

function render ({ everyMs, samples }: Activity): HTMLElement[] {
  if (samples.length === 0) return [el('p', {}, 'Sampling the swarm: the first figures come in a few seconds.')]
  const now = samples[samples.length - 1].at
  const spanMs = Math.max(60_000, now - samples[0].at)
  return [
    el('p', {}, `Whole swarm, one sample every ${everyMs / 1000} s; elections per sample.`),
    el('div', { className: 'charts' }, ...CHARTS.map(({ figure, title, format }) =>
      lineChart(`chart-${figure}`, title, samples.map(s => ({ at: s.at, value: s[figure] })), format, spanMs, now)))
  ]
}

export const activityView = liveView({ id: 'activity', title: 'Activity', path: '/api/activity', render, everyMs: 2_000 })
