// The master role: runs on the leader of the master group for one term. It
// serves clients once it has applied everything earlier leaders committed,
// keeps the location cache from chunk server reports, and runs the repair
// and collection pass.
import { setTimeout as sleep } from 'node:timers/promises'
import { ChunkCommand, ChunkCommandResult, ChunkReport, ChunkReportAck, MasterRequest, MasterResponse } from '../../../protocols/dfs/dfs.js'
import { parseChunkId } from '../../../protocols/dfs/chunk-id.js'
import { CHUNK_COMMAND_PROTOCOL, CHUNK_COMMAND_TIMEOUT_MS, CHUNK_REPORT_PROTOCOL, DFS_MASTER_PROTOCOL, PROVIDER_LOOKUP_MS, serverAddrs } from '../../../protocols/dfs/wire.js'
import type { RaftGroup } from '../../peer/consensus/driver.js'
import type { NotLeaderError } from '../../peer/consensus/core.js'
import { encodeRegistration } from '../../peer/consensus/replicated-state.js'
import { Role } from '../../peer/consensus/types.js'
import { describeError } from '../../peer/log.js'
import type { RoleContext, RoleService } from '../../peer/roles.js'
import { call, Handlers } from '../../peer/rpc.js'
import { answer, emptyResponse, type MasterApiContext } from './api.js'
import { LocationMap } from './locations.js'
import type { NamespaceResult } from './namespace.js'
import { PendingPlacements } from './pending.js'
import { Repairer } from './repair.js'
import { encodeMasterCommand, type MasterState } from './state.js'

const PASS_INTERVAL_MS = 1_000
const REPORT_POLL_MS = 50
/** Repair waits for every live server's full report, or this long, so a new master does not copy what it has not heard of yet. */
const REPORT_GRACE_MS = 5_000
const MAX_MASTER_REQUEST = 6 * 1024 * 1024
const MAX_REPORT = 8 * 1024 * 1024
/** A leadership check waits at most this long: a master cut off from the quorum steps down within two election timeouts. */
const CONFIRM_TIMEOUT_MS = 5_000

export function masterRole (state: MasterState): (context: RoleContext) => RoleService {
  return context => new MasterService(context, state)
}

class MasterService implements RoleService {
  private readonly context: RoleContext
  private readonly locations = new LocationMap()
  private readonly pending = new PendingPlacements()
  private readonly repairer: Repairer
  private readonly api: MasterApiContext
  private readonly stopping = new AbortController()
  private readonly handlers: Handlers
  private ready?: Promise<void>
  private serving = false
  private timer?: NodeJS.Timeout
  private startedAt = 0

  constructor (context: RoleContext, state: MasterState) {
    this.handlers = new Handlers(context.node)
    this.context = context
    const { node, view, log, term } = context
    this.repairer = new Repairer({
      term,
      state,
      view,
      locations: this.locations,
      pending: this.pending,
      log,
      command: async (server, command) => await call(node, serverAddrs(server), command, {
        protocol: CHUNK_COMMAND_PROTOCOL, request: ChunkCommand, response: ChunkCommandResult, signal: AbortSignal.timeout(CHUNK_COMMAND_TIMEOUT_MS)
      }),
      confirmLeadership: async () => { await this.group().read(AbortSignal.any([this.stopping.signal, AbortSignal.timeout(CONFIRM_TIMEOUT_MS)])) },
      providers: async cid => {
        const ids: string[] = []
        try {
          for await (const provider of node.contentRouting.findProviders(parseChunkId(cid), { signal: AbortSignal.timeout(PROVIDER_LOOKUP_MS) })) ids.push(provider.id.toString())
        } catch (err) {
          if (ids.length === 0) throw err // a lookup cut short by its deadline still found what it found
        }
        return ids
      }
    })
    this.api = {
      term,
      state,
      view,
      locations: this.locations,
      pending: this.pending,
      propose: async (command, signal, session) => await this.group().propose(encodeMasterCommand(command, session), signal) as NamespaceResult,
      register: async signal => await this.group().propose(encodeRegistration(), signal) as string,
      released: cids => { this.repairer.released(cids) },
      deletesSettled: async cids => { await this.repairer.settled(cids) }
    }
  }

