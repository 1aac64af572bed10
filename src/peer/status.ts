// `/shoal/swarm/status/1.0.0`: this peer's view of the swarm, for
// `shoal swarm status` and for tests. Leaders are this peer's own replica's
// knowledge where it has one, else the newest claim heard in heartbeats.
import { StatusRequest, StatusResponse, type Leader } from '../../protocols/status/status.js'
import { MAX_STATUS_REQUEST_BYTES, STATUS_PROTOCOL } from '../../protocols/status/wire.js'
import { CONTROL_GROUPS, type Council, type ControlGroup } from './council.js'
import type { Logger } from './log.js'
import type { MembershipView } from './membership.js'
import type { Handlers } from './rpc.js'

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
  return {
    self: view.self,
    peers: view.list().map(({ heartbeat: h, state }) => ({
      id: h.id, addrs: h.addrs, roles: h.roles, state, full: h.full,
      load: h.load, cpu: h.cpu, freeDisk: h.freeDisk, bytesIn: h.bytesIn, bytesOut: h.bytesOut, kvOps: h.kvOps, elections: h.elections
    })),
    groups: CONTROL_GROUPS.map(group => {
      const leader = knownLeader(council, view, group)
      const voters = council.voters(group)
      // A peer outside the council knows the voters from the leader's heartbeats.
      return { group, leader, voters: voters.length > 0 ? voters : (view.get(leader?.id ?? '')?.heartbeat.council ?? []) }
    })
  }
}

export async function serveStatus (handlers: Handlers, council: Council, view: MembershipView, log: Logger): Promise<void> {
  await handlers.serve({ protocol: STATUS_PROTOCOL, request: StatusRequest, response: StatusResponse, log, maxRequestBytes: MAX_STATUS_REQUEST_BYTES },
    async () => describeSwarm(council, view))
}
