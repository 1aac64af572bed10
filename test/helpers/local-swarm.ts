// A local swarm of real peer processes for tests, driven through the real CLI
// (`shoal up`/`shoal down`) and observed through the client library.
import { mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Swarm, type SwarmStatus } from '../../src/client/swarm.js'
import { readConsoleFile } from '../../src/client/console-file.js'
import { freePort, isPeerProcess } from '../../src/client/local-swarm.js'
import { writePeerFile } from '../../src/peer/config.js'
import { readSwarmFile, type SwarmFile } from '../../src/client/swarm-file.js'
import { shoal, tempHome } from './cli.js'
import { waitFor } from './wait.js'

export class TestSwarm {
  readonly home: string
  file!: SwarmFile
  private readonly cleanupHome: () => Promise<void>
  /** The environment every peer of this swarm starts with (on top of the test's). */
  private readonly env: Record<string, string>
  private client?: Swarm

  private constructor (home: string, cleanupHome: () => Promise<void>, env: Record<string, string>) {
    this.home = home
    this.cleanupHome = cleanupHome
    this.env = env
  }

  /**
   * With `consoles`, every peer serves the web console (`shoal up` gives one
   * to peer 0 only); with `consoleToken` too, each asks for its access token.
   */
  static async up (peers: number, env: Record<string, string> = {}, options: { consoles?: boolean, consoleToken?: boolean } = {}): Promise<TestSwarm> {
    const home = await tempHome()
    const swarm = new TestSwarm(home.path, home[Symbol.asyncDispose], env)
    if (options.consoles === true) {
      for (let i = 0; i < peers; i++) {
        const peerHome = join(home.path, 'local', `peer-${i}`)
        await mkdir(peerHome, { recursive: true, mode: 0o700 })
        await writePeerFile(peerHome, { listen: [`/ip4/127.0.0.1/tcp/${await freePort()}`], http: `127.0.0.1:${await freePort()}`, httpToken: options.consoleToken, swarmKeyPath: join(home.path, 'swarm.key') })
      }
    }
    await swarm.upAgain(peers)
    return swarm
  }

  /** `shoal up` on the same home: restarts any peer that is not running. */
  async upAgain (peers = this.file?.peers.length ?? 3): Promise<void> {
    const result = await shoal(['up', '--peers', String(peers)], { home: this.home, env: this.env })
    if (result.code !== 0) throw new Error(`shoal up failed (${result.code}): ${result.stderr}${result.stdout}\n${await this.peerLogs()}`)
    const file = await readSwarmFile(this.home)
    if (file == null) throw new Error('shoal up wrote no swarm.json')
    this.file = file
  }

  /** The tail of every peer's log, for failure messages. */
  async peerLogs (lines = 15): Promise<string> {
    const dirs = await readdir(join(this.home, 'local')).catch(() => [])
    const tails = await Promise.all(dirs.map(async dir => {
      const text = await readFile(join(this.home, 'local', dir, 'peer.log'), 'utf8').catch(() => '(no log)')
      return `--- ${dir}\n${text.split('\n').slice(-lines).join('\n')}`
    }))
    return tails.join('\n')
  }

  /** The URL of peer `index`'s console, as it reported it. */
  async consoleUrl (index: number): Promise<string> {
    const file = await waitFor(`peer ${index}'s console`, async () => await readConsoleFile(this.file.peers[index].home))
    return file.url
  }

  async status (): Promise<SwarmStatus> {
    return (await this.connect()).status()
  }

  /** The test's client of this swarm, made on first use and closed with it. */
  async connect (): Promise<Swarm> {
    this.client ??= await Swarm.connect({ home: this.home })
    return this.client
  }

  peerIndex (id: string): number {
    const index = this.file.peers.findIndex(p => p.id === id)
    if (index < 0) throw new Error(`${id} is not a peer of this swarm`)
    return index
  }

  kill (index: number, signal: NodeJS.Signals = 'SIGKILL'): void {
    process.kill(this.file.peers[index].pid, signal)
  }

  async waitForExit (index: number): Promise<void> {
    const peer = this.file.peers[index]
    await waitFor(`peer ${index} to exit`, async () => !await isPeerProcess(peer.pid, peer.home))
  }

  /** Waits until a master and a shardmaster with terms above `afterTerm` are seen. */
  async waitForLeaders (what: string, accept: (s: SwarmStatus) => boolean = () => true, timeoutMs = 15_000): Promise<SwarmStatus> {
    return waitFor(what, async () => {
      const s = await this.status()
      return s.master != null && s.shardmaster != null && accept(s) ? s : undefined
    }, { timeoutMs, intervalMs: 50 })
  }

  async down (): Promise<void> {
    await this.client?.close()
    this.client = undefined
    const result = await shoal(['down'], { home: this.home })
    if (result.code !== 0) throw new Error(`shoal down failed: ${result.stderr}`)
  }

  async [Symbol.asyncDispose] (): Promise<void> {
    await this.client?.close().catch(() => {})
    for (const peer of this.file?.peers ?? []) {
      if (await isPeerProcess(peer.pid, peer.home)) process.kill(peer.pid, 'SIGKILL')
    }
    await this.cleanupHome()
  }
}
