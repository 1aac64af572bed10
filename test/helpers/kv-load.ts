// A load of concurrent KV clients on a few hot keys, every call recorded for
// the linearizability checker: used in the test's own process, and in a child
// process run inside a network namespace (kv-load-child.ts).
import { KvClient } from '../../src/client/kv.js'
import { Swarm, type ConnectOptions } from '../../src/client/swarm.js'
import { bytes, HistoryRecorder, text } from './kv.js'
import type { KvInput } from './linearizability.js'
import { seeded } from '../../src/client/seeded.js'

export interface Load {
  recorder: HistoryRecorder
  /** Stops the clients (a call under way is cut short: a write's outcome is then unknown) and closes them. */
  stop: () => Promise<void>
}

export interface LoadOptions {
  connect: ConnectOptions
  keys: string[]
  clients: number
  seed: number
  /** One call's limit: past it the call is abandoned. Above the client's own 10 s per attempt, so a client gives up on a silent peer by itself first. */
  callTimeoutMs?: number
}

/**
 * `clients` clients, each its own swarm connection and KvClient, each one call
 * at a time: get 40%, put 20%, append 25%, cas 15% on `keys`. Values are
 * unique (client.n); a cas expects what some client last read or wrote there.
 */
export async function startLoad (options: LoadOptions): Promise<Load> {
  const { keys, seed } = options
  const callTimeoutMs = options.callTimeoutMs ?? 15_000
  const recorder = new HistoryRecorder()
  const stopping = new AbortController()
  const lastSeen = new Map<string, string | undefined>()
  const connections = await Promise.all(Array.from({ length: options.clients }, async () => await Swarm.connect(options.connect)))
  const clients = connections.map(c => new KvClient(c))
  const loops = clients.map(async (client, id) => {
    const random = seeded(seed + id)
    for (let n = 0; !stopping.signal.aborted; n++) {
      const key = keys[Math.floor(random() * keys.length)]
      const roll = random()
      const value = `${id}.${n}`
      const signal = AbortSignal.any([stopping.signal, AbortSignal.timeout(callTimeoutMs)])
      if (roll < 0.4) {
        const out = await recorder.record(id, { op: 'get', key }, async () => ({ value: text(await client.get(key, { signal })) }))
        if (out !== undefined) lastSeen.set(key, out.value)
      } else if (roll < 0.6) {
        await recorder.record(id, { op: 'put', key, value }, async () => { await client.put(key, bytes(value), { signal }); return {} })
        lastSeen.set(key, value)
      } else if (roll < 0.85) {
        await recorder.record(id, { op: 'append', key, value: `+${value}` }, async () => { await client.append(key, bytes(`+${value}`), { signal }); return {} })
      } else {
        const expected = lastSeen.get(key)
        const input: KvInput = { op: 'cas', key, expected, value }
        await recorder.record(id, input, async () => ({ ok: await client.cas(key, expected === undefined ? undefined : bytes(expected), bytes(value), { signal }) }))
      }
    }
  })
  return {
    recorder,
    stop: async () => {
      stopping.abort()
      await Promise.all(loops)
      for (const client of clients) client.close()
      await Promise.all(connections.map(async c => { await c.close().catch(() => {}) }))
    }
  }
}

/** A final read of every key, by a fresh call after the load stopped (client 99), within `timeoutMs` in all. */
export async function finalReads (recorder: HistoryRecorder, kv: KvClient, keys: string[], timeoutMs = 30_000): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs)
  for (const key of keys) {
    await recorder.record(99, { op: 'get', key }, async () => ({ value: text(await kv.get(key, { signal })) }))
  }
}
