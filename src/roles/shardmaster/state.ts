// The shardmaster's replicated state: the numbered list of KV configurations
// (DESIGN §6; configs.ts derives each from the last) and the counter behind
// the gids of the groups it forms itself. A command answers with the new
// configuration's number, or throws a ShardConfigError and changes nothing.
import type { StateMachine } from '../../peer/consensus/driver.js'
import { decodeJson, encodeJson } from '../json-state.js'
import { firstConfig, join, leave, move, query, replace, ShardConfigError, type ShardConfig } from './configs.js'

export type ShardmasterCommand =
  | { op: 'join', groups: Record<string, string[]> }
  | { op: 'leave', gids: string[] }
  | { op: 'move', shard: number, gid: string }
  | { op: 'replace', gid: string, peers: string[] }
  /** A new group of these peers, with the next gid the state allocates. */
  | { op: 'form', peers: string[] }

export interface Formed { gid: string, num: number }

interface Snapshot { configs: ShardConfig[], gidCounter: number }

/** `g<n>` as form writes it; longer numbers are left to manual joins, beyond what a counter reaches. */
const FORMED_GID = /^g([1-9]\d{0,14})$/

export class ShardmasterState implements StateMachine {
  private configs: ShardConfig[] = [firstConfig()]
  /**
   * The highest n of any gid g<n> ever joined, formed or not: form takes
   * g<n + 1>, so it never reuses the id of a group that existed (a replica
   * group's consensus id is never reused) nor collides with a manual join.
   */
  private gidCounter = 0

  apply (data: Uint8Array): number | Formed {
    const command = decodeJson<ShardmasterCommand | null>(data)
    const latest = this.query()
    switch (command?.op) {
      case 'join': return this.append(join(latest, command.groups))
      case 'leave': return this.append(leave(latest, command.gids))
      case 'move': return this.append(move(latest, command.shard, command.gid))
      case 'replace': return this.append(replace(latest, command.gid, command.peers))
      case 'form': return this.form(command.peers)
      default: throw new ShardConfigError('BAD_REQUEST', `unknown shardmaster command ${JSON.stringify(command)}`)
    }
  }

  /** Configuration `num`; the latest for -1 or for a number not reached yet. Read it, never change it. */
  query (num = -1): ShardConfig {
    return query(this.configs, num)
  }

  snapshot (): Uint8Array {
    return encodeJson({ configs: this.configs, gidCounter: this.gidCounter } satisfies Snapshot)
  }

  restore (data: Uint8Array): void {
    const snapshot = decodeJson<Snapshot | ShardConfig[]>(data)
    // Before groups could join, a snapshot was the list of configurations (configuration 0 alone).
    if (Array.isArray(snapshot)) {
      this.configs = snapshot
      this.gidCounter = 0
      return
    }
    this.configs = snapshot.configs
    this.gidCounter = snapshot.gidCounter
  }

  private form (peers: string[]): Formed {
    const gid = `g${this.gidCounter + 1}`
    return { gid, num: this.append(join(this.query(), { [gid]: peers })) }
  }

  private append (config: ShardConfig): number {
    this.configs.push(config)
    for (const gid of Object.keys(config.groups)) {
      const formed = FORMED_GID.exec(gid)
      if (formed !== null) this.gidCounter = Math.max(this.gidCounter, Number(formed[1]))
    }
    return config.num
  }
}
