// A stock etcd cluster for the baselines (Debian's etcd-server, 3.4 in
// bookworm; default heartbeat 100 ms and election timeout 1000 ms) on
// 127.0.0.1, in a temporary directory: started, used, then every member killed
// and waited for and the directory removed, whatever happens. If etcd is missing
// and cannot be installed, the result says why.
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, constants, openSync, rmSync } from 'node:fs'
import { access, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

export const HOST = '127.0.0.1'
const POLL_MS = 15
const REQUEST_TIMEOUT_MS = 500
const START_DEADLINE_MS = 30_000
const EXIT_DEADLINE_MS = 5_000
const APT_TIMEOUT_MS = 10 * 60_000

export interface Member {
  name: string
  clientPort: number
  peerPort: number
  dataDir: string
  log: string
  id?: string
  child?: ChildProcess
}

export interface Status { memberId: string, leader: string, term: bigint }

const running = (child: ChildProcess | undefined): boolean => child?.pid != null && child.exitCode === null && child.signalCode === null

const pause = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

/** Polls `probe` every POLL_MS until it returns a value, or throws `what` after `ms`. */
export async function until<T> (what: () => string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (performance.now() > deadline) throw new Error(`etcd baseline: timed out after ${ms} ms waiting for ${what()}`)
    await pause(POLL_MS)
  }
}

interface Ran { code: number | null, output: string }

async function run (command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Ran> {
  return await new Promise(resolve => {
    let output = ''
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: APT_TIMEOUT_MS })
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.on('error', error => { resolve({ code: null, output: output + String(error) }) })
    child.on('close', code => { resolve({ code, output }) })
  })
}

async function onPath (name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(d => d !== '')) {
    const file = join(dir, name)
    if (await access(file, constants.X_OK).then(() => true, () => false)) return file
  }
  return undefined
}

const lastLines = (text: string, n = 5): string => text.trim().split('\n').slice(-n).join(' | ')

/** The etcd binary, installing Debian's packages if needed; a string is why it cannot be had. */
async function findOrInstallEtcd (): Promise<{ etcd: string } | { skipped: string }> {
  const found = await onPath('etcd')
  if (found != null) return { etcd: found }
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return { skipped: 'etcd is not on PATH and this process is not root, so `apt-get install etcd-server etcd-client` cannot run' }
  }
  if (await onPath('apt-get') == null) return { skipped: 'etcd is not on PATH and there is no apt-get to install etcd-server with' }
  // No service is started by hand here; whatever the package's postinst does
  // with its own unit does not matter, as our members use their own ports and dirs.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = async (): Promise<Ran> => await run('apt-get', ['install', '-y', '--no-install-recommends', 'etcd-server', 'etcd-client'], env)
  let installed = await install()
  if (installed.code !== 0) {
    // Most often the package lists are missing or stale; refresh them once.
    const update = await run('apt-get', ['update'], env)
    if (update.code !== 0) return { skipped: `etcd is not installed and \`apt-get update\` failed (exit ${update.code}): ${lastLines(update.output)}` }
    installed = await install()
  }
  if (installed.code !== 0) return { skipped: `\`apt-get install etcd-server etcd-client\` failed (exit ${installed.code}): ${lastLines(installed.output)}` }
  const etcd = await onPath('etcd') ?? '/usr/bin/etcd'
  if (!await access(etcd, constants.X_OK).then(() => true, () => false)) return { skipped: 'etcd-server installed but no etcd binary was found' }
  return { etcd }
}

/** `count` distinct free TCP ports on 127.0.0.1 (all held open together, then released). */
async function freePorts (count: number): Promise<number[]> {
  const servers: Server[] = []
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer()
      servers.push(server)
      await new Promise<void>((resolve, reject) => { server.once('error', reject).listen(0, HOST, resolve) })
    }
    return servers.map(s => (s.address() as { port: number }).port)
  } finally {
    await Promise.all(servers.map(async s => { await new Promise(resolve => s.close(resolve)) }))
  }
}

/** A member's own view, from the gRPC gateway; undefined if it does not answer. */
export async function status (member: Member): Promise<Status | undefined> {
  try {
    const response = await fetch(`http://${HOST}:${member.clientPort}/v3/maintenance/status`, {
      method: 'POST', body: '{}', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
    })
    if (!response.ok) return undefined
    const body = await response.json() as { header?: { member_id?: string, raft_term?: string }, leader?: string, raftTerm?: string }
    const memberId = body.header?.member_id
    if (memberId == null) return undefined
    return { memberId, leader: body.leader ?? '0', term: BigInt(body.raftTerm ?? body.header?.raft_term ?? '0') }
  } catch {
    return undefined
  }
}

