// MapReduce benchmark: word count (examples/wordcount.mjs, 3 reducers) over
// 128 MiB of real text (the changelogs and documents under /usr/share/doc,
// concatenated) on a local swarm of 3 peer processes, run as a user runs it
// (`shoal mr run` as a new process, timed from its start to its exit); beside
// it, in the same run, a plain single-process Node word count of the same file
// (bench/wordcount-single.ts). Each as wall time, and the CPU seconds of every
// process: the CLI, each peer, and the sandboxes each peer ran.
import { createWriteStream } from 'node:fs'
import { readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { createGunzip } from 'node:zlib'
import { LocalFile } from '../src/client/chunker.js'
import { DfsClient } from '../src/client/dfs.js'
import { Swarm } from '../src/client/swarm.js'
import { timed } from './cli.js'
import { withLocalSwarm } from './local-swarm.js'

const MIB = 1024 * 1024
const CORPUS_BYTES = 128 * MIB
const REDUCERS = 3
const CLOCK_TICKS_PER_SECOND = 100
const SHOAL_BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const WORDCOUNT = fileURLToPath(new URL('../../examples/wordcount.mjs', import.meta.url))
const SINGLE = fileURLToPath(new URL('./wordcount-single.js', import.meta.url))
const DOCS = '/usr/share/doc'

/** Every file under `dir`, in path order. */
async function filesUnder (dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter(e => e.isFile()).map(e => join(e.parentPath, e.name)).sort()
}

/** Writes CORPUS_BYTES of text from /usr/share/doc (gzip files unpacked), going round again if it holds less. */
async function buildCorpus (path: string): Promise<void> {
  const out = createWriteStream(path)
  let written = 0
  const files = await filesUnder(DOCS)
  while (written < CORPUS_BYTES) {
    for (const file of files) {
      if (written >= CORPUS_BYTES) break
      const raw = await readFile(file).catch(() => undefined)
      if (raw === undefined) continue
      const text = file.endsWith('.gz') ? await gunzip(raw) : raw
      // Text only: a file with NUL bytes is binary.
      if (text.includes(0)) continue
      const piece = text.subarray(0, CORPUS_BYTES - written)
      if (!out.write(piece)) await new Promise(resolve => out.once('drain', resolve))
      written += piece.length
    }
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => err == null ? resolve() : reject(err)))
}

async function gunzip (bytes: Buffer): Promise<Buffer> {
  const parts: Buffer[] = []
  await pipeline(async function * () { yield bytes }, createGunzip(), async function * (source) { for await (const part of source) parts.push(part as Buffer) }).catch(() => {})
  return Buffer.concat(parts)
}

/** A process's own CPU seconds, and its ended children's (a peer's sandboxes, once it has reaped them). */
async function cpuOf (pid: number): Promise<{ own: number, children: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return { own: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND, children: (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND }
}

/** Processes whose parent is one of `pids` (a peer's sandboxes). */
async function childrenOf (pids: number[]): Promise<number[]> {
  const found: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    if (pids.includes(ppid)) found.push(Number(entry))
  }
  return found
}

async function waitForNoChildren (pids: number[], ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while ((await childrenOf(pids)).length > 0 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 100))
}

const QUIET_SHARE = 0.05
const QUIET_WAIT_MS = 30_000

/** Waits (at most QUIET_WAIT_MS) until each of `pids` used under QUIET_SHARE of a core over a second. */
async function waitForQuiet (pids: number[]): Promise<void> {
  const deadline = Date.now() + QUIET_WAIT_MS
  while (Date.now() < deadline) {
    const before = await Promise.all(pids.map(cpuOf))
    await new Promise(resolve => setTimeout(resolve, 1_000))
    const after = await Promise.all(pids.map(cpuOf))
    if (after.every((a, k) => a.own - before[k].own < QUIET_SHARE)) return
  }
}

async function single (corpus: string): Promise<{ wall: number, cpu: number, words: number }> {
  const run = await timed(process.execPath, [SINGLE, corpus], tmpdir())
  return { ...run, words: (JSON.parse(run.stdout) as { words: number }).words }
}

export async function run (): Promise<Record<string, unknown>> {
  const corpus = join(tmpdir(), `shoal-bench-mr-corpus-${process.pid}.txt`)
  try {
    await buildCorpus(corpus)
    const bytes = (await stat(corpus)).size
    // The baseline once to warm the page cache, then measured.
    await single(corpus)
    const baseline = await single(corpus)
    return await withLocalSwarm('mr', 3, async (home, peers) => {
      const client = await Swarm.connect({ home })
      try {
        await new DfsClient(client).put('/corpus.txt', new LocalFile(corpus))
      } finally {
        await client.close()
      }
      const pids = peers.map(p => p.pid)
      // What the put leaves the peers doing (replication, DHT announcements) is the put's, not the job's.
      await waitForQuiet(pids)
      const before = await Promise.all(pids.map(cpuOf))
      const swarm = await timed(process.execPath, [SHOAL_BIN, 'mr', 'run', '--code', WORDCOUNT, '--input', '/corpus.txt', '--output', '/wc', '--reducers', String(REDUCERS), '--json'], home)
      await waitForNoChildren(pids, 15_000)
      const after = await Promise.all(pids.map(cpuOf))
      const job = JSON.parse(swarm.stdout) as { counters: Record<string, number>, maps: { total: number }, submitted: number, finished: number }
      return {
        bench: 'mr',
        corpus_mib: Math.round(bytes / MIB),
        peers: 3,
        reducers: REDUCERS,
        map_tasks: job.maps.total,
        swarm_s: round2(swarm.wall / 1000),
        job_s: round2((job.finished - job.submitted) / 1000),
        single_process_s: round2(baseline.wall / 1000),
        ratio: round2(swarm.wall / baseline.wall),
        goal_ratio: 1.0,
        cli_cpu_s: round2(swarm.cpu / 1000),
        peer_cpu_s: pids.map((_, k) => round2(after[k].own - before[k].own)),
        sandbox_cpu_s: pids.map((_, k) => round2(after[k].children - before[k].children)),
        single_process_cpu_s: round2(baseline.cpu / 1000),
        words_swarm: job.counters['map output records'],
        words_single: baseline.words
      }
    })
  } finally {
    await rm(corpus, { force: true })
  }
}

const round2 = (n: number): number => Math.round(n * 100) / 100
