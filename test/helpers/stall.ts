// A stalled chunk server: a peer stopped with SIGSTOP keeps its process and
// its connections open, and answers nothing. The stall test and the stall
// bench both run a put and a get without one and then with one.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { DfsClient, type FileStat } from '../../src/client/dfs.js'
import type { Swarm } from '../../src/client/swarm.js'
import type { SwarmFilePeer } from '../../src/client/swarm-file.js'
import { collect, sha256, slices } from './dfs.js'

/**
 * Runs `work` while the process `pid` is stopped; it is continued whatever
 * happens, even to this process: a guard continues it if this one dies first
 * (a stopped peer cannot notice that its test is gone).
 */
export async function whileStopped<T> (pid: number, work: () => Promise<T>): Promise<T> {
  const guard = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 0.5; done; kill -CONT ${pid}`], { detached: true, stdio: 'ignore' })
  guard.unref()
  process.kill(pid, 'SIGSTOP')
  try {
    return await work()
  } finally {
    process.kill(pid, 'SIGCONT')
    guard.kill()
  }
}

/** Milliseconds of each operation, without and with a stalled chunk server. */
export interface StallTimes {
  put: { normal: number, stalled: number }
  get: { normal: number, stalled: number }
}

async function timed<T> (work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const result = await work()
  return [result, performance.now() - started]
}

/** The chunk server a reader of `file` asks first for the most chunks, among `candidates`. */
function firstAskedMost (file: FileStat, candidates: string[]): string {
  const firsts = (id: string): number => file.chunks.filter(c => c.replicas[0]?.id === id).length
  return [...candidates].sort((a, b) => firsts(b) - firsts(a))[0]
}

/**
 * A put and a get of `bytes` random bytes under `dir` (replication 2), each
 * timed on the healthy swarm and then with one chunk server stopped, never
 * the master: for the get, the one its reader asks first for the most
 * chunks; for the put, another. Throws if any read returns other bytes.
 */
export async function stalledTransfers (client: Swarm, peers: SwarmFilePeer[], bytes: number, dir: string): Promise<StallTimes> {
  const dfs = new DfsClient(client)
  const status = await client.status()
  const servers = peers.filter(p => p.id !== status.master?.id)
  const data = randomBytes(bytes)
  const want = sha256(data)
  const check = (got: Buffer, what: string): void => {
    if (got.length !== data.length || sha256(got) !== want) throw new Error(`${what} returned other bytes (${got.length} of ${data.length})`)
  }

  const [file, putNormal] = await timed(async () => await dfs.put(`${dir}/normal`, slices(data), { replicas: 2 }))
  const [got, getNormal] = await timed(async () => await collect(dfs.read(`${dir}/normal`)))
  check(got, 'the get')

  const getVictim = servers.find(p => p.id === firstAskedMost(file, servers.map(s => s.id))) as SwarmFilePeer
  const [stalledGot, getStalled] = await whileStopped(getVictim.pid, async () => await timed(async () => await collect(dfs.read(`${dir}/normal`))))
  check(stalledGot, 'the get with a stalled holder')

  const putVictim = servers.find(p => p !== getVictim) as SwarmFilePeer
  const [, putStalled] = await whileStopped(putVictim.pid, async () => await timed(async () => await dfs.put(`${dir}/stalled`, slices(data), { replicas: 2 })))
  check(await collect(dfs.read(`${dir}/stalled`)), 'the put with a stalled server')

  return { put: { normal: putNormal, stalled: putStalled }, get: { normal: getNormal, stalled: getStalled } }
}
