// What the crash test (test/raft-crash.test.ts) and its member processes
// (raft-crash-member.ts) say to each other over the IPC channel.
import type { Timing } from '../../src/peer/consensus/driver.js'
import type { HardState, Message } from '../../src/peer/consensus/types.js'

export const CRASH_GROUP = 'crash'
export const CRASH_TIMING: Timing = { tickMs: 5, electionTicks: 10, heartbeatTicks: 2 }
/** Small, so members compact often and one that was down long catches up by snapshot. */
export const CRASH_SNAPSHOT_EVERY = 64

export type ToMember =
  | { kind: 'recv', message: Message }
  /** The failure detector's verdict, which wakes the quiet followers of a dead leader. */
  | { kind: 'lost', peer: string }
  | { kind: 'propose', id: number, value: string }
  | { kind: 'dump' }

export type FromMember =
  /** First word of every incarnation: the hard state it found on disk. */
  | { kind: 'up', hardState?: HardState }
  | { kind: 'send', message: Message }
  /** A new term or vote, reported once it is persisted and before the messages of its Ready leave. */
  | { kind: 'durable', term: number, vote: string }
  | { kind: 'leader', leader: string, term: number, isSelf: boolean }
  /** The state machine applied `value` as its `pos`-th command (from 1). */
  | { kind: 'applied', pos: number, value: string }
  /** The state machine was restored from a snapshot holding these commands. */
  | { kind: 'restored', values: string[] }
  | { kind: 'result', id: number, pos?: number, error?: string }
  | { kind: 'dump', values: string[] }
