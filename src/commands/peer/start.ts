import * as Flags from '@oclif/core/flags'
import { ShoalCommand } from '../../cli/base.js'
import { loadPeerConfig, parseRoles } from '../../peer/config.js'
import { Peer } from '../../peer/peer.js'
import { writeConsoleFile } from '../../client/console-file.js'
import { peerParts } from '../../roles/index.js'
import type { RunningConsole } from '../../web/console.js'
import { parseHttpAddress } from '../../web/http-address.js'

/** Starts the web console on the peer's own node and says where it is (in the log, and in <home>/console.json for `shoal web`). */
async function serveConsole (peer: Peer, http: string, requireToken: boolean): Promise<RunningConsole> {
  const { startConsole } = await import('../../web/console.js')
  const running = await startConsole({ node: peer.node, home: peer.config.home, address: parseHttpAddress(http), requireToken, log: peer.log.child('console') })
  await writeConsoleFile(peer.config.home, { url: running.url })
  peer.log(`console at ${running.url}`)
  return running
}

export default class PeerStart extends ShoalCommand<typeof PeerStart> {
  static override description = 'Run one peer in the foreground (SIGINT/SIGTERM stop it cleanly)'
  static override enableJsonFlag = false
  static override examples = [
    '<%= config.bin %> peer start --home /var/lib/shoal --listen /ip4/0.0.0.0/tcp/7420',
    '<%= config.bin %> peer start --swarm /ip4/10.0.0.5/tcp/7420/p2p/12D3KooW...'
  ]

  static override flags = {
    listen: Flags.string({ description: 'multiaddr to listen on (repeatable) [default: /ip4/0.0.0.0/tcp/7420]', multiple: true }),
    announce: Flags.string({ description: 'multiaddr to advertise instead of the listen addresses (repeatable)', multiple: true }),
    roles: Flags.string({ description: 'worker roles to serve, comma-separated [default: chunkserver,worker,kv]' }),
    voter: Flags.boolean({ description: 'prefer this peer for a council seat' }),
    'swarm-key': Flags.string({ description: 'path of the swarm key [default: <home>/swarm.key]' }),
    http: Flags.string({ description: 'serve the web console on ADDR:PORT (loopback unless told otherwise; elsewhere it asks for an access token)' }),
    'http-token': Flags.boolean({ description: 'ask for the console access token even on loopback' })
  }

  async run (): Promise<void> {
    const exitWithPid = process.env.SHOAL_EXIT_WITH_PID != null ? Number(process.env.SHOAL_EXIT_WITH_PID) : undefined
    const config = await loadPeerConfig(this.home, {
      listen: this.flags.listen,
      announce: this.flags.announce,
      bootstrap: this.flags.swarm,
      roles: this.flags.roles != null ? parseRoles(this.flags.roles) : undefined,
      voter: this.flags.voter ? true : undefined,
      swarmKeyPath: this.flags['swarm-key'],
      http: this.flags.http,
      httpToken: this.flags['http-token'] ? true : undefined,
      exitWithPid
    })
    const peer = await Peer.start(config, peerParts())
    this.log(`peer ${peer.id}`)
    for (const addr of peer.addrs()) this.log(`  listening on ${addr}`)
    const web = config.http === undefined ? undefined : await serveConsole(peer, config.http, config.httpToken)
    const { promise, resolve } = Promise.withResolvers<string>()
    // Kept, not once: a stop signal often comes twice (from the terminal or systemd, and from bin/run.js passing it on),
    // and the second must not kill the peer halfway through its clean stop.
    process.on('SIGINT', () => { resolve('SIGINT') })
    process.on('SIGTERM', () => { resolve('SIGTERM') })
    const signal = await promise
    peer.log(`${signal}: stopping`)
    await web?.close()
    await peer.stop()
    process.exit(0)
  }
}
