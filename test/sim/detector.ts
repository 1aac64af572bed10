// The failure detector as the peers' hosts see it: each peer's belief, per
// other peer, that it is alive, and the verdicts that change it. A verdict
// comes a seeded delay after the truth changed: a few ticks when a process
// dies (its connections close) or comes back (it reconnects), about the
// suspicion time when a peer goes silent (partitioned, cut one way, stalled,
// or a machine that vanished without closing anything). Silence that ends
// before its verdict is forgotten; a closed connection is not.
//
// The cluster turns verdicts into what the real host does: a dead verdict is
// GroupHost.leaderLost (wake the groups led by that peer, forgetting it) and
// closes the connection, so nothing still in flight from that peer arrives
// after it; an alive verdict is GroupHost.peerReturned (wake the quiet groups
// this peer leads).
import type { NodeId } from '../../src/peer/consensus/types.js'
import type { Rng } from './prng.js'

export interface Verdict { observer: NodeId, peer: NodeId, alive: boolean }

interface Pending { at: number, alive: boolean, firm: boolean }

/** What one observer believes of each other peer (absent: alive), and the verdicts on their way. */
interface View { belief: Map<NodeId, boolean>, pending: Map<NodeId, Pending> }

export class Detector {
  private readonly views = new Map<NodeId, View>()

  /** A silent peer is suspected after `suspicion` ticks and up to `jitter` more. */
  constructor (private readonly rng: Rng, private readonly suspicion: number, private readonly jitter: number) {}

  /** A peer (re)started: a new process assumes every peer alive until it learns otherwise. */
  restarted (observer: NodeId): void {
    this.views.delete(observer)
  }

  /** Called at the end of every tick with what each running observer can truly hear from each other peer. */
  observe (now: number, observer: NodeId, peer: NodeId, heard: boolean, crashed: boolean): void {
    let view = this.views.get(observer)
    if (view === undefined) this.views.set(observer, view = { belief: new Map(), pending: new Map() })
    const p = view.pending.get(peer)
    if (p !== undefined) {
      if (p.alive !== heard && !p.firm) view.pending.delete(peer)
      return
    }
    if ((view.belief.get(peer) ?? true) === heard) return
    let delay: number
    let firm = false
    if (heard) delay = 1 + this.rng.int(3) // it reconnects
    else if (crashed && this.rng.chance(0.7)) {
      delay = 1 + this.rng.int(3) // the process died and its connections closed
      firm = true
    } else delay = this.suspicion + this.rng.int(this.jitter)
    view.pending.set(peer, { at: now + delay, alive: heard, firm })
  }

  /** The verdicts due by `now`; each changes the observer's belief. */
  due (now: number): Verdict[] {
    const out: Verdict[] = []
    for (const [observer, view] of this.views) {
      for (const [peer, p] of view.pending) {
        if (p.at > now) continue
        view.pending.delete(peer)
        view.belief.set(peer, p.alive)
        out.push({ observer, peer, alive: p.alive })
      }
    }
    return out
  }
}