  async start (): Promise<void> {
    const { node, log } = this.context
    this.startedAt = Date.now()
    // An entry of this term, once applied, means every earlier one is applied too.
    this.ready = this.group().propose(encodeMasterCommand({ op: 'set', key: 'master', value: { id: node.peerId.toString(), term: this.context.term } }), this.stopping.signal)
      .then(() => {
        this.serving = true
        log(`serving the namespace for term ${this.context.term}`)
      })
    this.ready.catch(() => {})
    await this.handlers.serve({ protocol: DFS_MASTER_PROTOCOL, request: MasterRequest, response: MasterResponse, log, maxRequestBytes: MAX_MASTER_REQUEST },
      async (request, _connection, signal) => await this.onRequest(request, signal))
    await this.handlers.serve({ protocol: CHUNK_REPORT_PROTOCOL, request: ChunkReport, response: ChunkReportAck, log, maxRequestBytes: MAX_REPORT },
      async (report, connection) => await this.onReport((connection?.remotePeer ?? node.peerId).toString(), report))
    this.timer = setInterval(() => { this.pass() }, PASS_INTERVAL_MS)
  }

  async stop (): Promise<void> {
    clearInterval(this.timer)
    this.stopping.abort(new Error('the master role stopped'))
    await this.handlers.stop()
  }

  private group (): RaftGroup {
    const group = this.context.council.group('master')
    if (group == null) throw new Error('the master group is not open on this peer')
    return group
  }

  private async isReady (signal: AbortSignal): Promise<boolean> {
    if (this.serving) return true
    const { promise, resolve } = Promise.withResolvers<boolean>()
    const onAbort = (): void => { resolve(false) }
    signal.addEventListener('abort', onAbort, { once: true })
    this.ready?.then(() => { resolve(true) }, () => { resolve(false) })
    try {
      return await promise
    } finally {
      signal.removeEventListener('abort', onAbort)
    }
  }

  private async onRequest (request: MasterRequest, signal: AbortSignal): Promise<MasterResponse> {
    const status = this.group().status()
    if (status.role !== Role.Leader || status.term !== this.context.term || !await this.isReady(signal)) {
      return { ...emptyResponse(status.term), error: 'NOT_LEADER', message: 'this peer is not the master now', leader: status.leader }
    }
    if (request.stat != null || request.list != null || request.prepare != null) {
      // A deposed master that has not noticed yet must not answer from a namespace its successor changed
      // (prepare too: a stale EXISTS or NOT_FOUND would refuse a put the current namespace allows).
      try {
        await this.group().read(signal)
      } catch (err) {
        if ((err as Error).name !== 'NotLeaderError') throw err
        return { ...emptyResponse(status.term), error: 'NOT_LEADER', message: 'this peer is not the master now', leader: (err as NotLeaderError).leader }
      }
    }
    // Right after a failover the location cache fills from reports: a stat would show chunks nowhere.
    if (request.stat != null) await this.reportsSettled(signal)
    try {
      return await answer(this.api, request, signal)
    } catch (err) {
      return { ...emptyResponse(this.context.term), error: 'UNAVAILABLE', message: `not done: ${describeError(err)}` }
    }
  }

  private async onReport (server: string, report: ChunkReport): Promise<ChunkReportAck> {
    const { term } = this.context
    if (this.group().status().role !== Role.Leader) return { error: 'NOT_LEADER', term }
    this.locations.report(server, report, this.context.view.epoch(server))
    for (const cid of report.corrupt) this.context.log(`${server} found chunk ${cid} corrupt; it will be re-replicated`)
    for (const cid of report.added) this.repairer.reported(server, cid)
    return { error: '', term }
  }

  /** True once every live chunk server has sent this master its full report, or the grace period is over. */
  private settled (): boolean {
    return Date.now() - this.startedAt > REPORT_GRACE_MS || this.context.view.list().every(m =>
      m.state !== 'alive' || !m.heartbeat.roles.includes('chunkserver') || this.locations.hasReported(m.heartbeat.id))
  }

  private async reportsSettled (signal: AbortSignal): Promise<void> {
    while (!this.settled() && !signal.aborted) await sleep(REPORT_POLL_MS)
  }

  private pass (): void {
    if (this.settled() && this.serving) this.repairer.pass()
  }
}
