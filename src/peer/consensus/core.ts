// The Raft consensus core, shaped like etcd-raft: a pure, deterministic state
// machine. tick() and step() change state and queue effects; ready() hands the
// effects to a driver, which persists, sends and applies them, then advance()s.
// No I/O, no clock, no Math.random: the random source is injected.
import { applyConfChange, copyConf, decodeConfChange, encodeConfChange } from './conf-change.js'
import { RaftLog } from './log.js'
import { Progress, ProgressState } from './progress.js'
import { EntryType, MessageType, Role } from './types.js'
import type { ConfChange, ConfState, Entry, HardState, Message, NodeId, ReadState, Ready, Snapshot, Status } from './types.js'

export { decodeConfChange, encodeConfChange } from './conf-change.js'

const DEFAULT_MAX_BYTES_PER_APPEND = 1024 * 1024
/** The largest command a proposal may carry: it must fit one transport message (4 MiB) with room for the envelope. */
export const MAX_ENTRY_BYTES = 3 * 1024 * 1024
export interface RaftOptions {
  id: NodeId
  /** This replica's incarnation: made once when the replica's state is first created, so a replica that lost its state is told apart. */
  incarnation?: string
  /** Election timeout, randomised per term in [electionTicks, 2*electionTicks). */
  electionTicks: number
  heartbeatTicks: number
  /** Uniform in [0, 1). */
  random: () => number
  /** Dissertation §9.6: ask before bumping the term. Default true. */
  preVote?: boolean
  /** A leader that has not heard from a quorum for an election timeout steps down, and followers honour a leader lease. Default true. */
  checkQuorum?: boolean
  /** Default 64. */
  maxEntriesPerAppend?: number
  /**
   * Entry bytes per append message (a larger single entry still goes alone).
   * Default 1 MiB, well inside the transport's 4 MiB message cap.
   */
  maxBytesPerAppend?: number
  /** Bytes of one proposed command; larger proposals throw TooLargeError. Default MAX_ENTRY_BYTES. */
  maxEntryBytes?: number
  /** Unacknowledged appends in flight to one follower. Default 64. */
  maxInflightAppends?: number
  /** Resend a snapshot nobody acknowledged after this many ticks. Default 4 * electionTicks. */
  snapshotRetryTicks?: number
  hardState?: HardState
  /** The last persisted snapshot. */
  snapshot?: Snapshot
  /** Persisted entries after the snapshot. */
  entries?: Entry[]
  /** Index already applied to the state machine; default snapshot.index. */
  applied?: number
  /**
   * Only for a brand-new group: with no snapshot and no entries, the core writes
   * one ConfChange entry per member at term 1, committed, so the conf lives in
   * the log from then on. Ignored when the node has a snapshot or entries.
   */
  conf?: ConfState
}

export class NotLeaderError extends Error {
  override name = 'NotLeaderError'
  constructor (readonly leader: NodeId | '') {
    super(leader === '' ? 'not the leader, and no leader is known' : `not the leader; try ${leader}`)
  }
}

export class TooLargeError extends Error {
  override name = 'TooLargeError'
  readonly code = 'TOO_LARGE'
  constructor (bytes: number, max: number) {
    super(`a command of ${bytes} bytes is over the ${max}-byte limit`)
  }
}

export class ConfChangeInProgressError extends Error {
  override name = 'ConfChangeInProgressError'
  constructor () {
    super('a membership change is not yet committed, or the leader has not committed an entry of its term yet')
  }
}

const NONE = ''
const EMPTY = new Uint8Array(0)
const NO_CONF: ConfState = freezeConf({ voters: [], learners: [] })
const MESSAGE_TYPES = new Set(Object.values(MessageType))
const RESPONSE_TO = new Map([
  [MessageType.PreVote, MessageType.PreVoteResponse],
  [MessageType.Vote, MessageType.VoteResponse]
])

type MessageFields = Partial<Message> & Pick<Message, 'type' | 'to'>

export class RaftCore {
  readonly id: NodeId
  private readonly incarnation: string
  private readonly electionTicks: number
  private readonly heartbeatTicks: number
  private readonly random: () => number
  private readonly preVote: boolean
  private readonly checkQuorum: boolean
  private readonly maxEntries: number
  private readonly maxBytes: number
  private readonly maxEntryBytes: number
  private readonly maxInflight: number
  private readonly snapshotRetryTicks: number

  private readonly log: RaftLog
  private term = 0
  private vote: NodeId | '' = NONE
  private role = Role.Follower
  private lead: NodeId | '' = NONE
  /** The conf as of the last entry in the log: changes take effect when appended. Frozen, so status() can hand it out. */
  private conf: ConfState = NO_CONF
  private lastConfIndex = 0
  private readonly prs = new Map<NodeId, Progress>()
  private readonly votes = new Map<NodeId, boolean>()
  private transferee: NodeId | '' = NONE
  private electionElapsed = 0
  private heartbeatElapsed = 0
  private randomizedElectionTimeout = 0
  private msgs: Message[] = []
  /** New entries the followers have not been sent yet. */
  private broadcastPending = false
  private prevHardState: HardState
  /** Between ready() and advance(): compaction must wait, or it could hand out state not yet persisted. */
  private readyOutstanding = false
  /** A follower needs a snapshot and ours predates its joining: the driver should compact. */
  private snapshotWanted = false
  /** A leader told us our removal is committed; cleared when a leader contacts us. */
  private removed = false
  /**
   * Nothing to do (CockroachDB's quiesced ranges): no ticks count, no
   * heartbeats go. Any message, proposal or read wakes the group; so does
   * wake(), which the failure detector calls when the leader's peer dies.
   */
  private quiesced = false
  /** Reads waiting for the next leadership round (ReadIndex). */
  private pendingReads: number[] = []
  /** The leadership round in flight: heartbeats carry its context; a quorum of echoes releases its reads at `index`. */
  private readRound: { context: number, index: number, acks: Set<NodeId>, ids: number[] } | undefined
  private readContext = 0
  private readStates: ReadState[] = []

