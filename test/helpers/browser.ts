// A real headless Chromium for the console's tests (puppeteer-core with
// @sparticuz/chromium, both from npm). The test runner unpacks the browser
// once before any browser test starts (two unpacking at once fail with
// ETXTBSY); a test file that cannot start it skips, and says why.
import chromium from '@sparticuz/chromium'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'

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
