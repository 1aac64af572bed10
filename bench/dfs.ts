// DFS benchmark on a local swarm of 3 peer processes: put and get of a 256 MiB
// file with replication 2 (median of 5), next to the raw ceiling of one libp2p
// stream between two of the same peers measured in the same run; the time to
// the first byte of a get from a fresh client; and the peak RSS of the client
// (the real CLI, as a child process) and of every peer while a 1 GiB file is
// put and read back. The same put and get also run as a user runs them: the
// `shoal` CLI as a new process, to and from a file, timed from its start to
// its exit; beside them, the start-up of `shoal --version` and `shoal dfs ls`.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LocalFile } from '../src/client/chunker.js'
import { DfsClient } from '../src/client/dfs.js'
import { Swarm } from '../src/client/swarm.js'
import { medians, timed } from './cli.js'
import { measureCeiling } from './dfs-ceiling.js'
import { randomFile } from '../test/helpers/dfs.js'
import { withLocalSwarm } from './local-swarm.js'

const MIB = 1024 * 1024
const ROUNDS = 5
const FILE_BYTES = 256 * MIB
const RSS_FILE_BYTES = 1024 * MIB
const CLOCK_TICKS_PER_SECOND = 100
const SHOAL_BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const round1 = (n: number): number => Math.round(n * 10) / 10

/** The median over rounds of each round's rate divided by that round's baseline (its ceiling, or the in-process rate). */
function medianRatio (rates: number[], baselines: number[]): number {
  return Math.round(median(rates.map((rate, i) => rate / baselines[i])) * 100) / 100
}

interface Memory { rss: number, anon: number }

/** Resident memory of a process now, in MiB: all of it, and the anonymous part (heap and buffers, not file pages such as LMDB's map). */
async function memory (pid: number): Promise<Memory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const mib = (field: string): number => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024)
  return { rss: mib('VmRSS'), anon: mib('RssAnon') }
}

/** Samples the peak memory of some processes while `work` runs. */
async function peakMemory (pids: number[], work: () => Promise<void>): Promise<Memory[]> {
  const peaks = pids.map(() => ({ rss: 0, anon: 0 }))
  const sample = async (): Promise<void> => {
    const now = await Promise.all(pids.map(memory))
    now.forEach((m, i) => { peaks[i] = { rss: Math.max(peaks[i].rss, m.rss), anon: Math.max(peaks[i].anon, m.anon) } })
  }
  const sampler = setInterval(() => { void sample() }, 50)
  try {
    await work()
  } finally {
    clearInterval(sampler)
  }
  return peaks
}

/** Runs the CLI to completion while sampling its memory and the peers'; resolves with the peaks, the client's first. */
async function cliMemory (home: string, args: string[], peerPids: number[]): Promise<Memory[]> {
  const child = spawn(process.execPath, [SHOAL_BIN, ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SHOAL_HOME: home } })
  return await peakMemory([child.pid as number, ...peerPids], async () => {
    const code = await new Promise<number | null>(resolve => child.on('exit', resolve))
    if (code !== 0) throw new Error(`shoal ${args.join(' ')} exited ${code}`)
  })
}