  constructor (opts: RaftOptions) {
    if (!(opts.heartbeatTicks >= 1 && opts.electionTicks > opts.heartbeatTicks)) {
      throw new RangeError('need 1 <= heartbeatTicks < electionTicks')
    }
    this.id = opts.id
    this.incarnation = opts.incarnation ?? ''
    this.electionTicks = opts.electionTicks
    this.heartbeatTicks = opts.heartbeatTicks
    this.random = opts.random
    this.preVote = opts.preVote ?? true
    this.checkQuorum = opts.checkQuorum ?? true
    this.maxEntries = Math.max(1, opts.maxEntriesPerAppend ?? 64)
    this.maxBytes = opts.maxBytesPerAppend ?? DEFAULT_MAX_BYTES_PER_APPEND
    this.maxEntryBytes = opts.maxEntryBytes ?? MAX_ENTRY_BYTES
    this.maxInflight = Math.max(1, opts.maxInflightAppends ?? 64)
    this.snapshotRetryTicks = opts.snapshotRetryTicks ?? 4 * opts.electionTicks

    const hs = opts.hardState ?? { term: 0, vote: NONE, commit: 0 }
    this.prevHardState = { ...hs }
    this.log = new RaftLog(opts.snapshot ?? { index: 0, term: 0, conf: NO_CONF, data: EMPTY }, opts.entries ?? [])
    this.term = hs.term
    this.vote = hs.vote
    let commit = hs.commit
    if (opts.snapshot === undefined && this.log.lastIndex() === 0 && opts.conf !== undefined && opts.conf.voters.length > 0) {
      const changes: ConfChange[] = [
        ...opts.conf.voters.map(node => node === this.id && this.incarnation !== '' ? { type: 'addVoter' as const, node, incarnation: this.incarnation } : { type: 'addVoter' as const, node }),
        ...opts.conf.learners.map(node => ({ type: 'addLearner' as const, node }))
      ]
      this.log.append(changes.map((cc, k) => ({ index: k + 1, term: 1, type: EntryType.ConfChange, data: encodeConfChange(cc) })))
      this.term = Math.max(this.term, 1)
      commit = changes.length
    }
    // What was applied was committed, even if a commit-only hard state was lost in a crash.
    this.log.commitTo(Math.max(commit, opts.applied ?? 0))
    this.log.appliedTo(Math.min(opts.applied ?? 0, this.log.committed))
    this.recomputeConf()
    this.becomeFollower(this.term, NONE)
  }

  // ---- the driver's interface ----

  tick (): void {
    if (this.quiesced) return
    if (this.role === Role.Leader) this.tickLeader()
    else this.tickElection()
  }

  isQuiesced (): boolean {
    return this.quiesced
  }

  /** The leader as this node knows it (itself when leading); '' when unknown. Cheaper than status(). */
  leader (): NodeId | '' {
    return this.lead
  }

  /**
   * Ends quiescence. With `deadLeader` (the failure detector's verdict on the
   * leader's peer), a follower also forgets that leader, so its lease no
   * longer refuses candidates and its election timer runs. It also tells that
   * leader it is listening: the detector hears gossip, which a loaded peer
   * may delay for seconds, and a leader that is alive after all wakes and
   * heartbeats before any election timer runs out. The word claims no more
   * than the commit index: the entries after it may be another term's.
   */
  wake (deadLeader?: NodeId): void {
    if (deadLeader !== undefined && this.lead === deadLeader && this.role !== Role.Leader) {
      this.lead = NONE
      this.electionElapsed = 0
      this.send({ type: MessageType.AppendResponse, to: deadLeader, logIndex: this.log.committed })
    }
    this.unquiesce()
  }

  step (m: Message): void {
    if (!this.acceptable(m)) return
    const quietHeartbeat = m.type === MessageType.Append && m.quiesce === true
    // The answer of a follower that went quiet with us does not wake us.
    const quietAnswer = m.type === MessageType.AppendResponse && m.quiesce === true && this.role === Role.Leader
    // A quiesced follower keeps its leader's lease: the failure detector wakes it if that leader dies.
    const inLease = this.lead !== NONE && (this.quiesced || this.electionElapsed < this.electionTicks)
    if (this.quiesced && !quietAnswer && !(quietHeartbeat && m.from === this.lead)) {
      this.unquiesce()
      // The leader may be quiet too: tell it we are listening, or our election timer would depose it.
      if (this.role === Role.Follower && this.lead !== NONE && m.from !== this.lead) {
        this.send({ type: MessageType.AppendResponse, to: this.lead, logIndex: this.log.committed })
      }
    }
    this.stepMessage(m, inLease)
    if (quietHeartbeat && this.role === Role.Follower && this.lead === m.from && this.term === m.term) this.maybeQuiesceFollower(m)
  }

