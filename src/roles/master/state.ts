// The master's replicated state. Today it holds the swarm's metadata (when and
// by whom it was founded, and any settings the master records); the DFS
// namespace and MapReduce jobs join it in the issues that follow.
import type { StateMachine } from '../../peer/consensus/driver.js'
import { decodeJson, encodeJson } from '../json-state.js'

export type MasterCommand = { op: 'set', key: string, value: unknown }

export class MasterState implements StateMachine {
  private metadata = new Map<string, unknown>()

  apply (data: Uint8Array): unknown {
    const command = decodeJson<MasterCommand>(data)
    if (command.op !== 'set' || typeof command.key !== 'string') throw new Error(`unknown master command ${JSON.stringify(command)}`)
    this.metadata.set(command.key, command.value)
    return command.value
  }

  get (key: string): unknown {
    return this.metadata.get(key)
  }

  snapshot (): Uint8Array {
    return encodeJson([...this.metadata])
  }

  restore (data: Uint8Array): void {
    this.metadata = new Map(decodeJson<Array<[string, unknown]>>(data))
  }
}

export function encodeMasterCommand (command: MasterCommand): Uint8Array {
  return encodeJson(command)
}
