// KV: a configuration as a picture (each shard coloured by the group that
// serves it, each group with its peers), the numbered configurations to pick
// from (the newest, live, by default), and a key lookup.
import { getJson, poll } from './api.js'
import { el, peerName, replace, table } from './dom.js'
import { colours, svg } from './svg.js'
import type { View } from './view.js'

interface Config { num: number, shards: string[], groups: Record<string, string[]> }
type Lookup = { key: string, found: false } | { key: string, found: true, value: string, bytes: number }

const COLUMNS = 8
const CELL = 44
/** How many of the newest configurations the history lists. */
const HISTORY = 50

function shardPicture (config: Config, colourOf: Map<string, string>): SVGSVGElement {
  const rows = Math.ceil(config.shards.length / COLUMNS)
  return svg('svg', { id: 'kv-shards', viewBox: `0 0 ${COLUMNS * CELL} ${rows * CELL}`, width: COLUMNS * CELL, height: rows * CELL, role: 'img', 'aria-label': 'shards by group' },
    ...config.shards.map((gid, shard) => {
      const x = (shard % COLUMNS) * CELL
      const y = Math.floor(shard / COLUMNS) * CELL
      return svg('g', { 'data-shard': shard, 'data-group': gid },
        svg('title', {}, `shard ${shard}: ${gid === '' ? 'unassigned' : `group ${gid}`}`),
        svg('rect', { x: x + 1, y: y + 1, width: CELL - 2, height: CELL - 2, rx: 4, fill: colourOf.get(gid) ?? '#d5dce1' }),
        svg('text', { x: x + CELL / 2, y: y + CELL / 2 + 4, 'text-anchor': 'middle', 'font-size': 12, fill: '#fff' }, shard))
    }))
}

function swatch (colour: string): SVGSVGElement {
  return svg('svg', { width: 12, height: 12, 'aria-hidden': 'true' }, svg('rect', { width: 12, height: 12, rx: 2, fill: colour }))
}

function renderConfig (config: Config, live: boolean): HTMLElement[] {
  const gids = Object.keys(config.groups).sort()
  const colourOf = colours(gids)
  const unassigned = config.shards.filter(g => g === '').length
  const rows = gids.map(gid => [
    el('span', {}, swatch(colourOf.get(gid) ?? ''), ` ${gid}`),
    config.shards.filter(g => g === gid).length,
    el('span', { className: 'peers' }, ...config.groups[gid].flatMap((id, k) => [k > 0 ? ', ' : '', peerName(id)]))
  ])
  return [
    el('h2', { attrs: { id: 'kv-config-num', 'data-num': String(config.num) } }, `Configuration ${config.num}`, live ? ' (newest, live)' : ''),
    el('div', { className: 'kv-config' },
      shardPicture(config, colourOf),
      el('div', {},
        table(['Group', 'Shards', 'Peers'], rows, { attrs: { id: 'kv-groups' } }),
        unassigned > 0 ? el('p', {}, `${unassigned} shards unassigned`) : null))
  ]
}

function lookupForm (): HTMLElement {
  const input = el('input', { attrs: { id: 'kv-key', type: 'text', placeholder: 'key', required: '' } })
  const result = el('p', { attrs: { id: 'kv-result' } })
  const lookUp = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault()
    replace(result, 'Looking up…')
    try {
      const found = await getJson<Lookup>(`/api/kv/key?key=${encodeURIComponent(input.value)}`)
      replace(result, found.found
        ? el('span', {}, `${found.key} = `, el('code', { className: 'value' }, found.value), ` (${found.bytes} bytes)`)
        : `${found.key}: not found`)
    } catch (err) {
      replace(result, el('span', { className: 'error' }, (err as Error).message))
    }
  }
  return el('section', {}, el('h2', {}, 'Look up a key'),
    el('form', { attrs: { id: 'kv-lookup' }, on: { submit: (event: SubmitEvent) => { void lookUp(event) } } }, input, el('button', { attrs: { type: 'submit' } }, 'Get')),
    result)
}

export const kvView: View = {
  id: 'kv',
  title: 'KV',
  mount (root) {
    const shown = el('div', {}, el('p', {}, 'Asking the shardmaster…'))
    const history = el('div', { className: 'kv-history', attrs: { id: 'kv-history' } })
    let newest: Config | undefined
    /** The configuration picked from the history; undefined: the newest, kept live. */
    let picked: number | undefined
    const show = (config: Config): void => { replace(shown, ...renderConfig(config, picked === undefined)) }
    const pick = async (num: number | undefined): Promise<void> => {
      picked = num
      try {
        const config = num === undefined || num === newest?.num ? newest! : await getJson<Config>(`/api/kv/config?num=${num}`)
        // The reader may have picked another meanwhile: a late answer is not theirs.
        if (picked !== num) return
        show(config)
      } catch (err) {
        if (picked !== num) return
        replace(shown, el('p', { className: 'error' }, `The shardmaster did not answer: ${(err as Error).message}`))
      }
      listHistory()
    }
    const entry = (label: string, num: number | undefined): HTMLElement =>
      el('button', { className: picked === num ? 'picked' : '', attrs: { type: 'button', 'data-num': String(num ?? 'newest') }, on: { click: () => { void pick(num) } } }, label)
    function listHistory (): void {
      if (newest === undefined) return
      const nums = Array.from({ length: Math.min(HISTORY, newest.num + 1) }, (_, k) => newest!.num - k)
      replace(history, entry('Newest (live)', undefined), ...nums.map(num => entry(String(num), num)))
    }
    replace(root, el('h1', {}, 'KV store'), shown, el('section', {}, el('h2', {}, 'Configurations'), history), lookupForm())
    let failed = false
    return poll(async signal => {
      try {
        const latest = await getJson<Config>('/api/kv/config', signal)
        const changed = latest.num !== newest?.num
        newest = latest
        if (picked === undefined && (changed || failed)) show(latest)
        if (changed) listHistory()
        failed = false
      } catch (err) {
        failed = true
        if (!signal.aborted && picked === undefined) replace(shown, el('p', { className: 'error' }, `The shardmaster did not answer: ${(err as Error).message}`))
      }
    }, 2_000)
  }
}