  private stepMessage (m: Message, inLease: boolean): void {
    if (m.type === MessageType.Removed) {
      // Only from a leader of our term or a later one: a deposed leader that has
      // not heard of its successor's configuration would silence a current voter.
      if (m.term < this.term) return
      this.removed = true
      if (m.term > this.term || this.role !== Role.Follower) this.becomeFollower(m.term, NONE)
      return
    }
    if ((m.type === MessageType.PreVote || m.type === MessageType.Vote) && this.role === Role.Leader && this.removedFromConf(m.from)) {
      this.send({ type: MessageType.Removed, to: m.from })
      return
    }
    if (m.term > this.term) {
      if (m.type === MessageType.PreVote || m.type === MessageType.Vote) {
        // Leader lease (dissertation §4.2.3): while we hear from a leader, a
        // candidate is disruptive, not needed; only a transfer may overrule it.
        if (m.transfer !== true && inLease && (this.checkQuorum || m.type === MessageType.PreVote)) return
      }
      // A pre-vote is for a term its sender has not started; a granted one names that term.
      const futureTerm = m.type === MessageType.PreVote || (m.type === MessageType.PreVoteResponse && !m.reject)
      if (!futureTerm) {
        const fromLeader = m.type === MessageType.Append || m.type === MessageType.Snapshot
        const elapsed = this.electionElapsed
        this.becomeFollower(m.term, fromLeader ? m.from : NONE)
        // Only a granted vote or a leader restarts the election timer (Raft §5.2): a
        // refused candidate that restarted it every round, on a clock a little
        // faster, would keep a voter whose log is ahead from ever standing.
        if (m.type === MessageType.Vote) this.electionElapsed = elapsed
      }
    } else if (m.term < this.term) {
      // With pre-vote or check-quorum a node whose term ran ahead may never get
      // a leader's attention through elections; tell a stale leader our term.
      if ((this.checkQuorum || this.preVote) && (m.type === MessageType.Append || m.type === MessageType.Snapshot)) {
        this.send({ type: MessageType.AppendResponse, to: m.from })
      } else if (m.type === MessageType.PreVote) {
        this.send({ type: MessageType.PreVoteResponse, to: m.from, reject: true })
      }
      return
    }

    if (m.type === MessageType.PreVote || m.type === MessageType.Vote) this.handleVoteRequest(m)
    else if (this.role === Role.Leader) this.stepLeader(m)
    else if (this.role === Role.Follower) this.stepFollower(m)
    else this.stepCandidate(m)
  }

  propose (data: Uint8Array): number {
    if (data.length > this.maxEntryBytes) throw new TooLargeError(data.length, this.maxEntryBytes)
    this.assertLeader()
    this.unquiesce()
    return this.appendAsLeader(EntryType.Normal, data)
  }

  /**
   * Asks for a linearizable read (ReadIndex): once a quorum has confirmed this
   * leadership in a round started after now, a Ready carries ReadState `id`
   * with the commit index to wait for. Reads arriving while a round is out
   * share the next one. Dropped, without a ReadState, if leadership is lost.
   */
  readIndex (id: number): void {
    this.assertLeader()
    this.unquiesce()
    this.pendingReads.push(id)
    this.maybeStartReadRound()
  }

  proposeConfChange (cc: ConfChange): number {
    this.assertLeader()
    // A promotion binds the voter to the replica the leader has been replicating to.
    const seen = this.prs.get(cc.node)?.incarnation ?? (cc.node === this.id ? this.incarnation : '')
    if (cc.type === 'addVoter' && cc.incarnation === undefined && seen !== '') cc = { ...cc, incarnation: seen }
    if (this.lastConfIndex > this.log.committed || this.log.term(this.log.committed) !== this.term) {
      throw new ConfChangeInProgressError()
    }
    const next = applyConfChange(this.conf, cc)
    if (next.voters.length === 0) throw new RangeError('a membership change may not remove the last voter')
    this.unquiesce()
    return this.appendAsLeader(EntryType.ConfChange, encodeConfChange(cc))
  }

  campaign (): void {
    this.unquiesce()
    if (this.role !== Role.Leader && this.promotable()) this.startElection(this.preVote, false)
  }

  /** Hands leadership to a voter once it has our whole log; proposals are refused meanwhile. */
  transferLeadership (to: NodeId): void {
    if (this.role !== Role.Leader) throw new NotLeaderError(this.lead)
    if (to === this.id || to === this.transferee) return
    this.unquiesce()
    const pr = this.prs.get(to)
    if (pr === undefined || !this.conf.voters.includes(to)) throw new RangeError(`${to} is not a voter`)
    this.transferee = to
    this.electionElapsed = 0 // the transfer times out after one election timeout
    if (pr.match === this.log.lastIndex()) this.send({ type: MessageType.TimeoutNow, to })
    else this.sendMore(to, pr)
  }

  hasReady (): boolean {
    const log = this.log
    return this.msgs.length > 0 || this.broadcastPending || this.readStates.length > 0 || log.unstableSnapshot !== undefined || log.lastIndex() > log.persisting ||
      log.committed > log.applying || !sameHardState(this.hardState(), this.prevHardState)
  }

