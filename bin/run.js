#!/usr/bin/env node
// Shoal runs under the Node it pins (the `node` package among its
// dependencies), whatever `node` started this file: after `npm install -g`,
// `npm link` or in a systemd unit that is the machine's own Node, which may be
// too old for Shoal. So this file must parse and run on any Node, and hands
// over to the pinned one with a single spawn (no shell) when it is not it.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import * as nodeModule from 'node:module'
import { constants } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const pinned = pinnedNode()
if (pinned == null || pinned.version === process.version) {
  // Every command and every peer loads ~150 ESM packages; Node's on-disk
  // compile cache roughly halves that start-up after the first run.
  nodeModule.enableCompileCache()
  const { execute } = await import('@oclif/core/execute')
  await execute({ dir: import.meta.url })
} else {
  handOver(pinned.path)
}

/** The binary of the `node` package and its version, or undefined where the package is not installed. */
function pinnedNode () {
  let manifest
  try {
    manifest = nodeModule.createRequire(import.meta.url).resolve('node/package.json')
  } catch {
    return undefined
  }
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'))
  return { path: join(dirname(manifest), pkg.bin.node), version: `v${pkg.version}` }
}

/**
 * Runs this file again under `node`, passing signals on and ending as the
 * child ended: with its exit code, or killed by the same signal. On a terminal
 * Ctrl-C reaches the child twice (from the terminal and from here), so
 * commands must take a repeated SIGINT or SIGTERM calmly.
 */
function handOver (node) {
  const child = spawn(node, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' })
  const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2']
  const forward = signal => { child.kill(signal) }
  for (const signal of forwarded) process.on(signal, forward)
  child.on('error', err => {
    process.stderr.write(`shoal: cannot start its Node (${node}): ${err.message}; reinstall shoal with its install scripts allowed (README, "Installing the shoal command")\n`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    if (signal == null) process.exit(code)
    for (const s of forwarded) process.off(s, forward)
    process.kill(process.pid, signal)
    // Reached only for a signal Node ignores (SIGPIPE): end as a shell would report it.
    process.exit(128 + constants.signals[signal])
  })
}
