// Runs every compiled test file in its own process (so a crashed peer or a
// leaked handle fails one file, not the suite), two at a time for 2 cores,
// and ends with the one line CI reads: `N passed, M failed`.
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const testDir = dirname(fileURLToPath(import.meta.url))
const FILE_TIMEOUT_MS = 5 * 60_000
const CONCURRENCY = Number(process.env.SHOAL_TEST_JOBS ?? 2)

interface FileResult { file: string, passed: number, failed: number, skipped: number, output: string, ms: number }

function findTests (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return findTests(path)
    return entry.name.endsWith('.test.js') ? [path] : []
  }).sort()
}

function count (output: string, label: string): number {
  const match = output.match(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'm'))
  return match == null ? 0 : Number(match[1])
}

function runFile (file: string): Promise<FileResult> {
  const started = Date.now()
  return new Promise(resolve => {
    const child = spawn(process.execPath, [file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => { output += d.toString() })
    child.stderr.on('data', (d: Buffer) => { output += d.toString() })
    const timer = setTimeout(() => {
      output += `\n[runner] ${relative(testDir, file)} exceeded ${FILE_TIMEOUT_MS} ms; killed\n`
      child.kill('SIGKILL')
    }, FILE_TIMEOUT_MS)
    child.on('close', code => {
      clearTimeout(timer)
      const total = count(output, 'Total')
      const passed = count(output, 'Passed')
      const skipped = count(output, 'Skipped')
      // uvu's total leaves skipped tests out. A file that crashed or exited
      // non-zero without reporting counts as one failure.
      let failed = total - passed
      if (code !== 0 && failed === 0) failed = 1
      resolve({ file, passed, failed, skipped, output, ms: Date.now() - started })
    })
  })
}

const filters = process.argv.slice(2)
const files = findTests(testDir).filter(f => filters.length === 0 || filters.some(p => f.includes(p)))

/** Browser tests (web-*.test.js) start only once Chromium is unpacked: two processes unpacking it at once fail with ETXTBSY. */
const isBrowserTest = (file: string): boolean => relative(testDir, file).startsWith('web-')
let browserUnpacked: Promise<void> | undefined
function unpackBrowser (): Promise<void> {
  browserUnpacked ??= import('./helpers/browser.js').then(async ({ chromiumPath }) => { await chromiumPath() }).catch((err: Error) => {
    console.log(`[runner] Chromium did not unpack (${err.message}); browser tests will say why they skip`)
  })
  return browserUnpacked
}
if (files.some(isBrowserTest)) void unpackBrowser()
const results: FileResult[] = []
let next = 0
async function worker (): Promise<void> {
  while (next < files.length) {
    const file = files[next++]
    if (isBrowserTest(file)) await unpackBrowser()
    const result = await runFile(file)
    results.push(result)
    const name = relative(testDir, file)
    const status = result.failed > 0 ? 'FAIL' : 'ok  '
    console.log(`${status} ${name} (${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped, ${(result.ms / 1000).toFixed(1)} s)`)
    // A file that skipped says why (no Chromium, no network namespaces) in its output.
    if (result.failed > 0 || result.skipped > 0 || process.env.SHOAL_TEST_VERBOSE != null) console.log(result.output.replace(/^/gm, '    '))
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker))

const passed = results.reduce((n, r) => n + r.passed, 0)
const failed = results.reduce((n, r) => n + r.failed, 0)
const skipped = results.reduce((n, r) => n + r.skipped, 0)
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exitCode = failed > 0 || files.length === 0 ? 1 : 0
