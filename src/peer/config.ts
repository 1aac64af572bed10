// Everything a peer is started with, resolved once from flags, then the
// environment, then `<home>/peer.json` (written by `shoal up` so a restarted
// local peer comes back on the same port), then defaults.
import { multiaddr } from '@multiformats/multiaddr'
import { readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export const WORKER_ROLES = ['chunkserver', 'worker', 'kv'] as const
export type WorkerRole = typeof WORKER_ROLES[number]

export const DEFAULT_PORT = 7420

export interface PeerConfig {
  home: string
  swarmKeyPath: string
  /** Multiaddrs to listen on. */
  listen: string[]
  /** Multiaddrs to advertise instead of the listen addresses (NAT, containers). */
  announce: string[]
  /** Bootstrap multiaddrs of peers already in the swarm; empty means "found a new swarm". */
  bootstrap: string[]
  roles: WorkerRole[]
  /** Prefer this peer for a council seat. */
  voter: boolean
  /** Serve the web console on this ADDR:PORT (`peer start --http`). */
  http?: string
  /** Ask for the console's access token even on loopback. */
  httpToken: boolean
  /** Exit when this process dies (local swarms and tests: no orphans). */
  exitWithPid?: number
  /** SHOAL_TEST_HOOKS=1: serve the testbed role, which opens extra consensus groups for tests and benchmarks. */
  testHooks: boolean
}

export type PeerFlags = Partial<Omit<PeerConfig, 'home'>>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export function resolveHome (flag?: string): string {
  return resolve(flag ?? process.env.SHOAL_HOME ?? join(homedir(), '.shoal'))
}

export function swarmFromEnv (): string[] {
  return (process.env.SHOAL_SWARM ?? '').split(/[\s,]+/).filter(s => s !== '')
}

export function parseRoles (text: string): WorkerRole[] {
  const roles = text.split(',').map(s => s.trim()).filter(s => s !== '')
  for (const role of roles) {
    if (!(WORKER_ROLES as readonly string[]).includes(role)) {
      throw new ConfigError(`unknown role "${role}" (roles: ${WORKER_ROLES.join(', ')})`)
    }
  }
  return roles as WorkerRole[]
}

const peerFile = (home: string): string => join(home, 'peer.json')

export async function readPeerFile (home: string): Promise<PeerFlags> {
  try {
    return JSON.parse(await readFile(peerFile(home), 'utf8'))
  } catch (err: any) {
    if (err.code === 'ENOENT') return {}
    throw new ConfigError(`cannot read ${peerFile(home)}: ${err.message}`)
  }
}

export async function writePeerFile (home: string, flags: PeerFlags): Promise<void> {
  await writeFile(peerFile(home), JSON.stringify(flags, null, 2) + '\n')
}

const nonEmpty = <T>(list: T[] | undefined): T[] | undefined => list != null && list.length > 0 ? list : undefined

function checkAddrs (what: string, addrs: string[]): string[] {
  for (const addr of addrs) {
    try {
      multiaddr(addr)
    } catch (err: any) {
      throw new ConfigError(`bad ${what} address "${addr}": ${err.message}`)
    }
  }
  return addrs
}

export async function loadPeerConfig (home: string, flags: PeerFlags = {}): Promise<PeerConfig> {
  const file = await readPeerFile(home)
  const config: PeerConfig = {
    home,
    swarmKeyPath: resolve(home, flags.swarmKeyPath ?? file.swarmKeyPath ?? 'swarm.key'),
    listen: nonEmpty(flags.listen) ?? nonEmpty(file.listen) ?? [`/ip4/0.0.0.0/tcp/${DEFAULT_PORT}`],
    announce: nonEmpty(flags.announce) ?? nonEmpty(file.announce) ?? [],
    bootstrap: nonEmpty(flags.bootstrap) ?? nonEmpty(swarmFromEnv()) ?? nonEmpty(file.bootstrap) ?? [],
    roles: flags.roles ?? file.roles ?? [...WORKER_ROLES],
    voter: flags.voter ?? file.voter ?? false,
    http: flags.http ?? file.http,
    httpToken: flags.httpToken ?? file.httpToken ?? false,
    exitWithPid: flags.exitWithPid ?? file.exitWithPid,
    testHooks: process.env.SHOAL_TEST_HOOKS === '1'
  }
  checkAddrs('listen', config.listen)
  checkAddrs('announce', config.announce)
  checkAddrs('--swarm', config.bootstrap)
  return config
}
