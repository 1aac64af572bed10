// One LMDB environment per peer under `<home>/db`, with named sub-databases
// (`raft/<group>/log`, `raft/<group>/meta`, later `chunks`, `kv/*`, `mr/*`).
import { open, type Database, type DatabaseOptions, type Key, type RootDatabase } from 'lmdb'
import { join } from 'node:path'

export type { Database }

export class Store {
  readonly env: RootDatabase

  private constructor (env: RootDatabase) {
    this.env = env
  }

  static open (home: string): Store {
    return new Store(open({ path: join(home, 'db'), maxDbs: 256, compression: false }))
  }

  db<V = any, K extends Key = string> (name: string, options: DatabaseOptions = {}): Database<V, K> {
    return this.env.openDB<V, K>({ ...options, name })
  }

  async close (): Promise<void> {
    await this.env.close()
  }
}
