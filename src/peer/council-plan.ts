// Pure planning for the council (the voters of the control groups): which
// peers should vote, and the one single-server change that moves the current
// configuration toward that. The council leader calls these every round.
import type { ConfChange, ConfState } from './consensus/types.js'
import type { Liveness } from './membership.js'

export const MAX_COUNCIL = 5

export interface Candidate {
  id: string
  state: Liveness
  /** Started with --voter. */
  voter: boolean
  startedAt: number
}

const largestOdd = (n: number): number => n <= 0 ? 0 : (n % 2 === 1 ? n : n - 1)

/** The council a swarm of `peers` live peers settles on. */
export const councilSize = (peers: number): number => largestOdd(Math.min(MAX_COUNCIL, peers))

function byPreference (a: Candidate, b: Candidate): number {
  if (a.voter !== b.voter) return a.voter ? -1 : 1
  if (a.startedAt !== b.startedAt) return a.startedAt - b.startedAt
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * The voters the council should have: every live voter, plus the best live
 * peers up to the largest odd size (at most five) the swarm can fill. Dead
 * voters are dropped when that size is met without them (live peers took
 * their seats, or the council shrinks to an odd size the live peers fill);
 * otherwise they keep their seats (they may come back).
 */
export function planCouncil (conf: ConfState, peers: Map<string, Candidate>, leader: string): string[] {
  const isDead = (id: string): boolean => peers.get(id)?.state === 'dead'
  const aliveVoters = conf.voters.filter(id => !isDead(id))
  const others = [...peers.values()]
    .filter(p => p.state !== 'dead' && !conf.voters.includes(p.id))
    .sort((a, b) => {
      const aLearner = conf.learners.includes(a.id)
      const bLearner = conf.learners.includes(b.id)
      return aLearner !== bLearner ? (aLearner ? -1 : 1) : byPreference(a, b)
    })
  const size = councilSize(aliveVoters.length + others.length)
  if (size >= aliveVoters.length) {
    return [...aliveVoters, ...others.slice(0, size - aliveVoters.length).map(p => p.id)]
  }
  // More live voters than an odd council needs (a growth step that lost its
  // last candidate): shed one non-leader voter to get back to an odd size.
  if (aliveVoters.length === conf.voters.length && conf.voters.length % 2 === 0) {
    const shed = [...conf.voters].reverse().find(id => id !== leader)
    return conf.voters.filter(id => id !== shed)
  }
  return conf.voters
}

/**
 * The next single-server change toward `desired`, or undefined when there is
 * none. Newcomers join as learners and vote only once caught up, so adding one
 * never stalls the quorum; removals wait until every addition is in.
 */
export function nextConfChange (conf: ConfState, desired: readonly string[], caughtUp: (id: string) => boolean): ConfChange | undefined {
  const strayLearner = conf.learners.find(id => !desired.includes(id))
  if (strayLearner != null) return { type: 'remove', node: strayLearner }
  const missing = desired.filter(id => !conf.voters.includes(id))
  const ready = missing.find(id => conf.learners.includes(id) && caughtUp(id))
  if (ready != null) return { type: 'addVoter', node: ready }
  const newcomer = missing.find(id => !conf.learners.includes(id))
  if (newcomer != null) return { type: 'addLearner', node: newcomer }
  if (missing.length > 0) return undefined
  const extra = conf.voters.find(id => !desired.includes(id))
  if (extra != null) return { type: 'remove', node: extra }
  return undefined
}
