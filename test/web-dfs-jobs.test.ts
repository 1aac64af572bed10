// The console's DFS and Jobs views in a real browser against a real 3-peer
// swarm: a file uploaded through the page is listed, its chunks shown, and it
// downloads byte for byte; a word count run through the client shows up
// finished with its task counts, and its output opens from the page; a
// failed job shows why; a running job is cancelled from the page; a forged
// POST (from another origin, or without the CSRF token) uploads nothing and
// cancels nothing; directories are made and entries deleted from the page.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'puppeteer-core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DfsClient } from '../src/client/dfs.js'
import { MrClient } from '../src/client/mr.js'
import { CodedError } from '../src/peer/errors.js'
import { ROOT } from './helpers/cli.js'
import { browserTests, texts, waitForText } from './helpers/browser.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

const MiB = 1024 * 1024
const short = (id: string): string => id.slice(-8)
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

const { launched, browserTest } = await browserTests()

let swarm: TestSwarm
let dfs: DfsClient
let mr: MrClient
let scratch: string
let page: Page
/** Uncaught exceptions and CSP violations in the page: there must be none. */
const pageProblems: string[] = []

test.before(async () => {
  if ('skip' in launched) return
  swarm = await TestSwarm.up(3, {}, { consoles: true })
  await swarm.waitForLeaders('a master and 3 workers', s => s.master != null && s.peers.filter(p => p.state === 'alive' && p.roles.includes('worker')).length === 3, 30_000)
  const client = await swarm.connect()
  dfs = new DfsClient(client)
  mr = new MrClient(client, dfs)
  scratch = await mkdtemp(join(tmpdir(), 'shoal-web-dfs-'))
  page = await launched.browser.newPage()
  page.on('pageerror', err => { pageProblems.push(String(err)) })
  page.on('console', message => { if (message.text().includes('Content Security Policy')) pageProblems.push(message.text()) })
})

test.after(async () => {
  await page?.close()
  if ('browser' in launched) await launched.browser.close()
  await swarm?.[Symbol.asyncDispose]()
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true })
})

/** Opens the console of peer `index` at `hash`. */
async function open (index: number, hash: string): Promise<void> {
  await page.goto(`${await swarm.consoleUrl(index)}${hash}`)
}

/** Fetches `href` from inside the page (through the console, as the page's link would) and hashes what came. */
async function downloadInPage (href: string): Promise<{ status: number, disposition: string | null, size: number, sha256: string, text: string }> {
  return await page.evaluate(async (url: string) => {
    const response = await fetch(url)
    const bytes = await response.arrayBuffer()
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
    return {
      status: response.status,
      disposition: response.headers.get('content-disposition'),
      size: bytes.byteLength,
      sha256: Array.from(digest, b => b.toString(16).padStart(2, '0')).join(''),
      text: bytes.byteLength < 4096 ? new TextDecoder().decode(bytes) : ''
    }
  }, href)
}

/** Every text #upload-status shows from now on (its progress lines come and go faster than a poll). */
async function recordUploadStatus (): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const doc = (globalThis as any).document
    const status = doc.querySelector('#upload-status')
    const seen: string[] = []
    ;(globalThis as any).uploadStatus = seen
    new (globalThis as any).MutationObserver(() => { seen.push(status.textContent) }).observe(status, { childList: true, subtree: true, characterData: true })
  })
  return async () => await page.evaluate(() => (globalThis as any).uploadStatus as string[])
}

async function readAll (path: string): Promise<Buffer> {
  const pieces: Uint8Array[] = []
  for await (const piece of dfs.read(path)) pieces.push(piece)
  return Buffer.concat(pieces)
}

async function missing (path: string): Promise<boolean> {
  return await dfs.stat(path).then(() => false, (err: unknown) => err instanceof CodedError && err.code === 'NOT_FOUND')
}

