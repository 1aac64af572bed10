// The data the pure Raft core (core.ts) takes in and gives out. Nothing here
// does I/O: a driver persists, sends and applies what a Ready batch holds.

export type NodeId = string

export enum EntryType {
  /** An application command for the state machine. */
  Normal = 0,
  /** A single-server membership change; `data` is an encoded ConfChange. */
  ConfChange = 1,
  /** The empty entry a new leader appends to commit its term. */
  Noop = 2
}

export interface Entry {
  index: number
  term: number
  type: EntryType
  data: Uint8Array
}

export interface ConfState {
  voters: NodeId[]
  /** Non-voting members that receive the log (catching up before promotion). */
  learners: NodeId[]
  /**
   * The replica (incarnation) each voter was promoted as. A peer that lost its
   * state comes back as a new replica: until it is promoted again, its votes
   * and acknowledgements are not the voter's. Voters added without one (older
   * logs, other members of a bootstrap conf) are not checked.
   */
  incarnations?: Record<NodeId, string>
}

export type ConfChange =
  | { type: 'addVoter', node: NodeId, incarnation?: string }
  | { type: 'addLearner', node: NodeId }
  | { type: 'remove', node: NodeId }

/** What must be on disk before any message of the same Ready is sent. */
export interface HardState {
  term: number
  vote: NodeId | ''
  commit: number
}

export interface Snapshot {
  index: number
  term: number
  conf: ConfState
  data: Uint8Array
}

export enum MessageType {
  PreVote = 0,
  PreVoteResponse = 1,
  Vote = 2,
  VoteResponse = 3,
  Append = 4,
  AppendResponse = 5,
  Snapshot = 6,
  /** Tells the target to campaign at once (leadership transfer). */
  TimeoutNow = 7,
  /** A leader's answer to a (pre-)vote request from a node its committed configuration no longer holds. */
  Removed = 8
}

export interface Message {
  type: MessageType
  from: NodeId
  to: NodeId
  term: number
  /** Append: index of the entry before `entries`; Vote/PreVote: candidate's last log index; AppendResponse: the follower's match index, or on reject the rejected `logIndex`. */
  logIndex: number
  /** Append: term at `logIndex`; Vote/PreVote: candidate's last log term; AppendResponse on reject: the follower's term at `rejectHint`. */
  logTerm: number
  entries: Entry[]
  /** Append: leader's commit index. */
  commit: number
  /** Responses: true when refused. */
  reject: boolean
  /** AppendResponse on reject: the last index where the follower's log could still match, so the leader can skip back. */
  rejectHint: number
  snapshot?: Snapshot
  /** Vote: the campaign was asked for by the leader (TimeoutNow), so voters ignore their leader lease. */
  transfer?: boolean
  /** Heartbeat: the ReadIndex round it confirms leadership for; echoed in the AppendResponse. */
  context?: number
  /** Heartbeat: the leader goes quiet; a follower that agrees on log end and commit goes quiet too. */
  quiesce?: boolean
  /** The sender's replica incarnation. */
  incarnation?: string
}

export enum Role { Follower = 'follower', PreCandidate = 'pre-candidate', Candidate = 'candidate', Leader = 'leader' }

export interface Ready {
  /** Set when term, vote or commit changed: persist before sending `messages`. */
  hardState?: HardState
  /** Entries to persist; any stored entries at or after `entries[0].index` are replaced. */
  entries: Entry[]
  /** A snapshot received from the leader: persist it, drop every stored entry (the log now starts after it), restore the state machine from it. */
  snapshot?: Snapshot
  /** Send after persisting the above; with `appendsFirst`, the Append messages among them may go before. */
  messages: Message[]
  /** A leader's appends, whose term and vote are already on disk: they may be sent while the rest is persisted. */
  appendsFirst?: boolean
  /** Newly committed entries, in order, to apply to the state machine. */
  committed: Entry[]
  /** Reads whose leadership round has completed: serve each once `index` is applied. */
  readStates: ReadState[]
}

/** A linearizable read confirmed by a quorum: it may be served once the state machine has applied `index`. */
export interface ReadState {
  id: number
  index: number
}

export interface Status {
  id: NodeId
  role: Role
  term: number
  leader: NodeId | ''
  commit: number
  applied: number
  lastIndex: number
  conf: ConfState
  /** On a leader: how far each other member's log is known to match ours, and the incarnation it last spoke as. */
  progress?: Record<NodeId, { match: number, next: number, incarnation: string }>
  /** On a leader: voters now answering as another incarnation than the one promoted (they lost their state); replace them. */
  strangers?: NodeId[]
  /** A leader told this node that its committed configuration no longer holds it: it stays quiet. */
  removed: boolean
  /** No ticks count and no heartbeats go until something wakes the group. */
  quiesced: boolean
  /** On a leader: a follower needs a snapshot newer than the one kept; compact when you can. */
  snapshotWanted: boolean
}
