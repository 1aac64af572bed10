// The master's replicated state, in three parts: the swarm's metadata (who
// founded it, who leads now, settings the master records), the DFS namespace
// and the MapReduce jobs (which write their output into the namespace).
import type { StateMachine } from '../../peer/consensus/driver.js'
import { encodeCommand, ReplicatedState, type Envelope, type Session, type StatePart } from '../../peer/consensus/replicated-state.js'
import { decodeJson, encodeJson } from '../json-state.js'
import { JobsPart, type JobCommand } from './jobs/state.js'
import { Namespace, type NamespaceCommand } from './namespace.js'

export type SetCommand = { op: 'set', key: string, value: unknown }
export type MasterCommand = SetCommand | NamespaceCommand | JobCommand

const JOB_OPS = new Set<string>(['submit', 'start', 'mapDone', 'reduceDone', 'failed', 'lost', 'abandon', 'cancel', 'cleanup'] satisfies Array<JobCommand['op']>)

class Metadata implements StatePart {
  values = new Map<string, unknown>()

  apply (command: unknown): unknown {
    const c = command as SetCommand
    if (c?.op !== 'set' || typeof c.key !== 'string') throw new Error(`bad metadata command ${JSON.stringify(command)}`)
    this.values.set(c.key, c.value)
    return c.value
  }

  snapshot (): Uint8Array { return encodeJson([...this.values]) }
  restore (data: Uint8Array): void { this.values = new Map(decodeJson<Array<[string, unknown]>>(data)) }
}

class NamespacePart implements StatePart {
  ns = new Namespace()
  apply (command: unknown): unknown { return this.ns.apply(command as NamespaceCommand) }
  snapshot (): Uint8Array { return this.ns.snapshot() }
  restore (data: Uint8Array): void { this.ns = Namespace.restore(data) }
}

function partOf (command: MasterCommand): string {
  if (command.op === 'set') return 'meta'
  return JOB_OPS.has(command.op) ? 'jobs' : 'namespace'
}

/**
 * Entries written before the state had parts were bare commands. An append
 * then named a requestId, and a retry with the same id answered as the first
 * did: that request is its own session now, so the log replays as it applied.
 */
function legacyEnvelope (value: unknown): Envelope {
  const command = value as MasterCommand & { requestId?: unknown }
  if (command.op === 'append' && typeof command.requestId === 'string') {
    const { requestId, ...append } = command
    return { part: 'namespace', command: append, session: { client: legacyClient(requestId), seq: 0, firstUnanswered: 0 } }
  }
  return { part: partOf(command), command }
}

/** The session a pre-session append request stands for (never a registered id: those start with 'r'). */
function legacyClient (requestId: string): string {
  return `legacy-${requestId}`
}

/** An append a version-1 namespace snapshot remembered by requestId: [requestId, offset, index, count, size]. */
type RememberedAppend = [requestId: string, offset: number, index: number, count: number, size: number]

const LENGTH_BYTES = 4
const OPEN_BRACKET = 0x5b

export class MasterState implements StateMachine {
  private readonly metadata = new Metadata()
  private readonly namespacePart = new NamespacePart()
  private readonly jobsPart = new JobsPart(() => this.namespacePart.ns)
  private readonly state = new ReplicatedState({ meta: this.metadata, namespace: this.namespacePart, jobs: this.jobsPart }, undefined, legacyEnvelope)

  apply (data: Uint8Array, index: number): unknown {
    return this.state.apply(data, index)
  }

  get (key: string): unknown {
    return this.metadata.values.get(key)
  }

  /** The namespace as applied so far: read it, never change it (changes go through the log). */
  get namespace (): Namespace {
    return this.namespacePart.ns
  }

  /** The MapReduce jobs as applied so far: read them, never change them. */
  get jobs (): JobsPart {
    return this.jobsPart
  }

  snapshot (): Uint8Array {
    return this.state.snapshot()
  }

  restore (data: Uint8Array): void {
    // Before parts, a snapshot was the metadata (a JSON array) and then the namespace.
    if (data[LENGTH_BYTES] !== OPEN_BRACKET) {
      this.state.restore(data)
      return
    }
    const end = LENGTH_BYTES + new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0)
    this.metadata.restore(data.subarray(LENGTH_BYTES, end))
    this.namespacePart.restore(data.subarray(end))
    // Its namespace remembered appends by requestId: their retries answer as the first did.
    const remembered = decodeJson<{ appends?: RememberedAppend[] }>(data.subarray(end)).appends ?? []
    for (const [requestId, offset, index, count, size] of remembered) {
      this.state.recordReply(legacyClient(requestId), 0, { op: 'append', path: '', offset, index, count, size, released: [] })
    }
  }
}

export function encodeMasterCommand (command: MasterCommand, session?: Session): Uint8Array {
  return encodeCommand(partOf(command), command, session)
}
