// What a peer's KV replicas hold on disk, read from its LMDB environment
// while it runs (LMDB lets another process read).
import { join } from 'node:path'
import { open } from 'lmdb'
import { SHARD_COUNT } from '../../protocols/kv/shard.js'

/** How many pairs of replica group `gid` the peer whose home is `home` keeps, over every shard. */
export function pairsOnDisk (home: string, gid: string): number {
  const env = open({ path: join(home, 'db'), readOnly: true, maxDbs: 256 })
  try {
    let count = 0
    for (let shard = 0; shard < SHARD_COUNT; shard++) {
      const db = env.openDB<Uint8Array, [string, number, string]>({ name: `kv/shard/${String(shard).padStart(2, '0')}`, encoding: 'binary' })
      count += db.getKeysCount({ start: [gid], end: [`${gid}\u0000`] })
    }
    return count
  } finally {
    void env.close()
  }
}

/** How many entries of consensus group `group` in the Raft log of the peer whose home is `home` contain `bytes`. */
export function logEntriesHolding (home: string, group: string, bytes: Uint8Array): number {
  const env = open({ path: join(home, 'db'), readOnly: true, maxDbs: 256 })
  try {
    const log = env.openDB<{ data: Uint8Array }, [string, number]>({ name: 'raft/log' })
    let count = 0
    for (const { value } of log.getRange({ start: [group, 0], end: [group, Number.MAX_SAFE_INTEGER] })) {
      if (Buffer.from(value.data).includes(bytes)) count++
    }
    return count
  } finally {
    void env.close()
  }
}
