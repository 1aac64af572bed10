// The console's KV and Activity views, and the Swarm view's figures, in a real
// browser against a real 3-peer swarm: the KV view draws the shardmaster's
// configuration shard by shard (the newest live, older ones on request) and
// looks keys up; the Activity view's KV chart rises with a burst of puts; the
// Swarm view gives every peer's load and free disk.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { Page } from 'puppeteer-core'
import { SHARD_COUNT } from '../protocols/kv/shard.js'
import type { ShardConfig } from '../protocols/kv/wire.js'
import { KvClient } from '../src/client/kv.js'
import { browserTests, texts, waitForText } from './helpers/browser.js'
import { shoal } from './helpers/cli.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

const { launched, browserTest } = await browserTests()
const short = (id: string): string => id.slice(-8)
const encode = (text: string): Uint8Array => new TextEncoder().encode(text)

let swarm: TestSwarm
let kv: KvClient
let page: Page

test.before(async () => {
  if ('skip' in launched) return
  swarm = await TestSwarm.up(3, {}, { consoles: true })
  kv = new KvClient(await swarm.connect())
  page = await launched.browser.newPage()
})

test.after(async () => {
  await page?.close()
  kv?.close()
  await swarm?.[Symbol.asyncDispose]()
  if ('browser' in launched) await launched.browser.close()
})

async function queryJson (num?: number): Promise<ShardConfig> {
  const result = await shoal(['kv', 'query', ...(num === undefined ? [] : [String(num)]), '--json'], { home: swarm.home })
  assert.is(result.code, 0, result.stderr)
  return JSON.parse(result.stdout) as ShardConfig
}

/** Each shard's group as the page's picture gives it. */
async function shownShards (): Promise<string[]> {
  const cells = await page.$$eval('#kv-shards [data-shard]', nodes => nodes.map(n => [Number(n.getAttribute('data-shard')), n.getAttribute('data-group')] as const))
  const groups: string[] = []
  for (const [shard, gid] of cells) groups[shard] = gid ?? ''
  return groups
}

async function assertShows (config: ShardConfig): Promise<void> {
  await waitForText(page, '#kv-config-num', text => new RegExp(`^Configuration ${config.num}\\b`).test(text), 30_000)
  assert.equal(await shownShards(), [...config.shards], `the ${SHARD_COUNT} shards of configuration ${config.num}, each with its group`)
  const groups = (await texts(page, '#kv-groups tbody tr')).join('\n')
  for (const [gid, peers] of Object.entries(config.groups)) {
    const shards = config.shards.filter(g => g === gid).length
    assert.ok(new RegExp(`${gid}\\s+${shards}\\s`).test(groups), `group ${gid} with ${shards} shards in: ${groups}`)
    for (const peer of peers) assert.ok(groups.includes(short(peer)), `group ${gid} lists peer ${peer}`)
  }
}

browserTest('the KV view draws the newest configuration live, and an older one picked from the history', async () => {
  const first = await waitFor('the first replica group serving every shard', async () => {
    const config = await kv.shardmaster.query()
    return Object.keys(config.groups).length === 1 && config.shards.every(g => g !== '') ? config : undefined
  }, { timeoutMs: 30_000 })
  await page.goto(`${await swarm.consoleUrl(0)}#kv`)
  await assertShows(await queryJson())

  // A second group takes half the shards: the view follows without a reload.
  await kv.shardmaster.join([swarm.file.peers[1].id])
  const second = await queryJson()
  assert.is(Object.keys(second.groups).length, 2)
  await assertShows(second)
  assert.is(new Set(await shownShards()).size, 2, 'both groups drawn')

  await page.click(`#kv-history button[data-num="${first.num}"]`)
  await assertShows(await queryJson(first.num))
  await page.click('#kv-history button[data-num="newest"]')
  await assertShows(second)
})

browserTest('the key lookup shows a value put through the CLI, and says when a key is not there', async () => {
  const put = await shoal(['kv', 'put', 'web/greeting', 'hello from the CLI'], { home: swarm.home })
  assert.is(put.code, 0, put.stderr)
  const lookUp = async (key: string): Promise<string> => {
    await page.$eval('#kv-key', input => { (input as unknown as { value: string }).value = '' })
    await page.type('#kv-key', key)
    await page.click('#kv-lookup button')
    return await waitForText(page, '#kv-result', text => text.includes(key))
  }
  assert.match(await lookUp('web/greeting'), 'web/greeting = hello from the CLI')
  assert.match(await lookUp('web/nobody-put-this'), 'web/nobody-put-this: not found')
})

browserTest('the Activity view\'s KV requests chart rises after a burst of puts', async () => {
  await page.goto(`${await swarm.consoleUrl(0)}#activity`)
  const chart = '#chart-kvOps'
  const figure = async (name: 'latest' | 'peak'): Promise<number> => Number(await page.$eval(chart, (n, name) => n.getAttribute(`data-${name}`), name).catch(() => ''))
  await waitFor('a sample with no KV requests', async () => await page.$(chart) !== null && await page.$eval(chart, n => n.getAttribute('data-latest')) === '0', { timeoutMs: 30_000 })
  const quietPeak = await figure('peak')
  const before = (await swarm.status()).peers.reduce((sum, p) => sum + p.kvOps, 0)

  const PUTS = 600
  await kv.multiput(Array.from({ length: PUTS }, (_, i) => ({ key: `burst/${i}`, value: encode(String(i)) })))
  const peak = await waitFor('the chart to show the burst', async () => { const peak = await figure('peak'); return peak >= 50 ? peak : undefined }, { timeoutMs: 30_000 })
  assert.ok(peak > quietPeak, `peak ${peak} requests/s after the burst, ${quietPeak} before`)
  const after = await waitFor('every peer\'s heartbeat to count the burst', async () => {
    const total = (await swarm.status()).peers.reduce((sum, p) => sum + p.kvOps, 0)
    return total - before >= PUTS ? total : undefined
  })
  assert.ok(after - before < PUTS * 2, `${after - before} requests counted for ${PUTS} puts`)
})

browserTest('the Swarm view gives every peer\'s load and free disk', async () => {
  await page.goto(`${await swarm.consoleUrl(0)}#swarm`)
  await waitForText(page, '#peers', text => swarm.file.peers.every(p => text.includes(short(p.id))))
  const headers = await texts(page, '#peers th')
  const rows = await page.$$eval('#peers tbody tr', trs => trs.map(tr => [...tr.querySelectorAll('td')].map(td => (td as unknown as { innerText: string }).innerText.trim())))
  assert.is(rows.length, 3)
  const status = await swarm.status()
  for (const row of rows) {
    const cell = (header: string): string => row[headers.indexOf(header)]
    const peer = status.peers.find(p => cell('Peer').includes(short(p.id)))
    assert.ok(peer, `row ${row.join(' | ')} names a peer`)
    assert.match(cell('Load'), /^\d+\.\d\d$/, `${cell('Peer')}'s load`)
    assert.match(cell('Free disk'), /^\d+(\.\d)? (KiB|MiB|GiB|TiB)$/, `${cell('Peer')}'s free disk`)
    assert.ok(peer!.freeDisk > 0, 'the status answer gives its free disk')
  }
})

test.run()
