// Every group's Raft state in two LMDB sub-databases that all groups share,
// keyed by group id: `raft/meta` ([group, 'hardState' | 'snapshot' |
// 'tombstone']) and `raft/log` ([group, index]). A peer can host any number of
// groups this way, where a sub-database per group would run into maxDbs.
import { randomBytes } from 'node:crypto'
import type { Database } from 'lmdb'
import type { Store } from '../store.js'
import { NoSpaceError } from '../lmdb-failures.js'
import { readyBytes } from './durable-write.js'
import type { Entry, EntryType, HardState, Ready, Snapshot } from './types.js'

interface StoredEntry { term: number, type: EntryType, data: Uint8Array }
type MetaField = 'hardState' | 'snapshot' | 'tombstone' | 'incarnation'

export interface PersistedGroup {
  /** Made when this peer first holds state for the group; a replica that lost its state gets a new one. */
  incarnation: string
  hardState?: HardState
  snapshot?: Snapshot
  entries: Entry[]
}

const LAST_INDEX = Number.MAX_SAFE_INTEGER

export class RaftStorage {
  private readonly store: Store
  private readonly meta: Database<any, [string, MetaField]>
  private readonly log: Database<StoredEntry, [string, number]>
  /** The hard state last written per group, to tell a commit-only change from a new term or vote. */
  private readonly hardStates = new Map<string, HardState>()
  /** The failure of a commit-only write that persist() did not wait for. */
  private unreported?: unknown

  constructor (store: Store) {
    this.store = store
    this.meta = store.db('raft/meta')
    this.log = store.db('raft/log')
  }

  /** True when this peer holds state for the group (it was a member once). */
  hasState (group: string): boolean {
    return this.meta.get([group, 'hardState']) != null || this.meta.get([group, 'snapshot']) != null
  }

  /** Every group this peer holds state for. */
  groups (): string[] {
    const groups = new Set<string>()
    for (const [group, field] of this.meta.getKeys()) if (field === 'hardState' || field === 'snapshot') groups.add(group)
    return [...groups]
  }

  private incarnation (group: string): string {
    const stored: string | undefined = this.meta.get([group, 'incarnation'])
    if (stored != null) return stored
    const made = randomBytes(8).toString('hex')
    // A synchronous write that meets a full disk can abort the process inside lmdb (lmdb-failures.ts).
    if (!this.store.fits({ bytes: made.length })) throw new NoSpaceError(`no room to open group ${group} on this peer`)
    this.meta.putSync([group, 'incarnation'], made)
    return made
  }

  /** A destroyed group's id is never opened again on this peer. */
  isTombstoned (group: string): boolean {
    return this.meta.get([group, 'tombstone']) != null
  }

  load (group: string): PersistedGroup {
    const hardState: HardState | undefined = this.meta.get([group, 'hardState']) ?? undefined
    if (hardState != null) this.hardStates.set(group, hardState)
    const snapshot: Snapshot | undefined = this.meta.get([group, 'snapshot']) ?? undefined
    const entries: Entry[] = []
    for (const { key, value } of this.log.getRange({ start: [group, (snapshot?.index ?? 0) + 1], end: [group, LAST_INDEX] })) {
      entries.push({ index: key[1], term: value.term, type: value.type, data: value.data })
    }
    return { incarnation: this.incarnation(group), hardState, snapshot, entries }
  }

