// `/shoal/swarm/status/1.0.0`: this peer's view of the swarm, for
// `shoal swarm status` and for tests. Leaders are this peer's own replica's
// knowledge where it has one, else the newest claim heard in heartbeats.
import { StatusRequest, StatusResponse, type Leader } from '../../protocols/status.js'
import type { Council, ControlGroup } from './council.js'
import type { Logger } from './log.js'
import type { MembershipView } from './membership.js'
import type { PeerNode } from './node.js'
import { serve } from './rpc.js'

export const STATUS_PROTOCOL = '/shoal/swarm/status/1.0.0'

function knownLeader (council: Council, view: MembershipView, group: ControlGroup): Leader | undefined {
  const mine = council.leader(group)
  // A leader the failure detector has declared dead coordinates nothing: report none rather than send clients to it.
  const own = mine != null && view.state(mine.id) !== 'dead' ? mine : undefined
  const heard = view.leader(group)
  if (own == null) return heard
  if (heard == null || own.term >= heard.term) return own
  return { id: heard.id, term: heard.term }
}

function describeSwarm (council: Council, view: MembershipView): StatusResponse {
  const master = knownLeader(council, view, 'master')
  return {
    self: view.self,
    peers: view.list().map(m => ({ id: m.heartbeat.id, addrs: m.heartbeat.addrs, roles: m.heartbeat.roles, state: m.state, full: m.heartbeat.full })),
    master,
    shardmaster: knownLeader(council, view, 'shardmaster'),
    // A peer outside the council knows it from the master's heartbeats.
    council: council.voters().length > 0 ? council.voters() : (view.get(master?.id ?? '')?.heartbeat.council ?? []),
    shardmasterCouncil: council.voters('shardmaster')
  }
}

export async function serveStatus (node: PeerNode, council: Council, view: MembershipView, log: Logger): Promise<void> {
  await serve(node, { protocol: STATUS_PROTOCOL, request: StatusRequest, response: StatusResponse, log, maxRequestBytes: 64 },
    async () => describeSwarm(council, view))
}