browserTest('a file uploaded through the DFS view is listed with its chunks and replicas, and downloads byte for byte', async () => {
  await dfs.mkdir('/uploads', { parents: true })
  const bytes = randomBytes(5 * MiB + 777)
  const local = join(scratch, 'random data.bin')
  await writeFile(local, bytes)

  await open(1, '#dfs')
  await waitForText(page, '#listing', text => text.includes('uploads/'))
  await page.click('#listing a[href="#dfs/uploads"]')
  await waitForText(page, '#dfs-path', text => text.includes('uploads'))
  await waitForText(page, '#listing', text => text.includes('empty'))

  const upload = await page.waitForSelector('#upload-file')
  await upload!.uploadFile(local)
  assert.is(await page.$eval('#upload-name', n => (n as unknown as { value: string }).value), 'random data.bin', 'the name defaults to the local file\'s')
  const statusTexts = await recordUploadStatus()
  await page.click('#upload-button')
  const stored = await waitForText(page, '#upload-status', text => text.startsWith('Stored') || text.includes('failed'), 30_000)
  assert.is(stored, 'Stored /uploads/random data.bin: 5.0 MiB in 2 chunks, 2 replicas each.')
  assert.ok((await statusTexts()).some(text => /^Uploading \/uploads\/random data\.bin: .+ of 5\.0 MiB$/.test(text)), 'progress was shown')
  await waitForText(page, '#listing', text => /random data\.bin\s+5\.0 MiB\s+2\s+4\.0 MiB/.test(text))

  assert.ok((await readAll('/uploads/random data.bin')).equals(bytes), 'the DFS holds exactly the bytes uploaded')
  const stat = await dfs.stat('/uploads/random data.bin')
  assert.is(stat.type, 'file')
  if (stat.type !== 'file') return

  await page.click('#listing a[href="#dfs/uploads/random%20data.bin"]')
  const summary = await waitForText(page, '#file-summary', text => text.includes('chunks'))
  assert.match(summary, `${5 * MiB + 777} bytes), chunk size 4.0 MiB, 2 replicas, 2 chunks`)
  const chunkRows = await texts(page, '#chunks tbody tr')
  assert.is(chunkRows.length, 2)
  stat.chunks.forEach((chunk, i) => {
    for (const replica of chunk.replicas) assert.match(chunkRows[i], `${short(replica.id)} ${replica.state}`, `chunk ${i} shows its holder ${replica.id}`)
  })

  const href = await page.$eval('#file-summary a.download', a => a.getAttribute('href'))
  assert.ok(href?.startsWith('/api/dfs/download?'), `the link goes through the console: ${href}`)
  const downloaded = await downloadInPage(href!)
  assert.is(downloaded.status, 200)
  assert.is(downloaded.size, bytes.length)
  assert.is(downloaded.sha256, sha256(bytes), 'the download is byte for byte the file')
  assert.match(downloaded.disposition ?? '', /^attachment; filename="random data\.bin"; filename\*=UTF-8''random%20data\.bin$/)

  // Back up to the directory: a name that is not a path in it is refused, and nothing is stored.
  await page.click('#dfs-up')
  await waitForText(page, '#listing', text => text.includes('random data.bin'))
  await (await page.waitForSelector('#upload-file'))!.uploadFile(local)
  await page.$eval('#upload-name', n => { (n as unknown as { value: string }).value = '..' })
  await page.click('#upload-button')
  const refused = await waitForText(page, '#upload-status', text => text.includes('failed'), 30_000)
  assert.match(refused, /The upload failed: .*\.\. segment/)
  assert.equal((await dfs.list('/uploads')).map(e => e.name), ['random data.bin'])
  assert.equal(pageProblems, [])
})

browserTest('a directory made, a file uploaded with 3 replicas, and entries deleted through the DFS view (a second click confirms)', async () => {
  await open(2, '#dfs')
  await waitForText(page, '#listing', text => text.includes('uploads/'))
  await page.type('#mkdir-name', 'made')
  await page.click('#mkdir-button')
  await waitForText(page, '#dfs-status', text => text === 'Made /made/.')
  await waitForText(page, '#listing', text => text.includes('made/'))
  assert.is((await dfs.stat('/made')).type, 'dir')

  await page.click('#listing a[href="#dfs/made"]')
  await waitForText(page, '#listing', text => text.includes('empty'))
  const local = join(scratch, 'three.txt')
  await writeFile(local, 'kept three times\n')
  await (await page.waitForSelector('#upload-file'))!.uploadFile(local)
  await page.$eval('#upload-replicas', n => { (n as unknown as { value: string }).value = '3' })
  await page.click('#upload-button')
  await waitForText(page, '#upload-status', text => text.startsWith('Stored') || text.includes('failed'), 30_000)
  const three = await dfs.stat('/made/three.txt')
  assert.is(three.type === 'file' ? three.replicas : 0, 3, 'the put asked for 3 replicas')
  await dfs.put('/made/other.txt', (async function * () { yield new TextEncoder().encode('other\n') })())

  const remove = async (path: string): Promise<void> => {
    await waitForText(page, '#listing', text => text.includes(path.slice(path.lastIndexOf('/') + 1)))
    await page.click(`button.delete[data-path="${path}"]`)
    assert.ok(!await missing(path), `${path}: one click deletes nothing`)
    await page.click(`button.delete[data-path="${path}"]`)
  }
  await remove('/made/three.txt')
  await waitForText(page, '#dfs-status', text => text === 'Deleted /made/three.txt.')
  assert.ok(await missing('/made/three.txt'))
  await page.click('#dfs-up')
  await remove('/made')
  await waitForText(page, '#dfs-status', text => text === 'Deleted /made/ and 1 file under it.')
  assert.ok(await missing('/made'))
  await waitForText(page, '#listing', text => !text.includes('made/'))
  assert.equal(pageProblems, [])
})

