// `shoal up` / `shoal down`: a swarm of background peer processes on this
// machine under `<home>/local/peer-<i>`. Each peer keeps a fixed port in its
// peer.json, so `up` again restarts the same peers, with their data, where the
// others expect them.
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { access, mkdir, readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadPeerConfig, readPeerFile, writePeerFile } from '../peer/config.js'
import { councilSize } from '../peer/council-plan.js'
import { loadOrCreateIdentity } from '../peer/identity.js'
import { generateSwarmKey, writeSwarmKey } from '../peer/swarm-key.js'
import { groupIn } from '../../protocols/status/wire.js'
import { readConsoleFile, removeConsoleFile } from './console-file.js'
import { SwarmUnavailableError, UserError } from './errors.js'
import type { Swarm, SwarmStatus } from './swarm.js'
import { readSwarmFile, writeSwarmFile, type SwarmFilePeer } from './swarm-file.js'

const SHOAL_BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url))
const READY_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 8_000

export interface UpOptions {
  home: string
  peers: number
  /** The worker roles each started peer serves (`peer start --roles`); default all. */
  roles?: string
  signal?: AbortSignal
}

/**
 * A port to listen on later, drawn at random below the kernel's ephemeral
 * range: a port the kernel handed out for `listen(0)` and this then closed
 * may go to any outgoing connection, or to the next `listen(0)` anywhere on
 * the machine (two swarms started at once took the same one).
 */
export async function freePort (): Promise<number> {
  const [ephemeralStart] = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').then(text => text.trim().split(/\s+/).map(Number), () => [32768])
  const low = 10_000
  const high = Math.max(low + 1000, (ephemeralStart > low ? ephemeralStart : 32768) - 1)
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low))
    if (await canListen(port)) return port
  }
  throw new SwarmUnavailableError(`no free port found between ${low} and ${high}`)
}

async function canListen (port: number): Promise<boolean> {
  return await new Promise(resolve => {
    const server = createServer()
    server.once('error', () => { resolve(false) })
    server.listen(port, '127.0.0.1', () => { server.close(() => { resolve(true) }) })
  })
}

async function exists (path: string): Promise<boolean> {
  return access(path).then(() => true, () => false)
}

/** A pid that is alive and still one of our peers for that home (pids are reused). */
export async function isPeerProcess (pid: number, peerHome: string): Promise<boolean> {
  if (pid <= 0) return false
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0')
    return cmdline.includes('start') && cmdline.includes(peerHome)
  } catch {
    return false
  }
}

/** Makes (or reloads) peer-<i>'s home: identity, fixed port, bootstrap list; peer 0 serves the console on a fixed loopback port too. */
async function preparePeer (home: string, index: number): Promise<{ home: string, id: string, addr: string }> {
  const peerHome = join(home, 'local', `peer-${index}`)
  await mkdir(peerHome, { recursive: true, mode: 0o700 })
  const id = peerIdFromPrivateKey(await loadOrCreateIdentity(join(peerHome, 'peer.key'))).toString()
  if (!await exists(join(peerHome, 'peer.json'))) {
    await writePeerFile(peerHome, { listen: [`/ip4/127.0.0.1/tcp/${await freePort()}`], swarmKeyPath: join(home, 'swarm.key') })
  }
  const saved = await readPeerFile(peerHome)
  if (index === 0 && saved.http === undefined) await writePeerFile(peerHome, { ...saved, http: `127.0.0.1:${await freePort()}` })
  const config = await loadPeerConfig(peerHome)
  return { home: peerHome, id, addr: `${config.listen[0]}/p2p/${id}` }
}

export function spawnPeer (peerHome: string, extraArgs: string[] = []): number {
  const logFd = openSync(join(peerHome, 'peer.log'), 'a')
  // A local peer's swarm is the one `up` gives it, never the user's $SHOAL_SWARM.
  const { SHOAL_SWARM: _, ...env } = process.env
  const child = spawn(process.execPath, [SHOAL_BIN, 'peer', 'start', '--home', peerHome, ...extraArgs], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env
  })
  closeSync(logFd)
  child.unref()
  if (child.pid == null) throw new SwarmUnavailableError(`could not start a peer in ${peerHome}`)
  return child.pid
}

const sameMembers = (a: string[], b: string[]): boolean => a.length === b.length && a.every(id => b.includes(id))

