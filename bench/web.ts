// The web console on a 3-peer local swarm, in a real headless Chromium
// launched once: (a) first render, from navigation until the Swarm view lists
// every peer alive (median and max of RUNS fresh pages); (b) the console
// peer's CPU (% of one core, from /proc) with no page open (the baseline),
// then with one page open and live on each view in turn.
import type { Browser } from 'puppeteer-core'
import { readConsoleFile } from '../src/client/console-file.js'
import { launchBrowser } from '../test/helpers/browser.js'
import { waitFor } from '../test/helpers/wait.js'
import { withLocalSwarm } from './local-swarm.js'
import { sample } from './proc-usage.js'

const PEERS = 3
const RUNS = 9
const LIVE_MS = 20_000
const VIEWS = ['swarm', 'kv', 'activity']

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const round = (ms: number): number => Math.round(ms * 10) / 10

async function firstRender (browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage()
  try {
    const started = performance.now()
    await page.goto(`${url}#swarm`, { waitUntil: 'domcontentloaded' })
    await page.waitForFunction(`[...document.querySelectorAll('#peers .state')].filter(s => s.textContent === 'alive').length === ${PEERS}`,
      { polling: 'mutation', timeout: 10_000 })
    return performance.now() - started
  } finally {
    await page.close()
  }
}

async function cpuWithPage (browser: Browser, url: string, view: string, pid: number): Promise<number> {
  const page = await browser.newPage()
  try {
    await page.goto(`${url}#${view}`)
    const [{ cpu_pct: cpu }] = await sample([pid], LIVE_MS)
    return cpu
  } finally {
    await page.close()
  }
}

export async function run (): Promise<unknown> {
  const launched = await launchBrowser()
  if ('skip' in launched) return { bench: 'web', skipped: launched.skip }
  const { browser } = launched
  try {
    return await withLocalSwarm('web', PEERS, async (_home, peers) => {
      const url = (await waitFor('peer 0\'s console', async () => await readConsoleFile(peers[0].home))).url
      await waitFor('every peer alive in the console', async () => {
        const status = await (await fetch(new URL('/api/swarm', url))).json() as { peers: Array<{ state: string }> }
        return status.peers.filter(p => p.state === 'alive').length === PEERS
      }, { timeoutMs: 30_000, intervalMs: 500 })
      const renders: number[] = []
      for (let run = 0; run < RUNS; run++) renders.push(await firstRender(browser, url))
      const pid = peers[0].pid
      const [{ cpu_pct: idle }] = await sample([pid], LIVE_MS)
      const live: Record<string, number> = {}
      for (const view of VIEWS) live[view] = await cpuWithPage(browser, url, view, pid)
      return {
        bench: 'web',
        peers: PEERS,
        first_render_ms: { median: round(median(renders)), max: round(Math.max(...renders)), runs: renders.map(round) },
        console_peer_cpu_pct: { baseline_no_page: idle, ...Object.fromEntries(VIEWS.map(view => [`${view}_page_live`, live[view]])) },
        live_seconds: LIVE_MS / 1000,
        goal: { first_render_ms: 300, live_page_cpu_pct_over_baseline: 1 }
      }
    })
  } finally {
    await browser.close()
  }
}
