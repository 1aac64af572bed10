// A KV replica group's replicated state, kept in LMDB: each shard's pairs in
// its own sub-database (`kv/shard/NN`), each shard's client sessions, and the
// group's status (the configuration it has applied and what each of its shards
// is doing). Every command runs as an lmdb transaction callback, in log order,
// so it reads what the commands before it wrote; a read first waits for those
// to commit (`flush`). Like every durable state it is its own snapshot, and a
// received one lands in a new generation of keys, switched to at once.
import { randomInt } from 'node:crypto'
import type { Database } from 'lmdb'
import { KvCommand, Session, SnapshotRecord, type Cas, type Pair } from '../../../protocols/kv/kv.js'
import { SHARD_COUNT, shardOf } from '../../../protocols/kv/shard.js'
import type { DurableStateMachine, SnapshotInstall, SnapshotReader } from '../../peer/consensus/driver.js'
import { record, RecordReader } from '../../peer/consensus/snapshot-records.js'
import type { Store } from '../../peer/store.js'
import type { ShardConfig } from '../../../protocols/kv/wire.js'

type DataKey = [gid: string, generation: number, key: string]
type SessionKey = [gid: string, generation: number, shard: number, client: string]
type MetaKey = [gid: string, field: 'generation' | 'applied']

/**
 * What a shard of this group is doing. Serving: it is this group's. Pulling:
 * it is this group's from configuration `num`, and is being fetched from
 * `from` (whose peers were `peers`). Sending: it was this group's until `num`;
 * `to` fetches it and then says so, and it is deleted.
 */
export type ShardState =
  | { state: 'serving' }
  | { state: 'pulling', num: number, from: string, peers: readonly string[] }
  | { state: 'sending', num: number, to: string }

export interface GroupStatus {
  /** The last configuration applied; num 0 has no shards. */
  config: ShardConfig
  shards: Record<number, ShardState>
}

export interface KvResult {
  error?: string
  message?: string
  ok?: boolean
  count?: number
}

/** A committed entry on its way into the state: a command, or an index to record (a no-op or a membership change). */
interface Applying { index: number, command?: KvCommand, resolve?: (result: KvResult) => void }

interface StoredSession { acked: number, results: Array<[seq: number, ok: boolean, count: number]>, used: number }

const LAST = Number.MAX_SAFE_INTEGER
const HIGHEST_KEY = '\u{10FFFF}'

/** The sub-databases, opened once per store: LMDB has a fixed number of named databases. */
class KvDatabases {
  readonly shards: Array<Database<Uint8Array<ArrayBuffer>, DataKey>>
  readonly sessions: Database<StoredSession, SessionKey>
  readonly status: Database<GroupStatus, [gid: string, generation: number]>
  readonly meta: Database<number, MetaKey>

  constructor (readonly store: Store) {
    this.shards = Array.from({ length: SHARD_COUNT }, (_, shard) => store.db(`kv/shard/${String(shard).padStart(2, '0')}`, { encoding: 'binary' }))
    this.sessions = store.db('kv/sessions')
    this.status = store.db('kv/status')
    this.meta = store.db('kv/meta')
  }
}

const databases = new WeakMap<Store, KvDatabases>()

function databasesOf (store: Store): KvDatabases {
  let dbs = databases.get(store)
  if (dbs === undefined) databases.set(store, dbs = new KvDatabases(store))
  return dbs
}

const emptyConfig = (): ShardConfig => ({ num: 0, shards: new Array<string>(SHARD_COUNT).fill(''), groups: {} })

export class KvGroupState implements DurableStateMachine {
  readonly durable = true
  private readonly dbs: KvDatabases
  private generation: number
  private applied: number
  /** The last write handed to lmdb: reads and flushes wait for it. */
  private lastWrite: Promise<unknown> = Promise.resolve()
  private applying: Applying[] = []
  private failure: unknown
  /** The status as the commands applied so far left it (read on every command). */
  private current?: GroupStatus
  /** Told after a purge erased pairs: the log entries that wrote them should go too. */
  onPurged: () => void = () => {}