  /**
   * Persist `snapshot`, `entries` and `hardState` (atomically if you can), then
   * send `messages`, then restore the snapshot and apply `committed` to the state
   * machine, then advance(). Take the next Ready only after advancing this one;
   * step() and tick() may be called in between.
   */
  ready (): Ready {
    this.flushBroadcast()
    const log = this.log
    const rd: Ready = { entries: log.unstableEntries(), messages: this.msgs, committed: log.nextCommitted(), readStates: this.readStates }
    const hs = this.hardState()
    if (!sameHardState(hs, this.prevHardState)) rd.hardState = this.prevHardState = hs
    if (log.unstableSnapshot !== undefined) rd.snapshot = log.unstableSnapshot
    log.unstableSnapshot = undefined
    log.persisting = log.lastIndex()
    log.applying = Math.max(log.applying, log.committed)
    this.msgs = []
    this.readStates = []
    this.readyOutstanding = true
    return rd
  }

  advance (rd: Ready): void {
    this.readyOutstanding = false
    const last = rd.entries.at(-1)
    if (last !== undefined) this.log.stableTo(last.index, last.term)
    if (rd.snapshot !== undefined) this.log.appliedTo(rd.snapshot.index)
    const applied = rd.committed.at(-1)
    if (applied !== undefined) this.log.appliedTo(applied.index)
  }

  /**
   * The driver snapshotted its state machine at applied `index`. Returns the
   * snapshot in effect (an older call's, if `index` is not newer), or
   * undefined while a Ready or a leader's snapshot is not yet persisted and
   * applied: compact again after advance().
   */
  compact (index: number, data: Uint8Array): Snapshot | undefined {
    if (this.readyOutstanding || this.log.unstableSnapshot !== undefined) return undefined
    if (index <= this.log.snapshot.index) return this.log.snapshot
    if (index > this.log.applied) throw new RangeError(`cannot compact at ${index}: only ${this.log.applied} is applied`)
    const snapshot: Snapshot = { index, term: this.log.term(index) as number, conf: this.confAt(index), data }
    this.log.compact(snapshot)
    this.snapshotWanted = false
    return snapshot
  }

  /** The index of a leader's snapshot stepped and not yet handed out in a Ready, if any. */
  pendingSnapshotIndex (): number | undefined {
    return this.log.unstableSnapshot?.index
  }

  /** Snapshot metadata at an applied index still in the log: for a state that is its own snapshot. */
  snapshotAt (index: number): Snapshot {
    if (index < this.log.snapshot.index || index > this.log.applied) throw new RangeError(`no snapshot at ${index}: the log holds ${this.log.snapshot.index} to ${this.log.applied} applied`)
    return { index, term: this.log.term(index) as number, conf: this.confAt(index), data: EMPTY }
  }

  reportUnreachable (to: NodeId): void {
    const pr = this.role === Role.Leader ? this.prs.get(to) : undefined
    if (pr !== undefined && pr.state !== ProgressState.Probe) pr.becomeProbe()
  }

  status (): Status {
    const status: Status = {
      id: this.id,
      role: this.role,
      term: this.term,
      leader: this.lead,
      commit: this.log.committed,
      applied: this.log.applied,
      lastIndex: this.log.lastIndex(),
      conf: this.conf,
      removed: this.removed,
      quiesced: this.quiesced,
      snapshotWanted: this.snapshotWanted
    }
    if (this.role === Role.Leader) {
      status.progress = {}
      status.strangers = []
      for (const [id, pr] of this.prs) {
        status.progress[id] = { match: pr.match, next: pr.next, incarnation: pr.incarnation }
        // Only one that has answered as another replica: a follower not heard from yet this term is no stranger.
        if (pr.incarnation !== '' && this.conf.voters.includes(id) && !this.bound(id, pr.incarnation)) status.strangers.push(id)
      }
    }
    return status
  }

  // ---- roles ----

  private flushBroadcast (): void {
    if (!this.broadcastPending) return
    this.broadcastPending = false
    if (this.role === Role.Leader) for (const [id, pr] of this.prs) this.sendMore(id, pr)
  }

  private unquiesce (): void {
    if (!this.quiesced) return
    this.quiesced = false
    this.electionElapsed = 0
    this.heartbeatElapsed = 0
    // Who answered before the quiet proves nothing now: a leader must hear from
    // them again before it goes quiet again, and its check-quorum counts anew.
    for (const pr of this.prs.values()) pr.recentActive = false
  }

  /**
   * The leader may go quiet when every follower has our whole log and knows
   * it is committed, was heard from this check-quorum round, and nothing is
   * pending: no read, no transfer, no snapshot wanted.
   */
  private canQuiesce (): boolean {
    const log = this.log
    const last = log.lastIndex()
    if (this.transferee !== NONE || this.readRound !== undefined || this.pendingReads.length > 0 || this.snapshotWanted) return false
    if (log.committed !== last || log.term(last) !== this.term || log.applying !== last) return false
    for (const pr of this.prs.values()) {
      if (pr.match !== last || pr.sentCommit < last || pr.state !== ProgressState.Replicate || !pr.recentActive) return false
    }
    return true
  }

  /** A quiesce heartbeat we fully agree with (same log end, same commit) lets us go quiet too. */
  private maybeQuiesceFollower (m: Message): void {
    const log = this.log
    if (this.role === Role.Follower && m.logIndex === log.lastIndex() && log.matchTerm(m.logIndex, m.logTerm) && log.committed === m.commit) {
      this.quiesced = true
    }
  }

  private reset (term: number): void {
    if (term !== this.term) {
      this.term = term
      this.vote = NONE
    }
    this.lead = NONE
    this.electionElapsed = 0
    this.heartbeatElapsed = 0
    this.randomizedElectionTimeout = this.electionTicks + Math.floor(this.random() * this.electionTicks)
    this.transferee = NONE
    this.votes.clear()
    this.prs.clear()
    this.pendingReads = []
    this.readRound = undefined
  }

