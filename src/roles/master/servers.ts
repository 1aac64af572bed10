// The chunk servers the master can place on, and how it names a server to
// clients and other servers: id, addresses and liveness, from the membership
// view's heartbeats.
import type { Server } from '../../../protocols/dfs/dfs.js'
import type { MembershipView } from '../../peer/membership.js'
import type { PlacementCandidate } from './placement.js'

export function chunkServers (view: MembershipView): PlacementCandidate[] {
  return view.list()
    .filter(member => member.heartbeat.roles.includes('chunkserver'))
    .map(member => ({ id: member.heartbeat.id, state: member.state, freeDisk: member.heartbeat.freeDisk, full: member.heartbeat.full }))
}

/** Chunk servers not known dead: what a put may be placed on (suspect ones only to make up the number). */
export function upChunkServers (view: MembershipView): number {
  return chunkServers(view).filter(server => server.state !== 'dead').length
}

export function describeServer (view: MembershipView, id: string): Server {
  const member = view.get(id)
  return { id, addrs: member?.heartbeat.addrs ?? [], state: member?.state ?? 'dead' }
}
