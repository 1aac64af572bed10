// The crash test's Raft members as child processes (raft-crash-member.ts), one
// LMDB directory each. Every Raft message passes through this process, which
// may drop, delay, duplicate or replay it, and can SIGKILL a member the moment its
// message shows it has voted, campaigned or acknowledged new entries.
import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MessageType, type Message } from '../../src/peer/consensus/types.js'
import type { Invariants } from './raft-crash-invariants.js'
import type { FromMember, ToMember } from './raft-crash-protocol.js'

const VOTE_REQUESTS_KEPT = 8
const MEMBER_SCRIPT = fileURLToPath(new URL('./raft-crash-member.js', import.meta.url))

/**
 * Chances that a message is dropped, sent twice, delayed up to `maxDelayMs`
 * (reordered), or delivered up to `lateMs` late (vote requests: `lateVote`),
 * maybe to a restarted member; with `replayVotes`, a restarted member is sent
 * the last vote requests addressed to it again. Both make a forgotten vote
 * show: without split elections and stale requests, a member that forgot its
 * vote would rarely be asked for another in the same term.
 */
export interface Faults { drop: number, duplicate: number, delay: number, maxDelayMs: number, late: number, lateVote: number, lateMs: number, replayVotes: boolean }
export const NO_FAULTS: Faults = { drop: 0, duplicate: 0, delay: 0, maxDelayMs: 0, late: 0, lateVote: 0, lateMs: 0, replayVotes: false }

/** Kill the next member whose message shows it just did this. */
export type Trap = 'vote' | 'campaign' | 'ack' | 'append'

export interface ProposalResult { pos?: number, error?: string }

/** One run of a member's process, from spawn to death. */
interface Incarnation {
  child: ChildProcess
  killed: boolean
  /** Commands its state machine holds. */
  applied: number
  results: Map<number, (result: ProposalResult) => void>
  dumps: Array<(values: string[]) => void>
}

export class ProcessCluster {
  faults = NO_FAULTS
  trap?: Trap
  /** At most this many members down at once, so a quorum can usually form. */
  private readonly maxDown: number
  /** A member that died restarts within this many ms (at random); undefined: it stays down. */
  restartWithinMs?: number
  /** The member that last said it leads, while it lives. */
  leader?: { id: string, term: number }
  readonly stats = { kills: 0, trapped: { vote: 0, campaign: 0, ack: 0, append: 0 }, snapshotsRestored: 0 }
  private readonly running = new Map<string, Incarnation>()
  /** Highest index each member acknowledged, so an 'ack' trap springs on new entries, not heartbeats. */
  private readonly acks = new Map<string, number>()
  /** Highest entry index each member sent in an append, so an 'append' trap springs on a leader sending entries it may not have persisted yet. */
  private readonly appended = new Map<string, number>()
  /** The last vote requests sent to each member, replayed when it restarts. */
  private readonly voteRequests = new Map<string, Message[]>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private nextRequest = 0

  constructor (private readonly dir: string, readonly ids: string[], private readonly invariants: Invariants, private readonly random: () => number) {
    this.maxDown = Math.floor((ids.length - 1) / 2)
  }

  isUp (id: string): boolean { return this.running.has(id) }
  down (): string[] { return this.ids.filter(id => !this.running.has(id)) }
  applied (id: string): number | undefined { return this.running.get(id)?.applied }

  start (id: string): void {
    if (this.running.has(id)) return
    const child = fork(MEMBER_SCRIPT, [id, join(this.dir, id), this.ids.join(','), String(process.pid)], {
      serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: []
    })
    const incarnation: Incarnation = { child, killed: false, applied: 0, results: new Map(), dumps: [] }
    this.running.set(id, incarnation)
    child.on('message', (m: FromMember) => { this.heard(id, incarnation, m) })
    // 'close' comes after the IPC channel has delivered all the member said before dying.
    child.on('close', (code, signal) => { this.closed(id, incarnation, code, signal) })
  }

  /** SIGKILLs `id`; it restarts after it is gone if `restartWithinMs` says so. */
  kill (id: string): void {
    const incarnation = this.running.get(id)
    if (incarnation == null || incarnation.killed) return
    incarnation.killed = true
    this.stats.kills++
    incarnation.child.kill('SIGKILL')
  }

  killable (): boolean {
    return [...this.running.values()].filter(i => i.killed).length + this.down().length < this.maxDown
  }

  async propose (id: string, value: string): Promise<ProposalResult> {
    const incarnation = this.running.get(id)
    if (incarnation == null) return { error: 'down' }
    const request = ++this.nextRequest
    const result = new Promise<ProposalResult>(resolve => { incarnation.results.set(request, resolve) })
    this.send(id, { kind: 'propose', id: request, value })
    return await result
  }