  private becomeFollower (term: number, lead: NodeId | ''): void {
    this.reset(term)
    this.role = Role.Follower
    this.lead = lead
  }

  private becomeLeader (): void {
    this.reset(this.term)
    this.role = Role.Leader
    this.lead = this.id
    this.syncProgress()
    for (const pr of this.prs.values()) pr.recentActive = false // the first check-quorum round must hear from them
    this.appendAsLeader(EntryType.Noop, EMPTY)
  }

  private isVoter (): boolean {
    return this.conf.voters.includes(this.id) && this.bound(this.id, this.incarnation)
  }

  /** True unless `id` was promoted as another incarnation than `incarnation` (unbound voters are not checked). */
  private bound (id: NodeId, incarnation: string | undefined, conf = this.conf): boolean {
    const promoted = conf.incarnations?.[id]
    return promoted === undefined || promoted === incarnation
  }

  /**
   * May start an election: a voter of the newest conf, or, as the dissertation
   * says (§4.2.2), one whose own removal has not committed yet. Such a node
   * does not count its own vote, but it may hold the only copy of the removal,
   * and without it the others may lack a quorum of the old conf. A learner
   * may too, on the same terms: it can hold the newest log of all, and the
   * voters that must vote for someone then refuse everyone else. Whoever wins
   * without being a voter hands over once its first entry commits.
   */
  private promotable (): boolean {
    if (this.removed) return false
    if (this.isVoter() || this.conf.learners.includes(this.id)) return true
    if (this.lastConfIndex <= this.log.committed) return false
    const committed = this.confAt(this.log.committed)
    return committed.voters.includes(this.id) && this.bound(this.id, this.incarnation, committed)
  }

  /** A member our committed conf no longer holds (so it cannot be re-added without our knowing). */
  private removedFromConf (id: NodeId): boolean {
    return this.lastConfIndex <= this.log.committed && !inConf(this.conf, id)
  }

  private tickElection (): void {
    this.electionElapsed++
    if (this.electionElapsed >= this.randomizedElectionTimeout && this.promotable()) {
      this.electionElapsed = 0
      this.startElection(this.preVote, false)
    }
  }

  private tickLeader (): void {
    this.heartbeatElapsed++
    this.electionElapsed++
    if (this.electionElapsed >= this.electionTicks) {
      this.electionElapsed = 0
      if (this.checkQuorum && !this.quorumActive()) {
        this.becomeFollower(this.term, NONE)
        return
      }
      this.transferee = NONE
    }
    for (const [id, pr] of this.prs) {
      if (pr.state === ProgressState.Snapshot && ++pr.snapshotTicks >= this.snapshotRetryTicks) {
        pr.becomeProbe()
        this.sendAppend(id, pr, true)
      }
    }
    if (this.heartbeatElapsed >= this.heartbeatTicks) {
      this.heartbeatElapsed = 0
      const quiesce = this.canQuiesce()
      for (const [id, pr] of this.prs) this.sendHeartbeat(id, pr, quiesce)
      if (quiesce) this.quiesced = true
    }
  }

  /** Counts who was heard from this round, then starts the next round. */
  private quorumActive (): boolean {
    let active = 0
    for (const v of this.conf.voters) if (v === this.id || this.prs.get(v)?.recentActive === true) active++
    for (const pr of this.prs.values()) pr.recentActive = false
    return active >= quorum(this.conf.voters.length)
  }

  private startElection (pre: boolean, transfer: boolean): void {
    if (pre) {
      // Unlike becomeCandidate, neither term nor vote changes: nothing to persist.
      this.role = Role.PreCandidate
      this.lead = NONE
      this.votes.clear()
    } else {
      this.reset(this.term + 1)
      this.role = Role.Candidate
      this.vote = this.id
    }
    if (this.poll(this.id, true, this.incarnation) === 'won') {
      if (pre) this.startElection(false, false)
      else this.becomeLeader()
      return
    }
    for (const to of this.conf.voters) {
      if (to === this.id) continue
      this.send({
        type: pre ? MessageType.PreVote : MessageType.Vote,
        to,
        term: pre ? this.term + 1 : this.term,
        logIndex: this.log.lastIndex(),
        logTerm: this.log.lastTerm(),
        ...(transfer ? { transfer } : {})
      })
    }
  }

  private poll (from: NodeId, granted: boolean, incarnation: string | undefined): 'won' | 'lost' | 'pending' {
    const voters = this.conf.voters
    if (voters.includes(from) && this.bound(from, incarnation) && !this.votes.has(from)) this.votes.set(from, granted)
    let yes = 0
    for (const v of this.votes.values()) if (v) yes++
    const q = quorum(voters.length)
    if (yes >= q) return 'won'
    return this.votes.size - yes > voters.length - q ? 'lost' : 'pending'
  }

  // ---- stepping by role ----

