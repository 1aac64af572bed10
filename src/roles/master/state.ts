// The master's replicated state: the DFS namespace, and the swarm's metadata
// (who founded it, who leads now, settings the master records). MapReduce jobs
// join it in the issue that follows.
import type { StateMachine } from '../../peer/consensus/driver.js'
import { decodeJson, encodeJson } from '../json-state.js'
import { Namespace, type NamespaceCommand } from './namespace.js'

export type SetCommand = { op: 'set', key: string, value: unknown }
export type MasterCommand = SetCommand | NamespaceCommand

// A snapshot is the metadata as JSON, then the namespace's own snapshot: a
// 4-byte big-endian length keeps the two apart without re-encoding either.
const LENGTH_BYTES = 4

export class MasterState implements StateMachine {
  private metadata = new Map<string, unknown>()
  private ns = new Namespace()

  apply (data: Uint8Array): unknown {
    const command = decodeJson<MasterCommand>(data)
    if (command?.op !== 'set') return this.ns.apply(command)
    if (typeof command.key !== 'string') throw new Error(`bad master command ${JSON.stringify(command)}`)
    this.metadata.set(command.key, command.value)
    return command.value
  }

  get (key: string): unknown {
    return this.metadata.get(key)
  }

  /** The namespace as applied so far: read it, never change it (changes go through the log). */
  get namespace (): Namespace {
    return this.ns
  }

  snapshot (): Uint8Array {
    const metadata = encodeJson([...this.metadata])
    const namespace = this.ns.snapshot()
    const bytes = new Uint8Array(LENGTH_BYTES + metadata.length + namespace.length)
    new DataView(bytes.buffer).setUint32(0, metadata.length)
    bytes.set(metadata, LENGTH_BYTES)
    bytes.set(namespace, LENGTH_BYTES + metadata.length)
    return bytes
  }

  restore (data: Uint8Array): void {
    const length = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0)
    const metadataEnd = LENGTH_BYTES + length
    this.metadata = new Map(decodeJson<Array<[string, unknown]>>(data.subarray(LENGTH_BYTES, metadataEnd)))
    this.ns = Namespace.restore(data.subarray(metadataEnd))
  }
}

export function encodeMasterCommand (command: MasterCommand): Uint8Array {
  return encodeJson(command)
}
