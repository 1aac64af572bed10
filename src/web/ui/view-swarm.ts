// Swarm: every peer with its roles and state, the coordinators, the council.
import { el, formatBytes, peerName, table } from './dom.js'
import { liveView } from './live.js'

interface Leader { id: string, term: number }
interface SwarmStatus {
  peers: Array<{ id: string, addrs: string[], roles: string[], state: string, full: boolean, load: number, cpu: number, freeDisk: number }>
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
    el('span', { attrs: { title: 'one-minute load average per core' } }, peer.load.toFixed(2)),
    `${Math.round(peer.cpu * 100)}%`,
    formatBytes(peer.freeDisk),
    peer.addrs[0] ?? ''
  ])
  return [
    el('section', { className: 'leaders' },
      leaderLine('Master', 'master', status.master),
      leaderLine('Shardmaster', 'shardmaster', status.shardmaster)),
    table(['Peer', 'State', 'Roles', 'Council', 'Disk', 'Load', 'CPU', 'Free disk', 'Address'], rows, { attrs: { id: 'peers' } })
  ]
}

export const swarmView = liveView({ id: 'swarm', title: 'Swarm', path: '/api/swarm', render })
