// The client's handle on a swarm: a libp2p node that dials (never listens)
// with the swarm key, and the status call every other client builds on.
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { join } from 'node:path'
import { StatusRequest, StatusResponse } from '../../protocols/status/status.js'
import { groupIn, STATUS_PROTOCOL } from '../../protocols/status/wire.js'
import { ephemeralIdentity } from '../peer/identity.js'
import { explainDialError } from '../peer/dial-error.js'
import { createClientNode, type ClientNode } from '../peer/node.js'
import { call } from '../peer/rpc.js'
import { readSwarmKey, SwarmKeyError } from '../peer/swarm-key.js'
import { swarmFromEnv } from '../peer/config.js'
import { HOW_TO_START, SwarmUnavailableError, UserError } from './errors.js'
import { readSwarmFile } from './swarm-file.js'

export interface ConnectOptions {
  home: string
  /** Bootstrap multiaddrs; default $SHOAL_SWARM, then <home>/swarm.json. */
  swarm?: string[]
  /** Default <home>/swarm.key, or the key swarm.json names. */
  swarmKeyPath?: string
}

/** A peer as the status answer describes it; the figures are from its last heartbeat. */
export interface PeerStatus {
  id: string
  addrs: string[]
  roles: string[]
  state: string
  /** The peer takes no chunks now (its disk is full). */
  full: boolean
  /** One-minute load average divided by cores. */
  load: number
  /** Share of one core its process used over the last heartbeat interval. */
  cpu: number
  /** Bytes its store can still write. */
  freeDisk: number
  /** Running totals since its process started. */
  bytesIn: number
  bytesOut: number
  kvOps: number
  /** Elections it won: summed over peers, every election in the swarm once. */
  elections: number
}

export interface SwarmStatus {
  peers: PeerStatus[]
  master: { id: string, term: number } | null
  shardmaster: { id: string, term: number } | null
  council: string[]
  /** Voters of the shardmaster group; equal to `council` except while a council change is under way. */
  shardmasterCouncil: string[]
}

const STATUS_TIMEOUT_MS = 10_000

async function findSwarm (options: ConnectOptions): Promise<{ addrs: Multiaddr[], keyPath: string }> {
  const file = await readSwarmFile(options.home)
  const given = options.swarm != null && options.swarm.length > 0 ? options.swarm : swarmFromEnv()
  const keyPath = options.swarmKeyPath ?? (given.length === 0 && file != null ? file.swarmKey : join(options.home, 'swarm.key'))
  const addrs = given.length > 0 ? given : (file?.peers.flatMap(p => p.addrs) ?? [])
  if (addrs.length === 0) throw new SwarmUnavailableError(`no swarm found: ${HOW_TO_START}`)
  try {
    return { addrs: addrs.map(a => multiaddr(a)), keyPath }
  } catch (err: any) {
    throw new UserError(`bad swarm address: ${err.message}`)
  }
}

function newest<T extends { term: number }> (items: Array<T | undefined>): T | undefined {
  return items.reduce<T | undefined>((best, item) => item != null && (best == null || item.term > best.term) ? item : best, undefined)
}

export class Swarm {
  readonly node: ClientNode
  private readonly addrs: Multiaddr[]
  /** Every peer's addresses as status answers gave them. */
  private readonly known = new Map<string, string[]>()

  private constructor (node: ClientNode, addrs: Multiaddr[], private readonly ownsNode = true) {
    this.node = node
    this.addrs = addrs
  }

  /**
   * A client on a peer's own node (a MapReduce worker reading and writing DFS
   * files): it learns the swarm from that peer, and closing it leaves the node running.
   */
  static onPeer (node: ClientNode): Swarm {
    return new Swarm(node, [multiaddr(`/p2p/${node.peerId.toString()}`)], false)
  }

  static async connect (options: ConnectOptions): Promise<Swarm> {
    const { addrs, keyPath } = await findSwarm(options)
    let swarmKey: Uint8Array
    try {
      swarmKey = await readSwarmKey(keyPath)
    } catch (err) {
      if (err instanceof SwarmKeyError) throw new UserError(err.message)
      throw err
    }
    const node = await createClientNode({ privateKey: await ephemeralIdentity(), swarmKey })
    await node.start()
    return new Swarm(node, addrs)
  }

  /** Asks every known peer for its own view of the swarm; peers that do not answer are left out. */
  async views (): Promise<StatusResponse[]> {
    const errors: string[] = []
    const replies = (await Promise.all(this.askEveryPeer(errors))).filter(r => r != null)
    if (replies.length === 0) throw new SwarmUnavailableError(`no peer of the swarm answered: ${errors.join('; ')}`)
    return replies
  }

