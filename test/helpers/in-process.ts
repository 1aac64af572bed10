// Peers in this process: real libp2p over TCP on 127.0.0.1 and real LMDB on
// disk, with direct access to their consensus groups and state machines.
import { join } from 'node:path'
import { freePort } from '../../src/client/local-swarm.js'
import { loadPeerConfig } from '../../src/peer/config.js'
import { Peer } from '../../src/peer/peer.js'
import { generateSwarmKey, writeSwarmKey } from '../../src/peer/swarm-key.js'
import { peerParts } from '../../src/roles/index.js'

export interface InProcessPeer {
  peer: Peer
  machines: ReturnType<typeof peerParts>['stateMachines']
}

export class InProcessSwarm {
  readonly dir: string
  private readonly ports: number[] = []
  peers: Array<InProcessPeer | undefined> = []

  constructor (dir: string) {
    this.dir = dir
  }

  async init (count: number): Promise<void> {
    await writeSwarmKey(join(this.dir, 'swarm.key'), generateSwarmKey())
    for (let i = 0; i < count; i++) this.ports.push(await freePort())
  }

  private addr (i: number): string {
    return `/ip4/127.0.0.1/tcp/${this.ports[i]}`
  }

  async start (i: number): Promise<InProcessPeer> {
    const home = join(this.dir, `peer-${i}`)
    const bootstrap = i === 0 ? [] : this.ports.map((_, j) => j).filter(j => j !== i && this.peers[j] != null).map(j => `${this.addr(j)}/p2p/${this.peers[j]!.peer.id}`)
    const config = await loadPeerConfig(home, { listen: [this.addr(i)], bootstrap, swarmKeyPath: join(this.dir, 'swarm.key') })
    const parts = peerParts()
    const machines = parts.stateMachines
    const peer = await Peer.start(config, parts)
    this.peers[i] = { peer, machines }
    return this.peers[i]!
  }

  async stop (i: number): Promise<void> {
    await this.peers[i]?.peer.stop()
    this.peers[i] = undefined
  }

  async stopAll (): Promise<void> {
    await Promise.all(this.peers.map((_, i) => this.stop(i)))
  }

  leaderOf (group: 'master' | 'shardmaster'): InProcessPeer | undefined {
    return this.peers.find(p => p?.peer.council.leader(group)?.id === p?.peer.id)
  }
}