  constructor (store: Store, readonly gid: string) {
    this.dbs = databasesOf(store)
    this.generation = this.dbs.meta.get([gid, 'generation']) ?? 0
    this.applied = this.dbs.meta.get([gid, 'applied']) ?? 0
    void this.dropOtherGenerations()
  }

  // ---- reads (after ReadIndex and flush) ----

  status (): GroupStatus {
    this.current ??= this.dbs.status.get([this.gid, this.generation]) ?? { config: emptyConfig(), shards: {} }
    return this.current
  }

  get (key: string): Uint8Array<ArrayBuffer> | undefined {
    return this.dbs.shards[shardOf(key)].get([this.gid, this.generation, key])
  }

  /** Up to `limit` pairs of `shard` whose keys start with `prefix`, after `after`, and whether there are more. */
  scan (shard: number, prefix: string, after: string, limit: number, maxBytes: number): { pairs: Pair[], more: boolean } {
    const pairs: Pair[] = []
    let bytes = 0
    const start: DataKey = [this.gid, this.generation, after === '' ? prefix : after]
    for (const { key, value } of this.dbs.shards[shard].getRange({ start, end: [this.gid, this.generation, prefix + HIGHEST_KEY] })) {
      const name = key[2]
      if (name === after || !name.startsWith(prefix)) continue
      const size = Buffer.byteLength(name) + value.length
      if (pairs.length >= limit || (pairs.length > 0 && bytes + size > maxBytes)) return { pairs, more: true }
      pairs.push({ key: name, value })
      bytes += size
    }
    return { pairs, more: false }
  }

  /** A shard's pairs from `after` on (inclusive: the caller skips it), and its sessions, from one read transaction: what a group pulling it gets. */
  readShard (shard: number, after: string): { pairs: () => Iterable<Pair>, sessions: () => Session[], close: () => void } {
    const transaction = this.dbs.store.env.useReadTransaction()
    const generation = this.dbs.meta.get([this.gid, 'generation'], { transaction }) ?? 0
    return {
      pairs: () => mapRange(this.dbs.shards[shard].getRange({ start: [this.gid, generation, after], end: [this.gid, generation, HIGHEST_KEY], transaction }), ({ key, value }) => ({ key: key[2], value })),
      sessions: () => [...this.dbs.sessions.getRange({ start: [this.gid, generation, shard, ''], end: [this.gid, generation, shard, HIGHEST_KEY], transaction })]
        .map(({ key, value }) => toSession(key[3], value)),
      close: () => { transaction.done() }
    }
  }

  // ---- the state machine ----

  /**
   * Resolves with the command's result once its transaction commits; never
   * rejects (a proposer on a follower is nobody). The commands applied in one
   * turn run in one transaction.
   */
  async apply (data: Uint8Array, index: number): Promise<KvResult> {
    const { promise, resolve } = Promise.withResolvers<KvResult>()
    this.enqueue({ command: KvCommand.decode(data), index, resolve })
    return await promise
  }

  skip (index: number): void {
    this.enqueue({ index })
  }

  private enqueue (applying: Applying): void {
    this.applied = applying.index
    this.applying.push(applying)
    if (this.applying.length === 1) this.lastWrite = Promise.resolve().then(async () => { await this.applyQueued() })
  }

  private async applyQueued (): Promise<void> {
    const batch = this.applying
    this.applying = []
    const results = await this.write(() => {
      const results = batch.map(({ command }) => command === undefined ? undefined : this.run(command))
      this.dbs.meta.put([this.gid, 'applied'], batch[batch.length - 1].index)
      return results
    })
    const failed: KvResult = { error: 'UNAVAILABLE', message: `the write did not commit on this replica: ${String(this.failure)}` }
    for (const [i, { resolve }] of batch.entries()) resolve?.(results?.[i] ?? failed)
  }

  appliedIndex (): number {
    return this.applied
  }

  async flush (): Promise<void> {
    await this.lastWrite.catch(() => {})
    if (this.failure !== undefined) throw this.failure
  }

  /** Runs `body` in lmdb's next write transaction, after every write handed over before it; undefined if it failed. */
  /** Runs `body` in lmdb's next write transaction, after every write handed over before it; undefined if it failed. */
  private async write<T> (body: () => T): Promise<T | undefined> {
    return await this.dbs.store.env.transaction(body).catch((err: unknown) => {
      this.failure ??= err
      return undefined
    })
  }