async function healthy (member: Member): Promise<boolean> {
  try {
    const response = await fetch(`http://${HOST}:${member.clientPort}/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
    return response.ok && (await response.json() as { health?: string }).health === 'true'
  } catch {
    return false
  }
}

export class EtcdCluster {
  private constructor (
    private readonly etcd: string,
    // Children die with us: setpriv makes the kernel SIGKILL each one when this
    // process dies (even by SIGKILL); the exit hook and `stop` cover the rest.
    private readonly setpriv: string | undefined,
    private readonly initialCluster: string,
    private readonly token: string,
    readonly members: Member[]
  ) {}

  /** Starts `count` members and waits until they are healthy under one leader. */
  static async with<T> (count: number, work: (cluster: EtcdCluster) => Promise<T>): Promise<T | { skipped: string }> {
    const found = await findOrInstallEtcd()
    if ('skipped' in found) return found
    const ports = await freePorts(2 * count)
    const dir = await mkdtemp(join(tmpdir(), 'shoal-etcd-baseline-'))
    const members: Member[] = Array.from({ length: count }, (_, i) => ({
      name: `m${i}`,
      clientPort: ports[2 * i],
      peerPort: ports[2 * i + 1],
      dataDir: join(dir, `m${i}.etcd`),
      log: join(dir, `m${i}.log`)
    }))
    const initialCluster = members.map(m => `${m.name}=http://${HOST}:${m.peerPort}`).join(',')
    const token = `shoal-baseline-${process.pid}-${Date.now()}`
    const cluster = new EtcdCluster(found.etcd, await onPath('setpriv'), initialCluster, token, members)

    // If this process ends without reaching `finally` (process.exit, SIGINT, SIGTERM).
    const abandon = (): void => {
      cluster.killAll()
      try { rmSync(dir, { recursive: true, force: true, maxRetries: 3 }) } catch {}
    }
    const onSignal = (signal: NodeJS.Signals): void => {
      abandon()
      process.off(signal, onSignal)
      process.kill(process.pid, signal)
    }
    process.on('exit', abandon)
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    try {
      members.forEach(m => { cluster.start(m, 'new') })
      await cluster.settled()
      return await work(cluster)
    } finally {
      process.off('exit', abandon)
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      cluster.killAll()
      try {
        await Promise.all(members.map(async m => { await cluster.exited(m) }))
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    }
  }

  /** Starts `m` (again, on its data dir, with 'existing'). */
  start (m: Member, state: 'new' | 'existing'): void {
    const args = [
      '--name', m.name,
      '--data-dir', m.dataDir,
      '--listen-client-urls', `http://${HOST}:${m.clientPort}`,
      '--advertise-client-urls', `http://${HOST}:${m.clientPort}`,
      '--listen-peer-urls', `http://${HOST}:${m.peerPort}`,
      '--initial-advertise-peer-urls', `http://${HOST}:${m.peerPort}`,
      '--initial-cluster', this.initialCluster,
      '--initial-cluster-token', this.token,
      '--initial-cluster-state', state
    ]
    const fd = openSync(m.log, 'a')
    try {
      const [command, argv] = this.setpriv != null ? [this.setpriv, ['--pdeathsig', 'KILL', this.etcd, ...args]] : [this.etcd, args]
      m.child = spawn(command, argv, { stdio: ['ignore', fd, fd] })
      m.child.on('error', () => {}) // a failed spawn shows up as a member that is not running
    } finally {
      closeSync(fd)
    }
  }

  /** Resolves once `m`, SIGKILLed, has exited. */
  async exited (m: Member): Promise<void> {
    await until(() => `${m.name} to exit after SIGKILL`, EXIT_DEADLINE_MS, async () => running(m.child) ? undefined : true)
  }

  /** Throws if any of `about` has exited. */
  alive (about: Member[]): void {
    const dead = about.find(m => !running(m.child))
    if (dead != null) throw new Error(`etcd baseline: ${dead.name} exited unexpectedly (code ${dead.child?.exitCode}, signal ${dead.child?.signalCode})`)
  }

  /** `promise`, whose error, if any, gets the last lines of the logs of `about`. */
  async withLogs<T> (promise: Promise<T>, about: Member[]): Promise<T> {
    try {
      return await promise
    } catch (error) {
      const tails = await Promise.all(about.map(async m => `\n  ${m.name} log: ${lastLines(await readFile(m.log, 'utf8').catch(() => ''), 8)}`))
      throw new Error(`${(error as Error).message}${tails.join('')}`)
    }
  }

  /** Every member healthy and agreeing on one leader; returns that leader's status. */
  async settled (): Promise<Status> {
    const members = this.members
    return await this.withLogs(until(() => 'a healthy etcd cluster with one leader', START_DEADLINE_MS, async () => {
      this.alive(members)
      const all = await Promise.all(members.map(status))
      if (all.some(s => s == null || s.leader === '0' || s.leader !== all[0]!.leader)) return undefined
      all.forEach((s, i) => { members[i].id = s!.memberId })
      if (!(await Promise.all(members.map(healthy))).every(Boolean)) return undefined
      return all.find(s => s!.memberId === s!.leader)
    }), members)
  }

  private killAll (): void {
    for (const m of this.members) if (running(m.child)) m.child!.kill('SIGKILL')
  }
}