  /**
   * Persists the Readys of many groups in one transaction and resolves once it
   * is on disk: a vote or an ack must not leave before it is durable. A batch
   * that only moves commit indexes is not waited for at all: Raft's commit
   * index may be lost in a crash (it is learnt again), LMDB commits writes in
   * the order they are issued, and waiting would hold up every commit. Its
   * failure is thrown by the next call. Throws NoSpaceError when the disk has
   * no room (store.ts), having written nothing.
   */
  async persist (readys: Array<{ group: string, ready: Ready, also?: () => void }>): Promise<void> {
    if (this.unreported !== undefined) {
      const failure = this.unreported
      this.unreported = undefined
      throw failure
    }
    const writes = readys.filter(({ ready }) => ready.hardState != null || ready.entries.length > 0 || ready.snapshot != null)
    if (writes.length === 0) return
    const durable = writes.some(({ group, ready }) => ready.entries.length > 0 || ready.snapshot != null ||
      (ready.hardState != null && !sameTermAndVote(ready.hardState, this.hardStates.get(group))))
    const bytes = writes.reduce((sum, { ready }) => sum + readyBytes(ready), 0)
    const written = this.store.write(() => this.meta.transaction(() => {
      for (const { group, ready, also } of writes) {
        also?.()
        if (ready.snapshot != null) {
          // A snapshot from the leader replaces the whole log: entries past it may conflict with the leader's.
          this.meta.put([group, 'snapshot'], ready.snapshot)
          this.removeEntries(group, 0)
        }
        if (ready.entries.length > 0) {
          this.removeEntries(group, ready.entries[0].index)
          for (const e of ready.entries) this.log.put([group, e.index], { term: e.term, type: e.type, data: e.data })
        }
        if (ready.hardState != null) this.meta.put([group, 'hardState'], ready.hardState)
      }
    }), { bytes, sync: durable })
    if (!durable) {
      written.catch((err: unknown) => { this.unreported ??= err })
      return
    }
    await written
    for (const { group, ready } of writes) if (ready.hardState != null) this.hardStates.set(group, ready.hardState)
  }

  /** Whether the disk has room now to persist `readys` (persist() checks the same first). */
  hasRoom (readys: Ready[]): boolean {
    return this.store.fits({ bytes: readys.reduce((sum, ready) => sum + readyBytes(ready), 0) })
  }

  /** Keeps `snapshot` and drops the entries it covers. */
  async compact (group: string, snapshot: Snapshot): Promise<void> {
    await this.store.write(() => this.meta.transaction(() => {
      this.meta.put([group, 'snapshot'], snapshot)
      for (const key of this.log.getKeys({ start: [group, 0], end: [group, snapshot.index + 1] })) this.log.remove(key)
    }), { bytes: snapshot.data.length })
  }

  /** Drops every trace of the group but a tombstone (or that too, with `tombstone` false). */
  async destroy (group: string, { tombstone = true } = {}): Promise<void> {
    this.hardStates.delete(group)
    await this.store.write(() => this.meta.transaction(() => {
      this.meta.remove([group, 'hardState'])
      this.meta.remove([group, 'snapshot'])
      this.meta.remove([group, 'incarnation'])
      this.removeEntries(group, 0)
      if (tombstone) this.meta.put([group, 'tombstone'], Date.now())
    }), { bytes: 0 })
  }

  /** Moves a group kept in the old layout (`raft/<group>/meta` and `raft/<group>/log`, one pair per group) into this one. */
  migrateLegacy (store: Store, group: string): void {
    const oldMeta = store.db<any, string>(`raft/${group}/meta`)
    const oldLog = store.db<StoredEntry, number>(`raft/${group}/log`)
    const hardState = oldMeta.get('hardState')
    const snapshot = oldMeta.get('snapshot')
    if (hardState == null && snapshot == null) return
    this.meta.transactionSync(() => {
      if (snapshot != null) this.meta.put([group, 'snapshot'], snapshot)
      if (hardState != null) this.meta.put([group, 'hardState'], hardState)
      for (const { key, value } of oldLog.getRange()) this.log.put([group, key], value)
      for (const key of oldMeta.getKeys()) oldMeta.remove(key)
      for (const key of oldLog.getKeys()) oldLog.remove(key)
    })
  }

  private removeEntries (group: string, from: number): void {
    for (const key of this.log.getKeys({ start: [group, from], end: [group, LAST_INDEX] })) this.log.remove(key)
  }
}

function sameTermAndVote (a: HardState, b: HardState | undefined): boolean {
  return b !== undefined && a.term === b.term && a.vote === b.vote
}
