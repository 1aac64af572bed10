// A real headless Chromium for the console's tests (puppeteer-core with
// @sparticuz/chromium, both from npm). The test runner unpacks the browser
// once before any browser test starts (two unpacking at once fail with
// ETXTBSY); a test file that cannot start it skips, and says why.
import chromium from '@sparticuz/chromium'
import { test } from 'uvu'
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core'

export const BROWSER_ARGS = ['--disable-background-networking', '--disable-component-update']
/** @sparticuz/chromium turns web security off; without it a same-origin POST carries no Origin, and the console refuses it. */
const chromiumArgs = (): string[] => chromium.args.filter(arg => arg !== '--disable-web-security')

/** Unpacks Chromium (a no-op once it is unpacked); resolves with its path. */
export async function chromiumPath (): Promise<string> {
  return await chromium.executablePath()
}

/** A started browser, or why none could start. */
export async function launchBrowser (): Promise<{ browser: Browser } | { skip: string }> {
  try {
    const browser = await puppeteer.launch({ executablePath: await chromiumPath(), args: [...chromiumArgs(), ...BROWSER_ARGS], headless: true })
    return { browser }
  } catch (err) {
    return { skip: `Chromium cannot start here: ${(err as Error).message.split('\n')[0]}` }
  }
}

/**
 * For a file of browser tests: the browser, and uvu's `test` to declare them
 * with, or `test.skip`, having said why, where Chromium cannot start.
 */
export async function browserTests (): Promise<{ launched: Awaited<ReturnType<typeof launchBrowser>>, browserTest: typeof test | typeof test.skip }> {
  const launched = await launchBrowser()
  if ('skip' in launched) console.log(`SKIPPED: ${launched.skip}`)
  return { launched, browserTest: 'skip' in launched ? test.skip : test }
}

/** The text of every element matching `selector`, as the page shows it. */
export async function texts (page: Page, selector: string): Promise<string[]> {
  return await page.$$eval(selector, nodes => nodes.map(n => (n as unknown as { innerText: string }).innerText.trim()))
}

/** Waits until `selector`'s text satisfies `accept`, with a deadline; resolves with the text. */
export async function waitForText (page: Page, selector: string, accept: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    last = await page.$eval(selector, n => (n as unknown as { innerText: string }).innerText).catch(() => '')
    if (accept(last)) return last
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${selector}; it shows: ${last.slice(0, 500)}`)
}

export interface HeldAnswer {
  /** The held request, once the page has made it. */
  request: () => HTTPRequest | undefined
  /** Lets it go on. */
  release: () => Promise<void>
  /** Whether the page is done with its answer: parsed (what the page does with it runs in the microtasks right after), or the request given up. */
  settled: () => Promise<boolean>
}

/** Holds back the first request of `page` to `target` (its path, and query if given) until `release`; every other goes at once. */
export async function holdAnswer (page: Page, target: { pathname: string, search?: string }): Promise<HeldAnswer> {
  const matches = (url: URL): boolean => url.pathname === target.pathname && (target.search === undefined || url.search === target.search)
  let held: HTTPRequest | undefined
  await page.setRequestInterception(true)
  page.on('request', request => {
    if (held === undefined && matches(new URL(request.url()))) held = request
    else void request.continue()
  })
  await page.evaluateOnNewDocument(`{
    const target = ${JSON.stringify(target)}
    const matches = url => { const u = new URL(url, location.href); return u.pathname === target.pathname && (target.search === undefined || u.search === target.search) }
    const json = Response.prototype.json
    Response.prototype.json = async function () {
      const parsed = await json.call(this)
      if (matches(this.url)) window.heldAnswerSettled = true
      return parsed
    }
    const fetch = window.fetch
    window.fetch = (input, init) => fetch(input, init).catch(err => {
      if (matches(typeof input === 'string' ? input : input.url)) window.heldAnswerSettled = true
      throw err
    })
  }`)
  return {
    request: () => held,
    release: async () => { await held?.continue().catch(() => {}) },
    settled: async () => await page.evaluate('window.heldAnswerSettled === true') as boolean
  }
}