  private handleVoteRequest (m: Message): void {
    const canVote = this.vote === m.from || (this.vote === NONE && this.lead === NONE) ||
      (m.type === MessageType.PreVote && m.term > this.term)
    const type = RESPONSE_TO.get(m.type) as MessageType
    if (canVote && this.log.isUpToDate(m.logIndex, m.logTerm)) {
      this.send({ type, to: m.from, term: m.term })
      if (m.type === MessageType.Vote) {
        this.electionElapsed = 0
        this.vote = m.from
      }
    } else {
      this.send({ type, to: m.from, reject: true })
      // An election is on and its candidate's log is behind ours: it cannot
      // win, we could, so stand soon rather than after a whole timeout (at a
      // random tick, so the voters ahead of it do not all stand at once and
      // split the vote). Without pre-vote, a behind candidate on a faster
      // clock otherwise keeps the term ahead of us for good.
      const behind = !this.log.isUpToDate(m.logIndex, m.logTerm)
      if (m.type === MessageType.Vote && behind && !this.preVote && this.role === Role.Follower) {
        const soon = this.randomizedElectionTimeout - 1 - Math.floor(this.random() * this.electionTicks / 2)
        this.electionElapsed = Math.max(this.electionElapsed, soon)
      }
    }
  }

  private stepFollower (m: Message): void {
    if (m.type === MessageType.Append || m.type === MessageType.Snapshot) {
      this.electionElapsed = 0
      this.lead = m.from
      this.removed = false
      if (m.type === MessageType.Append) this.handleAppend(m)
      else this.handleSnapshot(m)
    } else if (m.type === MessageType.TimeoutNow && this.promotable()) {
      this.startElection(false, true)
    }
  }

  private stepCandidate (m: Message): void {
    if (m.type === MessageType.Append || m.type === MessageType.Snapshot) {
      this.becomeFollower(m.term, m.from)
      this.stepFollower(m)
      return
    }
    const mine = this.role === Role.PreCandidate ? MessageType.PreVoteResponse : MessageType.VoteResponse
    if (m.type !== mine) return
    const result = this.poll(m.from, !m.reject, m.incarnation)
    if (result === 'won') {
      if (this.role === Role.PreCandidate) this.startElection(false, false)
      else this.becomeLeader()
    } else if (result === 'lost') {
      this.becomeFollower(this.term, NONE)
    }
  }

  private stepLeader (m: Message): void {
    const pr = this.prs.get(m.from)
    if (pr === undefined) return
    const incarnation = m.incarnation ?? ''
    if (incarnation !== '' && pr.incarnation !== '' && incarnation !== pr.incarnation) pr.replaced(this.log.lastIndex() + 1)
    pr.incarnation = incarnation
    // A voter back as another replica (it lost its state) acknowledges nothing for the one we promoted.
    if (this.conf.voters.includes(m.from) && !this.bound(m.from, pr.incarnation)) return
    pr.recentActive = true
    if (m.type !== MessageType.AppendResponse) return
    if (m.context !== undefined && m.context === this.readRound?.context) this.ackReadRound(m.from)
    this.handleAppendResponse(m, pr)
  }

  // ---- ReadIndex ----

  private maybeStartReadRound (): void {
    if (this.readRound !== undefined || this.pendingReads.length === 0) return
    // Until an entry of our term commits, our commit index may trail what earlier leaders committed.
    if (this.log.term(this.log.committed) !== this.term) return
    this.readRound = { context: ++this.readContext, index: this.log.committed, acks: new Set(), ids: this.pendingReads }
    this.pendingReads = []
    if (this.readRoundConfirmed()) return
    for (const [id, pr] of this.prs) if (this.conf.voters.includes(id)) this.sendHeartbeat(id, pr)
  }

  private ackReadRound (from: NodeId): void {
    if (!this.conf.voters.includes(from)) return
    this.readRound?.acks.add(from)
    this.readRoundConfirmed()
  }

  /** Releases the round's reads once a quorum of voters (us included, if we vote) has echoed it, then starts the next. */
  private readRoundConfirmed (): boolean {
    const round = this.readRound
    if (round === undefined || round.acks.size + (this.isVoter() ? 1 : 0) < quorum(this.conf.voters.length)) return false
    for (const id of round.ids) this.readStates.push({ id, index: round.index })
    this.readRound = undefined
    this.maybeStartReadRound()
    return true
  }

  // ---- replication, follower side ----

  private handleAppend (m: Message): void {
    const log = this.log
    // Everything up to our commit is in every later leader's log, so it matches.
    const context = m.context
    if (m.logIndex < log.committed) {
      this.send({ type: MessageType.AppendResponse, to: m.from, logIndex: log.committed, context })
      return
    }
    if (!log.matchTerm(m.logIndex, m.logTerm)) {
      const [hint, hintTerm] = log.findConflictByTerm(Math.min(m.logIndex, log.lastIndex()), m.logTerm)
      this.send({ type: MessageType.AppendResponse, to: m.from, reject: true, logIndex: m.logIndex, rejectHint: hint, logTerm: hintTerm, context })
      return
    }
    const last = m.logIndex + m.entries.length
    const conflict = log.findConflict(m.entries)
    if (conflict > 0) {
      if (conflict <= log.committed) return // would rewrite a committed entry: not a message from a real leader
      this.appendToLog(m.entries.slice(conflict - m.logIndex - 1))
    }
    log.commitTo(Math.min(m.commit, last))
    this.send({ type: MessageType.AppendResponse, to: m.from, logIndex: last, context, ...(m.quiesce === true ? { quiesce: true } : {}) })
  }

  private handleSnapshot (m: Message): void {
    const s = m.snapshot as Snapshot
    const log = this.log
    if (s.index > log.committed && inConf(s.conf, this.id)) {
      if (log.matchTerm(s.index, s.term)) {
        log.commitTo(s.index)
      } else {
        log.restore(s)
        this.recomputeConf()
      }
    }
    this.send({ type: MessageType.AppendResponse, to: m.from, logIndex: log.committed })
  }