/** Ready means: every peer answers for itself, sees all the others alive, and the council is complete in both groups, with its leaders, in every peer's view. */
async function waitForSwarm (swarm: Swarm, expected: string[], signal: AbortSignal): Promise<SwarmStatus> {
  const council = councilSize(expected.length)
  const { mergeViews } = await import('./swarm.js')
  let last: unknown
  while (!signal.aborted) {
    try {
      const views = await swarm.views()
      const status = mergeViews(views)
      const answered = new Set(views.map(v => v.self))
      const alive = new Set(status.peers.filter(p => p.state === 'alive').map(p => p.id))
      // The council as each of its members' own logs has it, not only its leader's: a change only the leader has
      // appended dies with it. (A peer outside the council holds no say, or an old one of a group it left.)
      const everywhere = views.filter(view => status.council.includes(view.self))
        .every(view => ['master', 'shardmaster'].every(group => sameMembers(groupIn(view, group)?.voters ?? [], status.council)))
      if (status.master != null && status.shardmaster != null && expected.every(id => alive.has(id) && answered.has(id)) &&
        status.council.length === council && sameMembers(status.council, status.shardmasterCouncil) && everywhere) return status
      last = `master ${status.master?.id ?? 'not elected'}, shardmaster ${status.shardmaster?.id ?? 'not elected'}, ${answered.size}/${expected.length} peers answering, council ${status.council.length}/${council}`
    } catch (err) {
      last = err
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new SwarmUnavailableError(`the local swarm did not come up in ${READY_TIMEOUT_MS / 1000} s (${last instanceof Error ? last.message : String(last)}); see the peer.log files under the home`)
}

/** Starts (or restarts) a local swarm of `peers` processes and waits until its council is complete and has elected its coordinators. */
/** The URL peer 0's console reports once it listens. */
async function waitForConsole (peerHome: string, signal: AbortSignal): Promise<string> {
  while (!signal.aborted) {
    const file = await readConsoleFile(peerHome)
    if (file !== undefined) return file.url
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new SwarmUnavailableError(`the console of ${peerHome} did not start in ${READY_TIMEOUT_MS / 1000} s; see its peer.log`)
}

export async function up (options: UpOptions): Promise<{ file: { swarmKey: string, peers: SwarmFilePeer[] }, status: SwarmStatus, console: string }> {
  const { home } = options
  if (!Number.isInteger(options.peers) || options.peers < 1 || options.peers > 64) throw new UserError('--peers must be between 1 and 64')
  await mkdir(home, { recursive: true, mode: 0o700 })
  const swarmKey = join(home, 'swarm.key')
  if (!await exists(swarmKey)) await writeSwarmKey(swarmKey, generateSwarmKey())
  const previous = await readSwarmFile(home)
  const prepared = []
  for (let i = 0; i < Math.max(options.peers, previous?.peers.length ?? 0); i++) prepared.push(await preparePeer(home, i))
  const peers: SwarmFilePeer[] = []
  for (const [i, peer] of prepared.entries()) {
    const running = previous?.peers.find(p => p.id === peer.id)
    let pid = running?.pid ?? 0
    if (!await isPeerProcess(pid, peer.home)) {
      // Peer 0 founds the swarm on the first `up`; afterwards it rejoins like
      // the others, so a peer 0 that lost its data cannot found a second council.
      const bootstrap = i === 0 && previous == null ? [] : prepared.filter(p => p !== peer).flatMap(p => ['--swarm', p.addr])
      await removeConsoleFile(peer.home)
      pid = spawnPeer(peer.home, [...bootstrap, ...(options.roles != null ? ['--roles', options.roles] : [])])
    }
    peers.push({ id: peer.id, pid, addrs: [peer.addr], home: peer.home })
  }
  const file = { swarmKey, peers }
  await writeSwarmFile(home, file)
  // libp2p is loaded only here: `shoal down` never needs it.
  const { Swarm } = await import('./swarm.js')
  const swarm = await Swarm.connect({ home, swarm: peers.flatMap(p => p.addrs), swarmKeyPath: swarmKey })
  try {
    const signal = AbortSignal.any([AbortSignal.timeout(READY_TIMEOUT_MS), ...(options.signal != null ? [options.signal] : [])])
    const status = await waitForSwarm(swarm, peers.map(p => p.id), signal)
    return { file, status, console: await waitForConsole(peers[0].home, signal) }
  } finally {
    await swarm.close()
  }
}

async function waitForExit (pid: number, home: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (!await isPeerProcess(pid, home)) return true
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  return false
}

/** Stops every local peer: SIGTERM, then SIGKILL for any that has not exited in time. */
export async function down (home: string): Promise<{ stopped: string[] }> {
  const file = await readSwarmFile(home)
  if (file == null) throw new UserError(`no local swarm under ${home}`)
  const stopped: string[] = []
  await Promise.all(file.peers.map(async peer => {
    if (!await isPeerProcess(peer.pid, peer.home)) return
    // The peer may exit on its own between the check and the signal.
    const signal = (name: NodeJS.Signals): void => { try { process.kill(peer.pid, name) } catch {} }
    signal('SIGTERM')
    if (!await waitForExit(peer.pid, peer.home, STOP_TIMEOUT_MS)) signal('SIGKILL')
    stopped.push(peer.id)
  }))
  return { stopped }
}
