// CLI start-up, each command run as a new process as a user runs it (median
// of ROUNDS): `shoal --version`, `shoal --help`, `shoal dfs ls`, `shoal kv put` and `kv get` on a local
// 3-peer swarm, each under the machine's own Node (the installed `shoal`,
// which hands over to the pinned Node) and under the pinned Node (`npm` scripts,
// `npx`), beside that Node's own start; `npx shoal --version`; and how long
// `shoal dfs ls` takes from its start to its first dial. Each as wall time and
// as CPU time, which the load of other processes on the machine changes less.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { machineNode } from '../test/helpers/cli.js'
import { withLocalSwarm } from './local-swarm.js'

const ROUNDS = 9
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SHOAL_BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const CLOCK_TICKS_PER_SECOND = 100

export interface Run { wall: number, cpu: number }

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.floor(sorted.length / 2)])
}

/**
 * CPU milliseconds (user and system) of this process's children that have ended, theirs included: a
 * load-independent measure beside wall time on a machine others share. It counts in ticks of 10 ms.
 */
async function childrenCpuMs (): Promise<number> {
  const stat = await readFile('/proc/self/stat', 'utf8')
  // After the command's closing parenthesis come fields 3 on; cutime and cstime are fields 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[13]) + Number(fields[14])) * 1000 / CLOCK_TICKS_PER_SECOND
}

/** Spawns `command`; resolves once `done` resolves and the child has ended, with the wall time to `done` and the child's CPU time. */
async function measured (command: string, args: string[], home: string, done: (child: ChildProcess) => Promise<void>): Promise<Run> {
  const cpuBefore = await childrenCpuMs()
  const started = performance.now()
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SHOAL_HOME: home } })
  child.stdout.resume()
  const ended = new Promise(resolve => child.on('exit', resolve))
  await done(child)
  const wall = performance.now() - started
  await ended
  return { wall, cpu: await childrenCpuMs() - cpuBefore }
}

/** From spawning `command` to its exit; it must succeed. Resolves with what it printed too. */
export async function timed (command: string, args: string[], home: string): Promise<Run & { stdout: string }> {
  let stdout = ''
  const run = await measured(command, args, home, async child => {
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => { stdout += d.toString() })
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
    const code = await new Promise<number | null>(resolve => child.on('close', resolve))
    if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`)
  })
  return { ...run, stdout }
}

/**
 * From spawning `shoal dfs ls` to its first connection, made to a listener of ours that stands in for a peer.
 * The command is stopped then with SIGTERM, which bin/run.js passes on, so its CPU time counts whole.
 */
async function firstDial (node: string, home: string, peerId: string): Promise<Run> {
  const server = createServer(socket => { socket.destroy() })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  try {
    return await measured(node, [SHOAL_BIN, 'dfs', 'ls', '--swarm', `/ip4/127.0.0.1/tcp/${port}/p2p/${peerId}`], home, async child => {
      await new Promise(resolve => server.once('connection', resolve))
      child.kill('SIGTERM')
    })
  } finally {
    server.close()
  }
}

/** Median wall and CPU milliseconds over ROUNDS runs, as `<name>_ms` and `<name>_cpu_ms`. */
export async function medians (name: string, run: () => Promise<Run>): Promise<Record<string, number>> {
  const runs: Run[] = []
  for (let i = 0; i < ROUNDS; i++) runs.push(await run())
  return { [`${name}_ms`]: median(runs.map(r => r.wall)), [`${name}_cpu_ms`]: median(runs.map(r => r.cpu)) }
}

export async function run (): Promise<Record<string, unknown>> {
  const machine = await machineNode()
  return await withLocalSwarm('cli', 3, async (home, peers) => {
    const launchers = { machine_node: machine, pinned_node: process.execPath }
    const figures: Record<string, unknown> = { bench: 'cli', rounds: ROUNDS, machine_node: machine }
    for (const [name, node] of Object.entries(launchers)) {
      Object.assign(figures,
        // The baseline: that Node starting and doing nothing.
        await medians(`bare_node_${name}`, async () => await timed(node, ['-e', '0'], home)),
        await medians(`version_${name}`, async () => await timed(node, [SHOAL_BIN, '--version'], home)),
        await medians(`help_${name}`, async () => await timed(node, [SHOAL_BIN, '--help'], home)),
        await medians(`dfs_ls_${name}`, async () => await timed(node, [SHOAL_BIN, 'dfs', 'ls'], home)),
        await medians(`kv_put_${name}`, async () => await timed(node, [SHOAL_BIN, 'kv', 'put', 'bench/cli', 'a value'], home)),
        await medians(`kv_get_${name}`, async () => await timed(node, [SHOAL_BIN, 'kv', 'get', 'bench/cli'], home)),
        await medians(`dfs_ls_first_dial_${name}`, async () => await firstDial(node, home, peers[0].id)))
    }
    Object.assign(figures, await medians('npx_version', async () => await timed('npx', ['shoal', '--version'], home)))
    return figures
  })
}
