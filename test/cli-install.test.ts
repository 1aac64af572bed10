// Shoal installed as a user installs it, on a machine whose own Node is older
// than the one Shoal pins: `npm pack`, then `npm install -g` of the tarball into
// a temporary prefix with the machine's Node first on PATH. The installed
// `shoal` must run under the pinned Node, bring a local swarm up, show it and
// take it down, and end as its command ends (exit code, SIGINT). npm installs from a registry on loopback that serves the
// lockfile's versions out of npm's own cache (helpers/npm-registry.ts): a
// global install wants registry metadata that `npm install` does not cache,
// and a test may not reach the network.
import { execFile, spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { dirname, delimiter, join } from 'node:path'
import { promisify } from 'node:util'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { isPeerProcess } from '../src/client/local-swarm.js'
import { readSwarmFile } from '../src/client/swarm-file.js'
import { machineNode, ROOT, shoal, tempHome } from './helpers/cli.js'
import { startRegistry } from './helpers/npm-registry.js'
import { waitFor } from './helpers/wait.js'

const NPM_TIMEOUT_MS = 120_000

/** This environment without what `npm test` sets for its scripts (npm_config_* and the like), which would steer the npm we run. */
function withoutNpmVariables (env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => !e[0].toLowerCase().startsWith('npm_') && e[1] != null))
}

/** Starts `shoal dfs put -` from a stdin left open and, once the launcher's child (the command under the pinned Node) runs, sends the launcher SIGINT. */
async function interruptedPut (installed: { command: string, cwd: string, env: Record<string, string>, home: string }): Promise<boolean> {
  const put = spawn(installed.command, ['dfs', 'put', '-', '/interrupted'], { cwd: installed.cwd, env: { ...installed.env, SHOAL_HOME: installed.home }, stdio: ['pipe', 'ignore', 'ignore'] })
  const ended = new Promise<[number | null, string | null]>(resolve => put.on('exit', (code, signal) => { resolve([code, signal]) }))
  put.stdin.write('the first bytes of a put that never ends')
  await waitFor('the launcher to start the command', async () => (await readFile(`/proc/${put.pid}/task/${put.pid}/children`, 'utf8')).trim() !== '')
  put.kill('SIGINT')
  const [code, signal] = await ended
  return signal === 'SIGINT' || code === 130
}

async function installAndRun (machine: string): Promise<void> {
  await using work = await tempHome('shoal-install-')
  const env = { ...withoutNpmVariables(process.env), PATH: [dirname(machine), process.env.PATH].join(delimiter) }
  const npm = async (...args: string[]): Promise<string> => {
    try {
      return (await promisify(execFile)('npm', args, { cwd: work.path, env, timeout: NPM_TIMEOUT_MS })).stdout
    } catch (err: any) {
      throw new Error(`npm ${args.join(' ')} failed: ${err.message}\n${err.stderr ?? ''}`)
    }
  }

  const npmCache = (await npm('config', 'get', 'cache')).trim()
  // The `node` package installs its platform binary with an npm install of its own, recorded in its hidden lockfile.
  await using registry = await startRegistry([join(ROOT, 'package-lock.json'), join(ROOT, 'node_modules/node/node_modules/.package-lock.json')], npmCache)
  // `npm test` has just built dist/; packing must not rebuild it under the tests that run from it.
  const [{ filename }] = JSON.parse(await npm('pack', '--ignore-scripts', '--json', '--pack-destination', work.path, ROOT)) as Array<{ filename: string }>
  const prefix = join(work.path, 'prefix')
  // As the README says: the install scripts `npm install` runs in a clone must run (the `node` package's fetches
  // the pinned Node), and an npm that blocks them by default takes no narrower leave that reaches the `node`
  // package's own npm install.
  await npm('install', '--global', '--prefix', prefix, '--cache', join(work.path, 'npm-cache'), '--registry', registry.url,
    '--dangerously-allow-all-scripts', '--no-audit', '--no-fund', join(work.path, filename))

  const installed = { command: join(prefix, 'bin', 'shoal'), cwd: work.path, env, home: join(work.path, 'home') }
  const version = await shoal(['--version'], installed)
  assert.is(version.code, 0, version.stderr)
  assert.match(version.stdout, /^shoal\/\S+ \S+ node-v26\./)
  try {
    const up = await shoal(['up', '--peers', '1', '--json'], installed)
    assert.is(up.code, 0, up.stderr)
    const [peer] = JSON.parse(up.stdout).peers as Array<{ id: string }>
    const status = await shoal(['swarm', 'status', '--json'], installed)
    assert.is(status.code, 0, status.stderr)
    assert.is(JSON.parse(status.stdout).master.id, peer.id)
    const missing = await shoal(['dfs', 'ls', '/missing'], installed)
    assert.is(missing.code, 1, 'the command\'s exit code is the launcher\'s')
    assert.ok(await interruptedPut(installed), 'SIGINT reaches the command, which ends by it or with 130')
    const down = await shoal(['down'], installed)
    assert.is(down.code, 0, down.stderr)
    assert.match(down.stdout, /stopped 1 peer/)
  } finally {
    for (const peer of (await readSwarmFile(installed.home))?.peers ?? []) {
      if (await isPeerProcess(peer.pid, peer.home)) process.kill(peer.pid, 'SIGKILL')
    }
  }
}

const NAME = 'npm install -g of the packed tarball runs under the pinned Node and drives a local swarm'
const machine = await machineNode().catch(() => undefined)
const machineVersion = machine == null ? undefined : (await promisify(execFile)(machine, ['--version'])).stdout.trim()
const skipReason = machine == null
  ? 'no node on PATH besides the pinned one'
  : machineVersion === process.version ? `the machine's node (${machine}) is the pinned ${process.version}: there is no hand-over to test` : undefined
if (skipReason != null) {
  console.log(`SKIP cli-install: ${skipReason}`)
  test.skip(NAME, () => {})
} else {
  test(NAME, async () => { await installAndRun(machine as string) })
}

test.run()
