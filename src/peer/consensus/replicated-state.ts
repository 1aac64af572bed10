// A replicated state machine made of named parts (the master's: its metadata
// and the DFS namespace), each applying its own typed commands and
// snapshotted as its own part, with client sessions (Raft dissertation §6.3)
// so a retried write applies once. A client registers first, through the log,
// and gets its id; a write naming a registered session the state does not
// hold (it expired) is refused, never applied as if new, since it may be the
// retry of a write that applied. Entries from before registration existed
// name sessions their clients made up (hex, never starting with the letter
// of a registered id): those are still opened on first use, so an old log
// replays as it applied. Everything here is deterministic: sessions expire by
// log index, never by clock, so every replica forgets the same ones.
import { CodedError } from '../errors.js'
import type { StateMachine } from './driver.js'

export interface StatePart {
  /** Applies a command of this part; throws, changing nothing, to refuse it. */
  apply: (command: unknown, index: number) => unknown
  snapshot: () => Uint8Array
  restore: (data: Uint8Array) => void
}

/**
 * Who sends a write, so a retry is recognised: the client id its registration
 * returned, the write's
 * sequence number (unique per client, growing), and the lowest sequence
 * number the client has not yet had an answer to (replies below it are
 * dropped: the client will not ask again).
 */
export interface Session { client: string, seq: number, firstUnanswered: number }

export interface Envelope { part: string, command: unknown, session?: Session }

export class SessionError extends CodedError {
  override name = 'SessionError'
  declare readonly code: 'STALE_REQUEST' | 'SESSION_EXPIRED'
  /** STALE_REQUEST: answered long ago, the reply dropped; SESSION_EXPIRED: no such session (any more). */
  constructor (code: 'STALE_REQUEST' | 'SESSION_EXPIRED', message: string) {
    super(code, message)
  }
}

export interface SessionLimits {
  /** A session unused for this many log entries is forgotten. */
  idleEntries: number
  /** Sessions kept at most; the least recently used goes first. */
  maxSessions: number
  /** Replies one session keeps for requests not yet answered. */
  maxReplies: number
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleEntries: 1_000_000, maxSessions: 10_000, maxReplies: 1_024 }

const MAX_CLIENT_LENGTH = 256
/** A registered session's id is this letter and its registration's log index. */
const REGISTERED = 'r'

interface SessionRecord {
  /** Replies below this were dropped: a request below it is stale. */
  floor: number
  replies: Map<number, unknown>
  lastIndex: number
}

// Snapshot: a 4-byte length, a JSON header (part names with their snapshot
// lengths, then the sessions), then each part's snapshot bytes in order.
const LENGTH_BYTES = 4
interface SnapshotHeader { parts: Array<[name: string, bytes: number]>, sessions: Array<[client: string, floor: number, lastIndex: number, replies: Array<[number, unknown]>]> }

export class ReplicatedState implements StateMachine {
  private sessions = new Map<string, SessionRecord>()

  constructor (
    private readonly parts: Record<string, StatePart>,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    /** Turns a log entry that is not an envelope (written before parts existed) into one. */
    private readonly legacy?: (value: unknown) => Envelope
  ) {}

  apply (data: Uint8Array, index: number): unknown {
    const value = decodeJson<unknown>(data)
    if (isRegistration(value)) {
      this.expire(index)
      const client = `${REGISTERED}${index}`
      this.touch(client, { floor: 0, replies: new Map(), lastIndex: index }, index)
      return client
    }
    const envelope = this.envelope(value)
    const part = this.parts[envelope.part]
    this.expire(index)
    const session = envelope.session
    if (session === undefined) return part.apply(envelope.command, index)
    const record = this.sessions.get(session.client) ?? this.unregistered(session.client, index)
    if (record === undefined) {
      throw new SessionError('SESSION_EXPIRED', `client session ${session.client} has expired: whether its earlier writes applied is unknown; register again`)
    }
    if (record.replies.has(session.seq)) return this.touch(session.client, record, index).replies.get(session.seq)
    if (session.seq < record.floor) throw new SessionError('STALE_REQUEST', `request ${session.seq} of ${session.client} was answered long ago`)
    // A refused command changed nothing, so its retry may apply: only results are kept.
    const result = part.apply(envelope.command, index)
    record.replies.set(session.seq, result)
    record.floor = Math.max(record.floor, session.firstUnanswered)
    for (const seq of record.replies.keys()) if (seq < record.floor) record.replies.delete(seq)
    while (record.replies.size > this.limits.maxReplies) {
      const oldest = Math.min(...record.replies.keys())
      record.replies.delete(oldest)
      record.floor = Math.max(record.floor, oldest + 1)
    }
    this.touch(session.client, record, index)
    return result
  }