  async dump (id: string): Promise<string[]> {
    const incarnation = this.running.get(id)
    if (incarnation == null) throw new Error(`${id} is down`)
    const values = new Promise<string[]>(resolve => { incarnation.dumps.push(resolve) })
    this.send(id, { kind: 'dump' })
    return await values
  }

  /** Kills every member and cancels every pending restart and delayed message. */
  async shutdown (): Promise<void> {
    this.restartWithinMs = undefined
    for (const timer of this.timers) clearTimeout(timer)
    await Promise.all([...this.running.values()].map(async incarnation => {
      const closed = new Promise(resolve => incarnation.child.once('close', resolve))
      incarnation.killed = true
      incarnation.child.kill('SIGKILL')
      await closed
    }))
  }

  private heard (id: string, incarnation: Incarnation, m: FromMember): void {
    switch (m.kind) {
      case 'up':
        this.invariants.restarted(id, m.hardState)
        if (this.faults.replayVotes) for (const message of this.voteRequests.get(id) ?? []) this.send(id, { kind: 'recv', message })
        break
      case 'send': this.relay(id, m.message); break
      case 'durable': this.invariants.durable(id, m.term, m.vote); break
      case 'leader':
        if (m.isSelf) {
          this.invariants.led(id, m.term)
          if (m.term >= (this.leader?.term ?? 0)) this.leader = { id, term: m.term }
        } else if (this.leader?.id === id) {
          this.leader = undefined
        }
        break
      case 'applied':
        if (m.pos !== incarnation.applied + 1) this.invariants.violations.push(`${id} applied command ${m.pos} after command ${incarnation.applied}`)
        incarnation.applied = m.pos
        this.invariants.appliedAt(id, m.pos, m.value)
        break
      case 'restored':
        this.stats.snapshotsRestored++
        incarnation.applied = m.values.length
        m.values.forEach((value, k) => { this.invariants.appliedAt(id, k + 1, value) })
        break
      case 'result':
        incarnation.results.get(m.id)?.(m)
        incarnation.results.delete(m.id)
        break
      case 'dump': incarnation.dumps.shift()?.(m.values)
    }
  }

  private closed (id: string, incarnation: Incarnation, code: number | null, signal: NodeJS.Signals | null): void {
    this.running.delete(id)
    if (!incarnation.killed) this.invariants.violations.push(`${id} died by itself (code ${code}, signal ${signal})`)
    for (const resolve of incarnation.results.values()) resolve({ error: 'killed' })
    if (this.leader?.id === id) this.leader = undefined
    for (const other of this.running.keys()) this.send(other, { kind: 'lost', peer: id })
    if (this.restartWithinMs !== undefined) this.later(this.random() * this.restartWithinMs, () => { this.start(id) })
  }

  private relay (from: string, m: Message): void {
    this.invariants.sent(from, m)
    if (m.type === MessageType.Vote) this.voteRequests.set(m.to, [...this.voteRequests.get(m.to) ?? [], m].slice(-VOTE_REQUESTS_KEPT))
    const { drop, duplicate, delay, maxDelayMs, lateMs } = this.faults
    const late = m.type === MessageType.Vote ? this.faults.lateVote : this.faults.late
    if (this.random() >= drop) {
      const copies = this.random() < duplicate ? 2 : 1
      for (let i = 0; i < copies; i++) {
        const roll = this.random()
        const ms = roll < late ? this.random() * lateMs : roll < late + delay ? this.random() * maxDelayMs : 0
        if (ms > 0) this.later(ms, () => { this.send(m.to, { kind: 'recv', message: m }) })
        else this.send(m.to, { kind: 'recv', message: m })
      }
    }
    if (this.springs(from, m) && this.killable()) {
      this.stats.trapped[this.trap!]++
      this.trap = undefined
      this.kill(from)
    }
  }

  private springs (from: string, m: Message): boolean {
    if (m.type === MessageType.AppendResponse && !m.reject) {
      const newEntries = m.logIndex > (this.acks.get(from) ?? 0)
      this.acks.set(from, Math.max(m.logIndex, this.acks.get(from) ?? 0))
      return this.trap === 'ack' && newEntries
    }
    if (m.type === MessageType.Append && m.entries.length > 0) {
      const last = m.entries[m.entries.length - 1].index
      const fresh = last > (this.appended.get(from) ?? 0)
      this.appended.set(from, Math.max(last, this.appended.get(from) ?? 0))
      return this.trap === 'append' && fresh
    }
    if (this.trap === 'vote') return m.type === MessageType.VoteResponse && !m.reject
    return this.trap === 'campaign' && m.type === MessageType.Vote
  }

  private send (id: string, message: ToMember): void {
    const child = this.running.get(id)?.child
    // A member that has just died loses what is sent to it, as on a network.
    if (child?.connected === true) child.send(message, () => {})
  }

  private later (ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      fn()
    }, ms)
    this.timers.add(timer)
  }
}
