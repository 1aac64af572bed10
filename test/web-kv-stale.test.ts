// The KV view shows the configuration the reader picked last: a late answer
// for one picked before is not drawn, and never labelled the newest, live one.
import type { HTTPRequest } from 'puppeteer-core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { launchBrowser, waitForText } from './helpers/browser.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

const launched = await launchBrowser()
if ('skip' in launched) console.log(`SKIPPED: ${launched.skip}`)
const browserTest = 'skip' in launched ? test.skip : test

browserTest('a late answer for a configuration no longer picked is not shown as the newest, live one', async () => {
  if ('skip' in launched) return
  await using swarm = await TestSwarm.up(3, {}, { consoles: true })
  const url = await swarm.consoleUrl(0)
  const newest = await waitFor('a configuration after the first', async () => {
    const config = await (await fetch(new URL('/api/kv/config', url))).json() as { num: number }
    return config.num >= 1 ? config.num : undefined
  }, { timeoutMs: 30_000 })
  const page = await launched.browser.newPage()
  let held: HTTPRequest | undefined
  await page.setRequestInterception(true)
  page.on('request', request => {
    // Configuration 0's answer is slow; every other request goes at once.
    if (held === undefined && new URL(request.url()).search === '?num=0') held = request
    else void request.continue()
  })
  // Marks when the page has parsed configuration 0; what it does with it runs in the microtasks right after.
  await page.evaluateOnNewDocument(`{
    const json = Response.prototype.json
    Response.prototype.json = async function () {
      const parsed = await json.call(this)
      if (new URL(this.url).search === '?num=0') window.oldParsed = true
      return parsed
    }
  }`)
  try {
    await page.goto(`${url}#kv`)
    await waitForText(page, '#kv-config-num', text => new RegExp(`^Configuration ${newest}\\b`).test(text), 30_000)
    await page.click('#kv-history button[data-num="0"]')
    await waitFor('the request for configuration 0', () => held)
    await page.click('#kv-history button[data-num="newest"]')
    await waitForText(page, '#kv-config-num', text => text.includes('(newest, live)'))
    await held?.continue()
    await waitFor('configuration 0\'s answer to be parsed', async () => await page.evaluate('window.oldParsed === true'))
    await page.evaluate('new Promise(resolve => setTimeout(resolve, 0))')
    const shown = await page.$eval('#kv-config-num', n => (n as unknown as { innerText: string }).innerText)
    const num = await page.$eval('#kv-config-num', n => n.getAttribute('data-num'))
    assert.is(num, String(newest), `"Newest (live)" was picked last, but the view shows: ${shown}`)
  } finally {
    await page.close()
  }
})

test.after(async () => { if ('browser' in launched) await launched.browser.close() })
test.run()
