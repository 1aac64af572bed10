// Ceiling for the KV benchmark: the same mix on one LMDB database in this
// process, with no network and no replication; puts go through lmdb's own
// batched commits, gets read the memory map.
import { open } from 'lmdb'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runMix, type Mix, type MixFigures } from './kv-load.js'

export async function measureLmdbKv (mix: Mix): Promise<MixFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-bench-kv-lmdb-'))
  const db = open<Uint8Array, string>({ path: join(dir, 'db'), compression: false, encoding: 'binary' })
  try {
    return await runMix(mix, {
      get: async key => db.get(key),
      put: async (key, value) => {
        await db.put(key, value)
        // lmdb's commit resolves before its fsync; etcd and Shoal answer a put once it is on disk.
        await db.flushed
      }
    })
  } finally {
    await db.close()
    await rm(dir, { recursive: true, force: true })
  }
}