  // ---- replication, leader side ----

  private assertLeader (): void {
    if (this.role !== Role.Leader) throw new NotLeaderError(this.lead)
    if (this.transferee !== NONE) throw new NotLeaderError(this.transferee)
    // A leader that is no voter (a learner that won, or one whose removal is under way) takes no writes: its
    // no-op stays its last entry, so a voter that acknowledges it can be handed the group (finding 5).
    if (!this.isVoter()) throw new NotLeaderError(NONE)
  }

  private appendAsLeader (type: EntryType, data: Uint8Array): number {
    const index = this.log.lastIndex() + 1
    this.appendToLog([{ index, term: this.term, type, data }])
    // Sent at the next ready(), so the proposals of one batch travel in one append per follower.
    this.broadcastPending = true
    this.maybeCommit()
    return index
  }

  private handleAppendResponse (m: Message, pr: Progress): void {
    const last = this.log.lastIndex()
    if (m.reject) {
      const hint = m.logTerm > 0 ? this.log.findConflictByTerm(m.rejectHint, m.logTerm)[0] : m.rejectHint
      if (pr.maybeDecrTo(m.logIndex, hint)) this.sendAppend(m.from, pr, true)
      return
    }
    if (m.logIndex > last) return
    const emptyProbeMatched = pr.state === ProgressState.Probe && m.logIndex === pr.match && m.logIndex === pr.next - 1
    pr.probeSent = false
    if (pr.maybeUpdate(m.logIndex) || emptyProbeMatched) {
      if (pr.state === ProgressState.Replicate) pr.acked(m.logIndex)
      else if (pr.state === ProgressState.Probe) pr.becomeReplicate()
      else if (pr.match >= pr.pendingSnapshot) {
        if (pr.match + 1 >= this.log.firstIndex()) pr.becomeReplicate()
        else pr.becomeProbe()
      }
      this.maybeCommit()
      if (this.role !== Role.Leader) return // committed our own removal
      if (m.from === this.transferee && pr.match === last) this.send({ type: MessageType.TimeoutNow, to: m.from })
    } else if (pr.state === ProgressState.Replicate && pr.match < last) {
      // A reply that brings no news (typically to a heartbeat) while the follower
      // lags: appends may have been lost. An empty append at `next` finds out.
      pr.freeOne()
      if (this.sendAppend(m.from, pr, true)) return
    }
    this.sendMore(m.from, pr)
  }

  /** Sends what flow control allows; failing that, a commit index the follower lacks. */
  private sendMore (to: NodeId, pr: Progress): void {
    let sent = false
    if (pr.state === ProgressState.Probe) sent = pr.match < this.log.lastIndex() && this.sendAppend(to, pr, true)
    else while (this.sendAppend(to, pr, false)) sent = true
    if (!sent && pr.state !== ProgressState.Snapshot && Math.min(this.log.committed, pr.match) > pr.sentCommit) {
      this.sendHeartbeat(to, pr)
    }
  }

  private sendAppend (to: NodeId, pr: Progress, allowEmpty: boolean): boolean {
    if (pr.isPaused()) return false
    const log = this.log
    const prevIndex = pr.next - 1
    const prevTerm = log.term(prevIndex)
    if (prevTerm === undefined) {
      if (prevIndex > log.lastIndex()) return false
      // A snapshot that does not hold the follower would be refused: wait for a newer one.
      if (!inConf(log.snapshot.conf, to)) {
        this.snapshotWanted = true
        return false
      }
      this.send({ type: MessageType.Snapshot, to, snapshot: log.snapshot, logIndex: log.snapshot.index, logTerm: log.snapshot.term })
      pr.becomeSnapshot(log.snapshot.index)
      return true
    }
    const entries = this.withinByteLimit(log.slice(pr.next, Math.min(log.lastIndex() + 1, pr.next + this.maxEntries)))
    if (entries.length === 0 && !allowEmpty) return false
    const lastNew = prevIndex + entries.length
    this.send({ type: MessageType.Append, to, logIndex: prevIndex, logTerm: prevTerm, entries, commit: log.committed })
    pr.sentCommit = Math.max(pr.sentCommit, Math.min(log.committed, lastNew))
    pr.sent(lastNew, entries.length)
    return true
  }

  /** The longest prefix of `entries` whose data fits maxBytesPerAppend; never less than one entry. */
  private withinByteLimit (entries: Entry[]): Entry[] {
    let bytes = 0
    for (let i = 0; i < entries.length; i++) {
      bytes += entries[i].data.length
      if (bytes > this.maxBytes && i > 0) return entries.slice(0, i)
    }
    return entries
  }

  /**
   * An empty append after `match`, which the follower is known to hold, so it
   * is never refused: it keeps the follower from campaigning and carries the
   * commit index.
   */
  private sendHeartbeat (to: NodeId, pr: Progress, quiesce = false): void {
    const term = this.log.term(pr.match)
    const prevIndex = term === undefined ? 0 : pr.match
    this.send({
      type: MessageType.Append, to, logIndex: prevIndex, logTerm: term ?? 0, commit: this.log.committed, context: this.readRound?.context,
      ...(quiesce ? { quiesce } : {})
    })
    pr.sentCommit = Math.max(pr.sentCommit, Math.min(this.log.committed, prevIndex))
  }

