// Swarm: every peer with its roles and state, the coordinators, the council.
import { getJson, poll } from './api.js'
import { el, peerName, replace, table } from './dom.js'
import type { View } from './view.js'

interface Leader { id: string, term: number }
interface SwarmStatus {
  peers: Array<{ id: string, addrs: string[], roles: string[], state: string, full: boolean }>
  master: Leader | null
  shardmaster: Leader | null
  council: string[]
}

function leaderLine (label: string, key: string, leader: Leader | null): HTMLElement {
  return el('p', { attrs: { 'data-leader': key } }, `${label}: `, leader == null ? 'none elected' : el('span', {}, peerName(leader.id), ` (term ${leader.term})`))
}

function render (status: SwarmStatus): HTMLElement[] {
  const rows = status.peers.map(peer => [
    peerName(peer.id),
    el('span', { className: `state ${peer.state}` }, peer.state),
    peer.roles.join(', '),
    status.council.includes(peer.id) ? 'yes' : '',
    peer.full ? 'full' : 'room',
    peer.addrs[0] ?? ''
  ])
  return [
    el('section', { className: 'leaders' },
      leaderLine('Master', 'master', status.master),
      leaderLine('Shardmaster', 'shardmaster', status.shardmaster)),
    table(['Peer', 'State', 'Roles', 'Council', 'Disk', 'Address'], rows, { attrs: { id: 'peers' } })
  ]
}

export const swarmView: View = {
  id: 'swarm',
  title: 'Swarm',
  mount (root) {
    const body = el('div', {}, el('p', {}, 'Asking the swarm…'))
    replace(root, el('h1', {}, 'Swarm'), body)
    return poll(async signal => {
      try {
        replace(body, ...render(await getJson<SwarmStatus>('/api/swarm', signal)))
      } catch (err) {
        if (!signal.aborted) replace(body, el('p', { className: 'error' }, `The swarm did not answer: ${(err as Error).message}`))
      }
    })
  }
}
