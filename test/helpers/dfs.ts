// DFS test helpers over a local swarm: bytes in and out, the swarm settled,
// and a chunk server asked directly what it holds.
import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { Swarm, type SwarmStatus } from '../../src/client/swarm.js'
import { getChunk, serverAddrs } from '../../protocols/dfs/wire.js'
import { CodedError } from '../../src/peer/errors.js'
import type { TestSwarm } from './local-swarm.js'
import { waitFor } from './wait.js'

const MiB = 1024 * 1024

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/** Writes `bytes` of random data to `path`, 1 MiB at a time; resolves with its sha256. */
export async function randomFile (path: string, bytes: number): Promise<string> {
  const hash = createHash('sha256')
  const out = createWriteStream(path)
  for (let written = 0; written < bytes; written += MiB) {
    const block = randomBytes(Math.min(MiB, bytes - written))
    hash.update(block)
    if (!out.write(block)) await new Promise(resolve => out.once('drain', resolve))
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => { if (err != null) reject(err); else resolve() }))
  return hash.digest('hex')
}

export async function * slices (bytes: Uint8Array, size = MiB): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size)
}

export async function collect (source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = []
  for await (const part of source) parts.push(part)
  return Buffer.concat(parts)
}

/** Waits until the master sees a council of 3 and all three chunk servers alive; `swarm` is a TestSwarm or a client. */
export async function settled (swarm: { status: () => Promise<SwarmStatus> }): Promise<SwarmStatus> {
  return await waitFor('a council of 3 and 3 live chunk servers', async () => {
    const s = await swarm.status()
    const ready = s.master != null && s.shardmaster != null && s.council.length === 3 &&
      s.peers.filter(p => p.state === 'alive' && p.roles.includes('chunkserver')).length === 3
    return ready ? s : undefined
  }, { intervalMs: 50 })
}

export function addrsOf (swarm: TestSwarm, id: string): string[] {
  return swarm.file.peers[swarm.peerIndex(id)].addrs
}

/** Asks a chunk server directly for a whole chunk: its bytes, or the error code it answered. */
export async function askServer (client: Swarm, swarm: TestSwarm, id: string, cid: string): Promise<Uint8Array | string> {
  try {
    return Buffer.concat(await getChunk(client.node, serverAddrs({ id, addrs: addrsOf(swarm, id) }), { cid, offset: 0, length: 0, whole: true }, { signal: AbortSignal.timeout(10_000) }))
  } catch (err) {
    if (err instanceof CodedError) return err.code
    throw err
  }
}