  private run (command: KvCommand): KvResult {
    if (command.config != null) return this.stepConfig(command.config.num, JSON.parse(command.config.json) as ShardConfig)
    if (command.piece != null) return this.receivePiece(command.piece.shard, command.piece.num, command.piece.pairs)
    if (command.done != null) return this.finishPull(command.done.shard, command.done.num, command.done.sessions)
    if (command.drop != null) return this.dropSent(command.drop.shard, command.drop.num)
    if (command.expire != null) return { ok: true, count: this.expireSessions(Number(command.expire.before)) }
    const shard = command.purge != null ? command.purge.shard : shardOf(keyOf(command))
    const refusal = this.refusal(shard)
    if (refusal !== undefined) return refusal
    const result = this.once(shard, command, () => this.change(shard, command))
    // The same shape whether the write applied now or a retry got its first result.
    return result.error === undefined ? { ok: result.ok ?? false, count: result.count ?? 0 } : result
  }

  /** Why this group does not serve `shard` now, or undefined when it does. */
  refusal (shard: number): KvResult | undefined {
    const state = this.status().shards[shard]
    if (state?.state === 'serving') return undefined
    if (state?.state === 'pulling') return { error: 'NOT_READY', message: `shard ${shard} is still arriving from group ${state.from}` }
    return { error: 'WRONG_GROUP', message: `shard ${shard} is not group ${this.gid}'s in configuration ${this.status().config.num}` }
  }

  /** Applies a write once per (client, seq): a retry gets the first result; one the client has acknowledged is refused. */
  private once (shard: number, command: KvCommand, change: () => KvResult): KvResult {
    if (command.client === '') return change()
    const sessionKey: SessionKey = [this.gid, this.generation, shard, command.client]
    const session = this.dbs.sessions.get(sessionKey) ?? { acked: 0, results: [], used: 0 }
    const seq = Number(command.seq)
    const earlier = session.results.find(([s]) => s === seq)
    if (earlier !== undefined) return { ok: earlier[1], count: earlier[2] }
    if (seq < session.acked) return { error: 'STALE_REQUEST', message: `request ${seq} of client ${command.client} was answered already` }
    const result = change()
    const acked = Math.max(session.acked, Number(command.acked))
    const results = session.results.filter(([s]) => s >= acked)
    if (result.error === undefined) results.push([seq, result.ok ?? false, result.count ?? 0])
    this.dbs.sessions.put(sessionKey, { acked, results, used: Number(command.now) })
    return result
  }

  private change (shard: number, command: KvCommand): KvResult {
    const db = this.dbs.shards[shard]
    const at = (key: string): DataKey => [this.gid, this.generation, key]
    if (command.put != null) {
      db.put(at(command.put.key), command.put.value)
      return { ok: true }
    }
    if (command.append != null) {
      const old = db.get(at(command.append.key))
      db.put(at(command.append.key), old === undefined ? command.append.value : Buffer.concat([old, command.append.value]))
      return { ok: true }
    }
    if (command.del != null) {
      const existed = db.get(at(command.del.key)) !== undefined
      if (existed) db.remove(at(command.del.key))
      return { ok: existed }
    }
    if (command.cas != null) return this.compareAndSet(db, at(command.cas.key), command.cas)
    if (command.purge != null) {
      const count = this.removeAll(shard, command.purge.prefix)
      if (count > 0) queueMicrotask(() => { this.onPurged() })
      return { ok: true, count }
    }
    return { error: 'BAD_REQUEST', message: 'a command with no operation' }
  }

  private compareAndSet (db: Database<Uint8Array<ArrayBuffer>, DataKey>, key: DataKey, cas: Cas): KvResult {
    const current = db.get(key)
    const matches = cas.old === undefined ? current === undefined : current !== undefined && Buffer.from(current).equals(cas.old)
    if (matches) db.put(key, cas.value)
    return { ok: matches }
  }

  /** Removes every pair of `shard` under `prefix` ('' for all) in this generation; how many. */
  private removeAll (shard: number, prefix: string): number {
    const db = this.dbs.shards[shard]
    let count = 0
    for (const key of db.getKeys({ start: [this.gid, this.generation, prefix], end: [this.gid, this.generation, prefix + HIGHEST_KEY] })) {
      if (!key[2].startsWith(prefix)) continue
      db.remove(key)
      count++
    }
    return count
  }

