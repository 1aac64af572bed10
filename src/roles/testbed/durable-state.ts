// A test group's state kept in LMDB (the testbed's `durable` groups): every
// command applied, keyed by its log index, with the applied index written in
// the same transaction. It is its own snapshot: streamed from a read
// transaction, received into a new generation of keys, switched to in one
// transaction, so no process holds a whole snapshot in memory.
import { createHash, randomInt } from 'node:crypto'
import type { Database } from 'lmdb'
import type { DurableStateMachine, SnapshotInstall, SnapshotReader } from '../../peer/consensus/driver.js'
import { record, RecordReader } from '../../peer/consensus/snapshot-records.js'
import type { Store } from '../../peer/store.js'

type ValueKey = [group: string, generation: number, index: number]
type MetaKey = [group: string, field: 'generation' | 'applied']

const LAST = Number.MAX_SAFE_INTEGER

export class DurableTestState implements DurableStateMachine {
  readonly durable = true
  private readonly values: Database<Uint8Array, ValueKey>
  private readonly meta: Database<number, MetaKey>
  private generation: number
  private applied: number
  /** A write lmdb refused: flush() reports it (a test state has no retry). */
  private failure: unknown

  constructor (store: Store, private readonly group: string) {
    this.values = store.db('testbed/values', { encoding: 'binary' })
    this.meta = store.db('testbed/meta')
    this.generation = this.meta.get([group, 'generation']) ?? 0
    this.applied = this.meta.get([group, 'applied']) ?? 0
    // What an install cut short or a switch left behind.
    void this.dropOtherGenerations()
  }

  // lmdb commits writes made in one turn in one transaction, in order: the
  // value and the applied index land together, without waiting for the disk.
  apply (data: Uint8Array, index: number): number {
    this.values.put([this.group, this.generation, index], data).catch(err => { this.failure ??= err })
    this.skip(index)
    return index
  }

  skip (index: number): void {
    this.meta.put([this.group, 'applied'], index).catch(err => { this.failure ??= err })
    this.applied = index
  }

  appliedIndex (): number {
    return this.applied
  }

  async flush (): Promise<void> {
    await this.values.committed
    if (this.failure !== undefined) throw this.failure
  }

  /** How many commands, and the sha256 of all of them in order. */
  digest (): { count: number, digest: Uint8Array<ArrayBuffer> } {
    const hash = createHash('sha256')
    let count = 0
    for (const { value } of this.values.getRange({ start: [this.group, this.generation, 0], end: [this.group, this.generation, LAST] })) {
      hash.update(value)
      count++
    }
    return { count, digest: hash.digest() }
  }

  readSnapshot (): SnapshotReader {
    const transaction = this.values.useReadTransaction()
    const generation = this.meta.get([this.group, 'generation'], { transaction }) ?? 0
    const index = this.meta.get([this.group, 'applied'], { transaction }) ?? 0
    const range = { start: [this.group, generation, 0] as ValueKey, end: [this.group, generation, LAST] as ValueKey, transaction }
    const values = this.values
    return {
      index,
      * chunks () {
        for (const { key, value } of values.getRange(range)) yield record(key[2], value)
      },
      close: () => { transaction.done() }
    }
  }

  beginInstall (): SnapshotInstall {
    // Its own generation: transfers may overlap, and one abandoned must not touch another's keys.
    let staging = randomInt(2 ** 47)
    while (staging === this.generation) staging = randomInt(2 ** 47)
    const records = new RecordReader()
    let installedAt = 0
    return {
      write: async bytes => {
        await this.values.transaction(() => {
          records.read(bytes, (index, value) => { this.values.put([this.group, staging, index], value) })
        })
      },
      commit: index => {
        if (!records.atBoundary()) throw new Error('a snapshot ended inside a record')
        void this.meta.put([this.group, 'generation'], staging)
        void this.meta.put([this.group, 'applied'], index)
        installedAt = index
      },
      committed: () => {
        const old = this.generation
        this.generation = staging
        this.applied = installedAt
        void this.dropLater(old)
      },
      abort: () => { void this.dropLater(staging) }
    }
  }

  private async dropOtherGenerations (): Promise<void> {
    const others = new Set<number>()
    for (const key of this.values.getKeys({ start: [this.group, 0, 0], end: [this.group, LAST, LAST] })) {
      if (key[1] !== this.generation) others.add(key[1])
    }
    for (const generation of others) await this.dropLater(generation)
  }

  private async dropLater (generation: number): Promise<void> {
    await this.values.transaction(() => { this.dropGeneration(generation) })
  }

  private dropGeneration (generation: number): void {
    for (const key of this.values.getKeys({ start: [this.group, generation, 0], end: [this.group, generation, LAST] })) this.values.remove(key)
  }
}
