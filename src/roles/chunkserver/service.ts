// The chunk server role: stores chunks in this peer's LMDB, serves puts down
// replica chains and gets, obeys the master's replicate and delete commands,
// reports what it holds, announces it on the DHT, and scrubs in the
// background.
import { setTimeout as sleep } from 'node:timers/promises'
import { durationFromEnv } from '../../peer/env.js'
import type { RoleContext, RoleService } from '../../peer/roles.js'
import { Handlers } from '../../peer/rpc.js'
import { Announcer } from './announcer.js'
import { ChunkStore } from './chunk-store.js'
import { serveCommands } from './commands.js'
import { Reporter } from './reporter.js'
import { serveGet, servePut } from './transfer.js'

/** Pause between scrub passes; `SHOAL_SCRUB_INTERVAL_MS` overrides it (tests). */
const SCRUB_INTERVAL_MS = durationFromEnv('SHOAL_SCRUB_INTERVAL_MS', 10 * 60_000)

export function chunkserverRole (context: RoleContext): RoleService {
  return new ChunkServer(context)
}

class ChunkServer implements RoleService {
  private readonly context: RoleContext
  private readonly reporter: Reporter
  private readonly announcer: Announcer
  private readonly store: ChunkStore
  private readonly stopping = new AbortController()
  private readonly handlers: Handlers

  constructor (context: RoleContext) {
    this.context = context
    this.handlers = new Handlers(context.node)
    const { node, view, log } = context
    this.announcer = new Announcer(node.contentRouting, log.child('dht'))
    this.store = new ChunkStore(context.store, {
      log,
      onStored: cid => {
        this.reporter.stored(cid.toString())
        this.announcer.provide(cid)
      },
      onDeleted: cid => {
        this.reporter.deleted(cid.toString())
        this.announcer.withdraw(cid)
      }
    })
    this.reporter = new Reporter({ node, view, store: this.store, log })
  }

  async start (): Promise<void> {
    const { node, fence, log } = this.context
    const transfer = { node, store: this.store, fence, log, onActivity: () => { this.announcer.busy() } }
    await servePut(this.handlers, transfer)
    await serveGet(this.handlers, transfer)
    await serveCommands(this.handlers, { node, store: this.store, fence, log })
    this.reporter.start()
    void this.announceAll()
    void this.scrubForever()
  }

  async stop (): Promise<void> {
    this.stopping.abort()
    this.reporter.stop()
    this.announcer.stop()
    await this.handlers.stop()
  }

  /** Provider records live in memory: after a restart every chunk is announced again. */
  private async announceAll (): Promise<void> {
    for await (const cid of this.store.list()) {
      if (this.stopping.signal.aborted) return
      this.announcer.provide(cid)
    }
  }

  private async scrubForever (): Promise<void> {
    const { signal } = this.stopping
    try {
      while (!signal.aborted) {
        await sleep(SCRUB_INTERVAL_MS, undefined, { signal })
        for await (const cid of this.store.scrub({ signal })) this.reporter.foundCorrupt(cid.toString())
      }
    } catch (err) {
      if (!signal.aborted) this.context.log.error('scrub stopped', err)
    }
  }
}