  /** Forgets the sessions last used before `before`: their clients are long gone (a retry comes within seconds). */
  private expireSessions (before: number): number {
    let count = 0
    for (const { key, value } of this.dbs.sessions.getRange({ start: [this.gid, this.generation, 0, ''], end: [this.gid, this.generation, LAST, ''] })) {
      if (value.used >= before) continue
      this.dbs.sessions.remove(key)
      count++
    }
    return count
  }

  private removeSessions (shard: number): void {
    for (const key of this.dbs.sessions.getKeys({ start: [this.gid, this.generation, shard, ''], end: [this.gid, this.generation, shard, HIGHEST_KEY] })) this.dbs.sessions.remove(key)
  }

  // ---- configurations and shard moves ----

  /**
   * Moves to configuration `num` (the next one) once every shard is settled:
   * none still arriving, and none given away that its new owner has not
   * taken. A group that moved on while a shard it gave was still being pulled
   * could be given it back and wait on the group that waits on it.
   */
  private stepConfig (num: number, next: ShardConfig): KvResult {
    const status = this.status()
    if (num !== status.config.num + 1 || next.num !== num) return { error: 'BAD_REQUEST', message: `configuration ${num} does not follow ${status.config.num}` }
    const unsettled = Object.keys(status.shards).filter(shard => status.shards[Number(shard)].state !== 'serving')
    if (unsettled.length > 0) return { error: 'NOT_READY', message: `shards ${unsettled.join(', ')} are still moving` }
    const shards = { ...status.shards }
    for (let shard = 0; shard < next.shards.length; shard++) {
      const before = status.config.shards[shard] ?? ''
      const after = next.shards[shard]
      if (after === this.gid && before !== this.gid) {
        shards[shard] = before === '' ? { state: 'serving' } : { state: 'pulling', num, from: before, peers: status.config.groups[before] ?? [] }
      } else if (before === this.gid && after !== this.gid) {
        shards[shard] = { state: 'sending', num, to: after }
      }
    }
    this.putStatus({ config: next, shards })
    return { ok: true }
  }

  private receivePiece (shard: number, num: number, pairs: Pair[]): KvResult {
    if (!this.isPulling(shard, num)) return { ok: false }
    for (const { key, value } of pairs) this.dbs.shards[shard].put([this.gid, this.generation, key], value)
    return { ok: true }
  }

  private finishPull (shard: number, num: number, sessions: Session[]): KvResult {
    if (!this.isPulling(shard, num)) return { ok: false }
    for (const session of sessions) {
      this.dbs.sessions.put([this.gid, this.generation, shard, session.client], storedSession(session))
    }
    const status = this.status()
    this.putStatus({ ...status, shards: { ...status.shards, [shard]: { state: 'serving' } } })
    return { ok: true }
  }

  private dropSent (shard: number, num: number): KvResult {
    const status = this.status()
    const state = status.shards[shard]
    if (state?.state !== 'sending' || state.num !== num) return { ok: true }
    this.removeAll(shard, '')
    this.removeSessions(shard)
    const shards = { ...status.shards }
    delete shards[shard]
    this.putStatus({ ...status, shards })
    return { ok: true }
  }

  private isPulling (shard: number, num: number): boolean {
    const state = this.status().shards[shard]
    return state?.state === 'pulling' && state.num === num
  }

  private putStatus (status: GroupStatus): void {
    this.dbs.status.put([this.gid, this.generation], status)
    this.current = status
  }

  // ---- snapshots ----