  private maybeCommit (): void {
    const voters = this.conf.voters
    if (voters.length === 0) return
    const matches = voters.map(v => v === this.id ? (this.isVoter() ? this.log.lastIndex() : 0) : this.prs.get(v)?.match ?? 0).sort((a, b) => b - a)
    const index = matches[quorum(voters.length) - 1]
    // Only an entry of our own term commits by counting replicas (Raft §5.4.2).
    if (index <= this.log.committed || this.log.term(index) !== this.term) return
    this.log.commitTo(index)
    for (const [id, pr] of this.prs) this.sendMore(id, pr)
    if (!this.isVoter() && this.lastConfIndex <= this.log.committed) this.stepDownRemoved()
    else this.maybeStartReadRound()
  }

  /** Our removal is committed: hand over to the most caught-up voter at once rather than let the others time out. */
  private stepDownRemoved (): void {
    let best: NodeId | undefined
    for (const v of this.conf.voters) {
      if (this.prs.get(v)?.match === this.log.lastIndex()) best = v
    }
    if (best !== undefined) this.send({ type: MessageType.TimeoutNow, to: best })
    this.becomeFollower(this.term, NONE)
  }

  // ---- log and membership ----

  private appendToLog (entries: Entry[]): void {
    const truncated = entries[0].index <= this.log.lastIndex()
    this.log.append(entries)
    if (truncated && entries[0].index <= this.lastConfIndex) {
      this.recomputeConf() // the change we undid takes its effect with it
    } else {
      for (const e of entries) if (e.type === EntryType.ConfChange) this.applyConfEntry(e)
    }
    if (this.role === Role.Leader) this.syncProgress()
  }

  private applyConfEntry (e: Entry): void {
    const cc = tryDecodeConfChange(e.data)
    if (cc !== undefined) this.conf = freezeConf(applyConfChange(this.conf, cc))
    this.lastConfIndex = e.index
  }

  private recomputeConf (): void {
    this.conf = freezeConf(copyConf(this.log.snapshot.conf))
    this.lastConfIndex = 0
    for (const e of this.log.entries) if (e.type === EntryType.ConfChange) this.applyConfEntry(e)
  }

  /** The conf as of `index`, which must be in the log. */
  private confAt (index: number): ConfState {
    let conf = this.log.snapshot.conf
    for (const e of this.log.slice(this.log.firstIndex(), index + 1)) {
      const cc = e.type === EntryType.ConfChange ? tryDecodeConfChange(e.data) : undefined
      if (cc !== undefined) conf = applyConfChange(conf, cc)
    }
    return copyConf(conf)
  }

  /** Tracks exactly the members other than us. */
  private syncProgress (): void {
    const members = new Set([...this.conf.voters, ...this.conf.learners])
    members.delete(this.id)
    for (const id of this.prs.keys()) if (!members.has(id)) this.prs.delete(id)
    for (const id of members) {
      if (!this.prs.has(id)) this.prs.set(id, new Progress(this.log.lastIndex() + 1, this.maxInflight))
    }
    if (this.transferee !== NONE && !this.conf.voters.includes(this.transferee)) this.transferee = NONE
  }

  // ---- plumbing ----

  private hardState (): HardState {
    return { term: this.term, vote: this.vote, commit: this.log.committed }
  }

  private send (m: MessageFields): void {
    m.from = this.id
    if (this.incarnation !== '') m.incarnation = this.incarnation
    m.term ??= this.term
    m.logIndex ??= 0
    m.logTerm ??= 0
    m.entries ??= []
    m.commit ??= 0
    m.reject ??= false
    m.rejectHint ??= 0
    this.msgs.push(m as Message)
  }

  /** Drops what no correct peer sends, so step() never throws and never corrupts the log. */
  private acceptable (m: Message): boolean {
    if (m.to !== this.id || m.from === this.id || m.from === NONE || !Number.isSafeInteger(m.term) || m.term < 1) return false
    if (!Number.isSafeInteger(m.logIndex) || m.logIndex < 0 || !Number.isSafeInteger(m.logTerm) || m.logTerm < 0) return false
    if (m.type === MessageType.Append) {
      return Array.isArray(m.entries) && m.entries.every((e, k) => e.index === m.logIndex + 1 + k && Number.isSafeInteger(e.term) &&
        e.term >= (k === 0 ? Math.max(1, m.logTerm) : m.entries[k - 1].term) && e.term <= m.term && e.data instanceof Uint8Array)
    }
    if (m.type === MessageType.Snapshot) {
      const s = m.snapshot
      return s !== undefined && Number.isSafeInteger(s.index) && s.index >= 1 && Number.isSafeInteger(s.term) &&
        s.term >= 1 && s.term <= m.term && Array.isArray(s.conf?.voters) && Array.isArray(s.conf?.learners)
    }
    return MESSAGE_TYPES.has(m.type)
  }
}

function quorum (voters: number): number {
  return Math.floor(voters / 2) + 1
}

function inConf (conf: ConfState, id: NodeId): boolean {
  return conf.voters.includes(id) || conf.learners.includes(id)
}

function freezeConf (conf: ConfState): ConfState {
  Object.freeze(conf.voters)
  Object.freeze(conf.learners)
  return Object.freeze(conf)
}

function sameHardState (a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit
}

function tryDecodeConfChange (data: Uint8Array): ConfChange | undefined {
  try {
    return decodeConfChange(data)
  } catch {
    return undefined
  }
}