/** CPU time (user and system) this process and `pids` have used so far, in seconds. */
async function cpuSeconds (pids: number[]): Promise<number> {
  const ticks = await Promise.all(pids.map(async pid => {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    // After the command's closing parenthesis come fields 3 on; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  }))
  const self = process.cpuUsage()
  return ticks.reduce((sum, n) => sum + n, 0) / CLOCK_TICKS_PER_SECOND + (self.user + self.system) / 1e6
}

/** Runs `work`; resolves with its result and the CPU seconds this process and `pids` spent meanwhile. */
async function metered<T> (pids: number[], work: () => Promise<T>): Promise<[T, number]> {
  const before = await cpuSeconds(pids)
  const result = await work()
  return [result, await cpuSeconds(pids) - before]
}

async function timedPut (dfs: DfsClient, path: string, source: string, replicas: number): Promise<number> {
  const started = performance.now()
  await dfs.put(path, new LocalFile(source), { replicas, force: true })
  return FILE_BYTES / MIB / ((performance.now() - started) / 1000)
}

async function timedGet (dfs: DfsClient, path: string): Promise<number> {
  const started = performance.now()
  let bytes = 0
  for await (const piece of dfs.read(path)) bytes += piece.length
  const seconds = (performance.now() - started) / 1000
  if (bytes !== FILE_BYTES) throw new Error(`get of ${path} returned ${bytes} of ${FILE_BYTES} bytes`)
  return FILE_BYTES / MIB / seconds
}

async function fileSha256 (path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer)
  return hash.digest('hex')
}

/** `shoal <args>` run to its exit as a new process; resolves with the file's MiB/s over the whole run. */
async function cliRate (home: string, args: string[]): Promise<number> {
  const { wall } = await timed(process.execPath, [SHOAL_BIN, ...args], home)
  return FILE_BYTES / MIB / (wall / 1000)
}

/** Reads the file again, outside the timing, and compares it with what was put (the client has verified every chunk already; this checks their order). */
async function checkContent (dfs: DfsClient, path: string, expected: string): Promise<void> {
  const hash = createHash('sha256')
  for await (const piece of dfs.read(path)) hash.update(piece)
  if (hash.digest('hex') !== expected) throw new Error(`get of ${path} returned different bytes`)
}

/** From asking for a file to holding its first bytes. */
async function firstByteMs (dfs: DfsClient, path: string): Promise<number> {
  const reader = dfs.read(path)
  const started = performance.now()
  await reader.next()
  const ms = performance.now() - started
  await reader.return(undefined)
  return ms
}

/** The same on a client that has only just connected: it still has to find the master and dial the peers. */
async function coldFirstByteMs (home: string, path: string): Promise<number> {
  const swarm = await Swarm.connect({ home })
  try {
    return await firstByteMs(new DfsClient(swarm), path)
  } finally {
    await swarm.close()
  }
}

/** The whole benchmark on the local swarm under `home`, whose peers are `peerPids`. */
export async function measureDfs (home: string, peerPids: number[]): Promise<Record<string, unknown>> {
  const source = join(home, 'source.bin')
  const expected = await randomFile(source, FILE_BYTES)
  const swarm = await Swarm.connect({ home })
  const puts: number[] = []
  const putsOneReplica: number[] = []
  const gets: number[] = []
  const putsCli: number[] = []
  const getsCli: number[] = []
  const ceilings: number[] = []
  const firstBytes: number[] = []
  const coldFirstBytes: number[] = []
  const cpu: Record<'ceiling' | 'put' | 'get', number[]> = { ceiling: [], put: [], get: [] }
  const record = ([rate, seconds]: [number, number], rates: number[], cpuSeconds: number[]): void => {
    rates.push(rate)
    cpuSeconds.push(seconds)
  }
  try {
    const dfs = new DfsClient(swarm)
    for (let round = 0; round < ROUNDS; round++) {
      record(await metered(peerPids, async () => (await measureCeiling(home, FILE_BYTES)).mib_per_s), ceilings, cpu.ceiling)
      // A fresh path each round: a put of chunks already stored would measure dedup, not transfer.
      const path = `/bench/file-${round}`
      record(await metered(peerPids, async () => await timedPut(dfs, path, source, 2)), puts, cpu.put)
      record(await metered(peerPids, async () => await timedGet(dfs, path)), gets, cpu.get)
      await checkContent(dfs, path, expected)
      firstBytes.push(await firstByteMs(dfs, path))
      coldFirstBytes.push(await coldFirstByteMs(home, path))
      await dfs.remove(path)
      // One replica: one hop, as the ceiling, with the DFS's own work (hashing, storing, placement) on top.
      putsOneReplica.push(await timedPut(dfs, `${path}-r1`, source, 1))
      await dfs.remove(`${path}-r1`)
      // As a user runs them: the CLI as a new process, from and to a file.
      putsCli.push(await cliRate(home, ['dfs', 'put', source, `${path}-cli`, '--replicas', '2']))
      const copy = join(home, 'copy.bin')
      getsCli.push(await cliRate(home, ['dfs', 'get', `${path}-cli`, copy]))
      if (await fileSha256(copy) !== expected) throw new Error(`shoal dfs get of ${path}-cli wrote different bytes`)
      await rm(copy)
      await dfs.remove(`${path}-cli`)
      process.stderr.write(`dfs round ${round + 1}: ceiling ${round1(ceilings[round])}, put ${round1(puts[round])} (1 replica ${round1(putsOneReplica[round])}; CLI ${round1(putsCli[round])}), get ${round1(gets[round])} (CLI ${round1(getsCli[round])}) MiB/s, first byte ${round1(firstBytes[round])} ms (new client ${round1(coldFirstBytes[round])} ms); CPU s ceiling ${round1(cpu.ceiling[round])}, put ${round1(cpu.put[round])}, get ${round1(cpu.get[round])}\n`)
    }
  } finally {
    await swarm.close()
  }
  await rm(source)
  const startup = {
    ...await medians('version', async () => await timed(process.execPath, [SHOAL_BIN, '--version'], home)),
    ...await medians('dfs_ls', async () => await timed(process.execPath, [SHOAL_BIN, 'dfs', 'ls', '/'], home))
  }
  const bigSource = join(home, 'big.bin')
  await randomFile(bigSource, RSS_FILE_BYTES)
  const [clientPut, ...peersPut] = await cliMemory(home, ['dfs', 'put', bigSource, '/bench/big', '--replicas', '2'], peerPids)
  const [clientGet, ...peersGet] = await cliMemory(home, ['dfs', 'get', '/bench/big', join(home, 'big.out')], peerPids)
  const ceiling = median(ceilings)
  const put = median(puts)
  const get = median(gets)
  return {
    bench: 'dfs',
    file_mib: FILE_BYTES / MIB,
    replicas: 2,
    put_mib_per_s: round1(put),
    get_mib_per_s: round1(get),
    baseline_raw_stream_mib_per_s: round1(ceiling),
    // Each round's figure against the same round's ceiling (this machine's speed drifts from minute to minute), median of the rounds.
    put_of_ceiling: medianRatio(puts, ceilings),
    get_of_ceiling: medianRatio(gets, ceilings),
    put_1_replica_mib_per_s: round1(median(putsOneReplica)),
    put_1_replica_of_ceiling: medianRatio(putsOneReplica, ceilings),
    // The CLI as a new process, from its start to its exit: start-up, connecting and the file's own reads or writes included.
    put_cli_mib_per_s: round1(median(putsCli)),
    get_cli_mib_per_s: round1(median(getsCli)),
    put_cli_of_in_process: medianRatio(putsCli, puts),
    get_cli_of_in_process: medianRatio(getsCli, gets),
    // Pinned Node, median of 9 runs each, wall and CPU ms (`npm run bench -- cli` has more).
    cli_startup_ms: startup,
    // CPU seconds of every process involved (peers and this client), on a machine of os.availableParallelism() cores.
    cpu_seconds: { ceiling: round1(median(cpu.ceiling)), put: round1(median(cpu.put)), get: round1(median(cpu.get)), cores: availableParallelism() },
    first_byte_ms: round1(median(firstBytes)),
    first_byte_new_client_ms: round1(median(coldFirstBytes)),
    rounds: { put: puts.map(round1), put_1_replica: putsOneReplica.map(round1), put_cli: putsCli.map(round1), get: gets.map(round1), get_cli: getsCli.map(round1), ceiling: ceilings.map(round1), first_byte_ms: firstBytes.map(round1), first_byte_new_client_ms: coldFirstBytes.map(round1) },
    // rss counts the pages of LMDB's file a peer has mapped (page cache, shared and reclaimable); anon is what the process itself holds.
    memory_1gib_mib: { client_put: clientPut, client_get: clientGet, peers_put: peersPut, peers_get: peersGet },
    goal: { put_of_ceiling: 0.5, get_of_ceiling: 0.7, get_cli_of_in_process: 0.85, first_byte_ms: 100, rss_mib: 256 }
  }
}

export async function run (): Promise<unknown> {
  return await withLocalSwarm('dfs', 3, async (home, peers) => await measureDfs(home, peers.map(peer => peer.pid)))
}