  readSnapshot (): SnapshotReader {
    const transaction = this.dbs.store.env.useReadTransaction()
    const generation = this.dbs.meta.get([this.gid, 'generation'], { transaction }) ?? 0
    const index = this.dbs.meta.get([this.gid, 'applied'], { transaction }) ?? 0
    const { dbs, gid } = this
    return {
      index,
      * chunks () {
        const status = dbs.status.get([gid, generation], { transaction }) ?? { config: emptyConfig(), shards: {} }
        yield snapshotRecord({ status: JSON.stringify(status) })
        for (const [shard, db] of dbs.shards.entries()) {
          for (const { key, value } of db.getRange({ start: [gid, generation, ''], end: [gid, generation, HIGHEST_KEY], transaction })) {
            yield snapshotRecord({ pair: { shard, key: key[2], value } })
          }
        }
        for (const { key, value } of dbs.sessions.getRange({ start: [gid, generation, 0, ''], end: [gid, generation, LAST, ''], transaction })) {
          yield snapshotRecord({ session: { shard: key[2], session: toSession(key[3], value) } })
        }
      },
      close: () => { transaction.done() }
    }
  }

  beginInstall (): SnapshotInstall {
    let staging = randomInt(2 ** 47)
    while (staging === this.generation) staging = randomInt(2 ** 47)
    const records = new RecordReader()
    let installedAt = 0
    return {
      write: async bytes => {
        await this.dbs.store.env.transaction(() => {
          records.read(bytes, (_, data) => { this.installRecord(staging, SnapshotRecord.decode(data)) })
        })
      },
      commit: index => {
        if (!records.atBoundary()) throw new Error('a snapshot ended inside a record')
        void this.dbs.meta.put([this.gid, 'generation'], staging)
        void this.dbs.meta.put([this.gid, 'applied'], index)
        installedAt = index
      },
      committed: () => {
        const old = this.generation
        this.generation = staging
        this.applied = installedAt
        this.current = undefined
        void this.dropGeneration(old)
      },
      abort: () => { void this.dropGeneration(staging) }
    }
  }

  private installRecord (generation: number, record: SnapshotRecord): void {
    if (record.status !== undefined) this.dbs.status.put([this.gid, generation], JSON.parse(record.status) as GroupStatus)
    if (record.pair != null) this.dbs.shards[record.pair.shard].put([this.gid, generation, record.pair.key], record.pair.value)
    if (record.session?.session != null) {
      this.dbs.sessions.put([this.gid, generation, record.session.shard, record.session.session.client], storedSession(record.session.session))
    }
  }

  private async dropOtherGenerations (): Promise<void> {
    const others = new Set<number>()
    for (const key of this.dbs.status.getKeys({ start: [this.gid, 0], end: [this.gid, LAST] })) {
      if (key[1] !== this.generation) others.add(key[1])
    }
    for (const generation of others) await this.dropGeneration(generation)
  }

  /** Erases generation `generation` of this group: a snapshot that replaced it, or one abandoned. */
  private async dropGeneration (generation: number): Promise<void> {
    await this.dbs.store.env.transaction(() => {
      for (const db of this.dbs.shards) {
        for (const key of db.getKeys({ start: [this.gid, generation, ''], end: [this.gid, generation, HIGHEST_KEY] })) db.remove(key)
      }
      for (const key of this.dbs.sessions.getKeys({ start: [this.gid, generation, 0, ''], end: [this.gid, generation, LAST, ''] })) this.dbs.sessions.remove(key)
      this.dbs.status.remove([this.gid, generation])
    })
  }

  /** Erases everything of this group: it was destroyed. */
  async erase (): Promise<void> {
    await this.dropGeneration(this.generation)
    await this.dbs.meta.remove([this.gid, 'generation'])
    await this.dbs.meta.remove([this.gid, 'applied'])
  }
}

function keyOf (command: KvCommand): string {
  return command.put?.key ?? command.append?.key ?? command.del?.key ?? command.cas?.key ?? ''
}

function toSession (client: string, stored: StoredSession): Session {
  return { client, acked: BigInt(stored.acked), results: stored.results.map(([seq, ok, count]) => ({ seq: BigInt(seq), ok, count: BigInt(count) })), used: BigInt(stored.used) }
}

function storedSession (session: Session): StoredSession {
  return { acked: Number(session.acked), results: session.results.map(r => [Number(r.seq), r.ok, Number(r.count)]), used: Number(session.used) }
}

function snapshotRecord (value: SnapshotRecord): Uint8Array {
  return record(0, SnapshotRecord.encode(value))
}

function * mapRange<T, U> (items: Iterable<T>, fn: (item: T) => U): Iterable<U> {
  for (const item of items) yield fn(item)
}
