// A test group's replicated state: every command applied, in order, so a test
// can check that no acknowledged command was lost.
import type { StateMachine } from '../../peer/consensus/driver.js'
import { decodeJson, encodeJson } from '../json-state.js'

export class TestState implements StateMachine {
  private values: Uint8Array[] = []

  apply (data: Uint8Array): number {
    this.values.push(data)
    return this.values.length
  }

  all (): Uint8Array[] {
    return this.values
  }

  snapshot (): Uint8Array {
    return encodeJson(this.values.map(v => Buffer.from(v).toString('base64')))
  }

  restore (data: Uint8Array): void {
    this.values = decodeJson<string[]>(data).map(s => new Uint8Array(Buffer.from(s, 'base64')))
  }
}
