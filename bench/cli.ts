// CLI start-up, each command run as a new process as a user runs it (median
// of ROUNDS): `shoal --version`, `shoal --help` and `shoal dfs ls` on a local
// 3-peer swarm, each under the machine's own Node (the installed `shoal`,
// which hands over to the pinned Node) and under the pinned Node (`npm` scripts,
// `npx`), beside that Node's own start; `npx shoal --version`; and how long
// `shoal dfs ls` takes from its start to its first dial.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { machineNode } from '../test/helpers/cli.js'
import { withLocalSwarm } from './local-swarm.js'

const ROUNDS = 9
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SHOAL_BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.floor(sorted.length / 2)])
}

/** Milliseconds from spawning `command` to its exit; it must succeed. */
async function timed (command: string, args: string[], home: string): Promise<number> {
  const started = performance.now()
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SHOAL_HOME: home } })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const code = await new Promise<number | null>(resolve => child.on('exit', resolve))
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`)
  return performance.now() - started
}

async function medianOf (command: string, args: string[], home: string): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < ROUNDS; i++) times.push(await timed(command, args, home))
  return median(times)
}

/** Milliseconds from spawning `shoal dfs ls` to its first connection, made to a listener of ours that stands in for a peer. */
async function firstDial (node: string, home: string, peerId: string): Promise<number> {
  const server = createServer(socket => { socket.destroy() })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  const started = performance.now()
  const child = spawn(node, [SHOAL_BIN, 'dfs', 'ls', '--swarm', `/ip4/127.0.0.1/tcp/${port}/p2p/${peerId}`], { stdio: 'ignore', env: { ...process.env, SHOAL_HOME: home } })
  try {
    await new Promise(resolve => server.once('connection', resolve))
    return performance.now() - started
  } finally {
    child.kill('SIGKILL')
    server.close()
  }
}

async function medianFirstDial (node: string, home: string, peerId: string): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < ROUNDS; i++) times.push(await firstDial(node, home, peerId))
  return median(times)
}

export async function run (): Promise<Record<string, unknown>> {
  const machine = await machineNode()
  return await withLocalSwarm('cli', 3, async (home, peers) => {
    const launchers = { machine_node: machine, pinned_node: process.execPath }
    const figures: Record<string, unknown> = { bench: 'cli', rounds: ROUNDS, machine_node: machine }
    for (const [name, node] of Object.entries(launchers)) {
      // The baseline: that Node starting and doing nothing.
      figures[`bare_node_ms_${name}`] = await medianOf(node, ['-e', '0'], home)
      figures[`version_ms_${name}`] = await medianOf(node, [SHOAL_BIN, '--version'], home)
      figures[`help_ms_${name}`] = await medianOf(node, [SHOAL_BIN, '--help'], home)
      figures[`dfs_ls_ms_${name}`] = await medianOf(node, [SHOAL_BIN, 'dfs', 'ls'], home)
      figures[`dfs_ls_first_dial_ms_${name}`] = await medianFirstDial(node, home, peers[0].id)
    }
    figures.npx_version_ms = await medianOf('npx', ['shoal', '--version'], home)
    return figures
  })
}