  /**
   * Records `reply` as the answer to request `seq` of session `client`, as a
   * state written before sessions remembered it (its index unknown: it
   * expires by count, or once the log has run idleEntries).
   */
  recordReply (client: string, seq: number, reply: unknown): void {
    const record = this.sessions.get(client) ?? { floor: 0, replies: new Map(), lastIndex: 0 }
    record.replies.set(seq, reply)
    this.touch(client, record, record.lastIndex)
  }

  part<P extends StatePart> (name: string): P {
    return this.parts[name] as P
  }

  snapshot (): Uint8Array {
    const names = Object.keys(this.parts).sort()
    const bodies = names.map(name => this.parts[name].snapshot())
    const header: SnapshotHeader = {
      parts: names.map((name, k) => [name, bodies[k].length]),
      sessions: [...this.sessions].map(([client, r]) => [client, r.floor, r.lastIndex, [...r.replies]])
    }
    const head = encodeJson(header)
    const bytes = new Uint8Array(LENGTH_BYTES + head.length + bodies.reduce((n, b) => n + b.length, 0))
    new DataView(bytes.buffer).setUint32(0, head.length)
    bytes.set(head, LENGTH_BYTES)
    let offset = LENGTH_BYTES + head.length
    for (const body of bodies) {
      bytes.set(body, offset)
      offset += body.length
    }
    return bytes
  }

  restore (data: Uint8Array): void {
    const headLength = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0)
    const header = decodeJson<SnapshotHeader>(data.subarray(LENGTH_BYTES, LENGTH_BYTES + headLength))
    let offset = LENGTH_BYTES + headLength
    for (const [name, length] of header.parts) {
      this.parts[name]?.restore(data.subarray(offset, offset + length))
      offset += length
    }
    this.sessions = new Map(header.sessions.map(([client, floor, lastIndex, replies]) => [client, { floor, lastIndex, replies: new Map(replies) }]))
  }

  /** A fresh record for a session its client made up, as written before registration; none for a registered one (it expired). */
  private unregistered (client: string, index: number): SessionRecord | undefined {
    return client.startsWith(REGISTERED) ? undefined : { floor: 0, replies: new Map(), lastIndex: index }
  }

  /** Sessions in least recently used order: the first is the next to expire. */
  private touch (client: string, record: SessionRecord, index: number): SessionRecord {
    record.lastIndex = index
    this.sessions.delete(client)
    this.sessions.set(client, record)
    while (this.sessions.size > this.limits.maxSessions) this.sessions.delete(this.sessions.keys().next().value as string)
    return record
  }

  private expire (index: number): void {
    for (const [client, record] of this.sessions) {
      if (index - record.lastIndex < this.limits.idleEntries) break
      this.sessions.delete(client)
    }
  }

  private envelope (value: unknown): Envelope {
    const candidate = typeof value === 'object' && value !== null && 'part' in value ? value as Envelope : this.legacy?.(value)
    if (candidate === undefined || typeof candidate.part !== 'string' || !Object.hasOwn(this.parts, candidate.part)) {
      throw new TypeError('not a command of this state')
    }
    const session = candidate.session
    if (session !== undefined && !(typeof session === 'object' && session !== null && typeof session.client === 'string' &&
      session.client !== '' && session.client.length <= MAX_CLIENT_LENGTH && Number.isSafeInteger(session.seq) && session.seq >= 0 &&
      Number.isSafeInteger(session.firstUnanswered) && session.firstUnanswered >= 0 && session.firstUnanswered <= session.seq)) {
      throw new TypeError('a session is a client id with whole sequence numbers, the first unanswered no later than this one')
    }
    return candidate
  }
}

export function encodeCommand (part: string, command: unknown, session?: Session): Uint8Array {
  return encodeJson(session === undefined ? { part, command } : { part, command, session })
}

/** The entry that opens a client session; applied, it returns the session's client id. */
export function encodeRegistration (): Uint8Array {
  return encodeJson({ register: true })
}

function isRegistration (value: unknown): boolean {
  return typeof value === 'object' && value !== null && !('part' in value) && (value as { register?: unknown }).register === true
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const encodeJson = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value))
const decodeJson = <T> (bytes: Uint8Array): T => JSON.parse(decoder.decode(bytes)) as T