browserTest('a word count run through the client shows on the Jobs page finished with its task counts, and its output opens from there', async () => {
  await dfs.put('/wc/input.txt', (async function * () { yield Buffer.from('The quick fox\nthe lazy dog\nthe end\n') })())
  const code = await mr.upload(join(ROOT, 'examples', 'wordcount.mjs'))
  const job = await mr.wait((await mr.submit({ code, inputs: ['/wc/input.txt'], output: '/out/wc' })).id)
  assert.is(job.status, 'succeeded', job.error)
  const maps = `${job.maps!.total}/${job.maps!.total}`
  const reduces = `${job.reduces!.total}/${job.reduces!.total}`

  await open(2, '#jobs')
  const row = (await waitForText(page, '#job-list', text => text.includes(job.id))).split('\n').find(line => line.includes(job.id)) ?? ''
  assert.match(row, new RegExp(`${job.id}\\s+succeeded\\s+${maps}\\s+${reduces}\\s+0\\s+/out/wc`))

  await page.click(`#job-list a[href="#jobs/${job.id}"]`)
  const counters = await waitForText(page, '#job-counters', text => text.includes('map input records'))
  assert.match(counters, /map input records\s+3/)

  await page.click('#job-list a[href="#dfs/out/wc"]')
  await waitForText(page, '#listing', text => text.includes('part-r-00000'))
  await page.click('#listing a[href="#dfs/out/wc/part-r-00000"]')
  await waitForText(page, '#file-summary', text => text.includes('chunk'))
  const output = await downloadInPage((await page.$eval('#file-summary a.download', a => a.getAttribute('href')))!)
  assert.is(output.text, 'dog\t1\nend\t1\nfox\t1\nlazy\t1\nquick\t1\nthe\t3\n')
  assert.equal(pageProblems, [])
})

browserTest('a failed job shows on its page why it failed, and each failed attempt with its worker and reason', async () => {
  const failing = join(scratch, 'failing.mjs')
  await writeFile(failing, `
    export function map () { throw new Error('no map today') }
    export function reduce () {}`)
  const job = await mr.wait((await mr.submit({ code: await mr.upload(failing), inputs: ['/wc/input.txt'], output: '/out/failing', options: { maxAttempts: 2 } })).id)
  assert.is(job.status, 'failed')

  await open(1, `#jobs/${job.id}`)
  const detail = await waitForText(page, '#job-detail', text => text.includes('Failed attempts: 2'))
  assert.match(detail, `Job ${job.id} failed`)
  assert.match(detail, /failed 2 times; the last: Error: no map today/)
  const attempts = await texts(page, '#job-failures tbody tr')
  assert.is(attempts.length, 2)
  job.failures.forEach((failure, i) => {
    assert.match(attempts[i], new RegExp(`^map ${failure.task}\\s+${failure.attempt}\\s+…${short(failure.worker)}\\s+Error: no map today`))
  })
  assert.equal(pageProblems, [])
})

browserTest('a forged POST (another origin, or no CSRF token) uploads and cancels nothing; the page\'s Cancel stops a running job', async () => {
  const slow = join(scratch, 'slow.mjs')
  await writeFile(slow, `
    export function map (key, line, emit) { return new Promise(resolve => setTimeout(resolve, 120000)) }
    export function reduce (key, values, emit) {}`)
  const job = await mr.submit({ code: await mr.upload(slow), inputs: ['/wc/input.txt'], output: '/out/slow' })
  await waitFor('the slow job\'s map to run', async () => ((await mr.status(job.id)).maps?.running ?? 0) > 0, { timeoutMs: 30_000 })

  await open(0, '#jobs')
  const consoleUrl = await swarm.consoleUrl(0)
  const csrf = await page.$eval('meta[name="csrf-token"]', m => m.getAttribute('content'))
  assert.ok(csrf !== null && csrf.length > 0)
  const forgeries: Array<[string, Record<string, string>]> = [
    ['another origin, with the token', { origin: 'http://evil.example', 'x-csrf-token': csrf }],
    ['this origin, without the token', { origin: new URL(consoleUrl).origin }],
    ['no origin, from another site, with the token', { 'sec-fetch-site': 'cross-site', 'x-csrf-token': csrf }],
    ['no origin, no site, with the token', { 'x-csrf-token': csrf }]
  ]
  for (const [how, headers] of forgeries) {
    for (const target of [`/api/jobs/${job.id}/cancel`, '/api/dfs/upload?path=/uploads/forged.bin']) {
      const response = await fetch(new URL(target, consoleUrl), { method: 'POST', headers, body: 'forged' })
      assert.is(response.status, 403, `${how}: POST ${target}`)
    }
  }
  assert.is((await mr.status(job.id)).status, 'running', 'the forged cancels cancelled nothing')
  assert.ok(await missing('/uploads/forged.bin'), 'the forged uploads stored nothing')

  const row = `#job-list tr:has(a[href="#jobs/${job.id}"])`
  await waitForText(page, row, text => text.includes('running'))
  await page.click(`${row} button.cancel`)
  await waitForText(page, row, text => text.includes('cancelled'))
  assert.is((await mr.status(job.id)).status, 'cancelled')
  assert.equal(pageProblems, [])
})

test.run()