  /**
   * The leader of `group` as the first peer to answer knows it, with its
   * addresses: one round trip to the nearest peer, not a wait for the slowest.
   * (A stale answer costs the caller one NOT_LEADER and a second look.)
   */
  async leader (group: string): Promise<{ id: string, term: number, addrs: string[] } | undefined> {
    const errors: string[] = []
    const asked = this.askEveryPeer(errors).map(async reply => {
      const view = await reply
      const leader = view == null ? undefined : groupIn(view, group)?.leader
      if (view == null || leader == null) throw new Error(`no leader of ${group} named`)
      const { id, term } = leader
      return { id, term, addrs: this.known.get(id) ?? [] }
    })
    try {
      return await Promise.any(asked)
    } catch {
      if (errors.length === asked.length) throw new SwarmUnavailableError(`no peer of the swarm answered: ${errors.join('; ')}`)
      return undefined
    }
  }

  /** A peer by id with the addresses the last status answers gave for it; undefined when none did. */
  knownPeer (id: string | undefined): { id: string, addrs: string[] } | undefined {
    const addrs = id === undefined ? undefined : this.known.get(id)
    return id === undefined || addrs === undefined || addrs.length === 0 ? undefined : { id, addrs }
  }

  private askEveryPeer (errors: string[]): Array<Promise<StatusResponse | undefined>> {
    const byPeer = new Map<string, Multiaddr[]>()
    for (const addr of this.addrs) {
      const id = addr.getComponents().find(c => c.name === 'p2p')?.value ?? addr.toString()
      byPeer.set(id, [...(byPeer.get(id) ?? []), addr])
    }
    return [...byPeer.values()].map(async addrs => {
      try {
        const view = await call(this.node, addrs, {}, {
          protocol: STATUS_PROTOCOL, request: StatusRequest, response: StatusResponse, signal: AbortSignal.timeout(STATUS_TIMEOUT_MS)
        })
        for (const peer of view.peers) if (peer.addrs.length > 0) this.known.set(peer.id, peer.addrs)
        return view
      } catch (err) {
        errors.push(`${addrs[0].toString()}: ${explainDialError(err)}`)
        return undefined
      }
    })
  }

  /** Every known peer's view, merged: leaders by highest term, peers as the master sees them. */
  async status (): Promise<SwarmStatus> {
    return mergeViews(await this.views())
  }

  /** Stops the node; with `abandon`, its connections are dropped at once, whatever they still had to send (an interrupted command). */
  async close (options: { abandon?: boolean } = {}): Promise<void> {
    if (!this.ownsNode) return
    if (options.abandon === true) for (const connection of this.node.getConnections()) connection.abort(new Error('the client stopped'))
    // libp2p's connection manager stops by waiting for each connection's
    // 'close' event, bounded only by AbortSignal.timeout(500), whose timer
    // does not keep the process alive. A connection that closed while it was
    // stopping never fires that event again; with its socket gone the event
    // loop empties, and a CLI command exited 13 ("unsettled top-level await")
    // before printing anything. Hold the loop open until stop ends.
    const keepAlive = setInterval(() => {}, 60_000)
    try {
      await this.node.stop()
    } finally {
      clearInterval(keepAlive)
    }
  }
}

export function mergeViews (replies: StatusResponse[]): SwarmStatus {
  const leaderOf = (group: string): { id: string, term: number } | undefined => newest(replies.map(r => groupIn(r, group)?.leader))
  const master = leaderOf('master')
  const shardmaster = leaderOf('shardmaster')
  // The master's own view is the most complete; else the widest one.
  const best = replies.find(r => r.self === master?.id) ?? replies.reduce((a, b) => b.peers.length > a.peers.length ? b : a)
  // A group's voters as its leader knows them, else as the best view does.
  const votersOf = (group: string, leader?: { id: string }): string[] =>
    groupIn(replies.find(r => r.self === leader?.id) ?? best, group)?.voters ?? groupIn(best, group)?.voters ?? []
  return {
    peers: best.peers.map(p => ({ ...p })).sort((a, b) => a.id.localeCompare(b.id)),
    master: master == null ? null : { id: master.id, term: master.term },
    shardmaster: shardmaster == null ? null : { id: shardmaster.id, term: shardmaster.term },
    council: votersOf('master', master),
    shardmasterCouncil: votersOf('shardmaster', shardmaster)
  }
}
