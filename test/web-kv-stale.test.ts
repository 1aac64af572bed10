// The KV view shows the configuration the reader picked last: a late answer
// for one picked before is not drawn, and never labelled the newest, live one.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { browserTests, holdAnswer, waitForText } from './helpers/browser.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

const { launched, browserTest } = await browserTests()

browserTest('a late answer for a configuration no longer picked is not shown as the newest, live one', async () => {
  if ('skip' in launched) return
  await using swarm = await TestSwarm.up(3, {}, { consoles: true })
  const url = await swarm.consoleUrl(0)
  const newest = await waitFor('a configuration after the first', async () => {
    const config = await (await fetch(new URL('/api/kv/config', url))).json() as { num: number }
    return config.num >= 1 ? config.num : undefined
  }, { timeoutMs: 30_000 })
  const page = await launched.browser.newPage()
  const slow = await holdAnswer(page, { pathname: '/api/kv/config', search: '?num=0' })
  try {
    await page.goto(`${url}#kv`)
    await waitForText(page, '#kv-config-num', text => new RegExp(`^Configuration ${newest}\\b`).test(text), 30_000)
    await page.click('#kv-history button[data-num="0"]')
    await waitFor('the request for configuration 0', () => slow.request())
    await page.click('#kv-history button[data-num="newest"]')
    await waitForText(page, '#kv-config-num', text => text.includes('(newest, live)'))
    await slow.release()
    await waitFor('the page to be done with configuration 0\'s answer', slow.settled)
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
