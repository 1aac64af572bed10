// The master role: runs on the leader of the master group for one term. It
// serves clients once it has applied everything earlier leaders committed,
// keeps the location cache from chunk server reports, and runs the repair
// and collection pass.
import { setTimeout as sleep } from 'node:timers/promises'
import { ChunkCommand, ChunkCommandResult, ChunkReport, ChunkReportAck, MasterRequest, MasterResponse } from '../../../protocols/dfs/dfs.js'
import { parseChunkId } from '../../../protocols/dfs/chunk-id.js'
import { MrRequest, MrResponse } from '../../../protocols/mr/mr.js'
import { MR_MASTER_PROTOCOL } from '../../../protocols/mr/wire.js'
import { downloadPieces, piecesOf } from '../../client/dfs-download.js'
import { CHUNK_COMMAND_PROTOCOL, CHUNK_COMMAND_TIMEOUT_MS, CHUNK_REPORT_PROTOCOL, DFS_MASTER_PROTOCOL, PROVIDER_LOOKUP_MS, serverAddrs } from '../../../protocols/dfs/wire.js'
import type { RaftGroup } from '../../peer/consensus/driver.js'
import type { NotLeaderError } from '../../peer/consensus/core.js'
import { encodeRegistration } from '../../peer/consensus/replicated-state.js'
import { Role } from '../../peer/consensus/types.js'
import { describeError } from '../../peer/log.js'
import type { RoleContext, RoleFactory, RoleService } from '../../peer/roles.js'
import { call, Handlers } from '../../peer/rpc.js'
import { answer, emptyResponse, type MasterApiContext } from './api.js'
import { answerJobs, type JobsApiContext } from './jobs/api.js'
import { JobScheduler } from './jobs/scheduler.js'
import type { JobCommand, JobResult } from './jobs/state.js'
import { LocationMap } from './locations.js'
import type { FileInfo, NamespaceResult } from './namespace.js'
import { describeServer } from './servers.js'
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

/** `ownWorker` runs tasks on the master's own peer, for a swarm where no peer runs the worker role. */
export function masterRole (state: MasterState, ownWorker: RoleFactory): (context: RoleContext) => RoleService {
  return context => new MasterService(context, state, ownWorker)
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
  private readonly scheduler: JobScheduler
  private readonly jobsApi: JobsApiContext
  private ownWorker?: Promise<RoleService>

  constructor (context: RoleContext, private readonly state: MasterState, private readonly ownWorkerRole: RoleFactory) {
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
    const proposeJob = async (command: JobCommand, signal: AbortSignal): Promise<JobResult> =>
      await this.group().propose(encodeMasterCommand(command), signal) as JobResult
    this.scheduler = new JobScheduler({
      node,
      view,
      jobs: () => state.jobs,
      locations: this.locations,
      log: log.child('jobs'),
      propose: proposeJob,
      released: this.api.released,
      runOwnWorker: async () => { await this.runOwnWorker() }
    })
    this.jobsApi = {
      jobs: () => state.jobs,
      pending: this.pending,
      namespace: () => state.namespace,
      scheduler: this.scheduler,
      readFile: async (file, signal) => await this.readFile(file, signal),
      propose: proposeJob,
      released: this.api.released
    }
  }

  async start (): Promise<void> {
    const { node, log } = this.context
    this.startedAt = Date.now()
    // An entry of this term, once applied, means every earlier one is applied too.
    this.ready = this.group().propose(encodeMasterCommand({ op: 'set', key: 'master', value: { id: node.peerId.toString(), term: this.context.term } }), this.stopping.signal)
      .then(() => {
        this.serving = true
        this.scheduler.start()
        log(`serving the namespace and jobs for term ${this.context.term}`)
      })
    this.ready.catch(() => {})
    await this.handlers.serve({ protocol: DFS_MASTER_PROTOCOL, request: MasterRequest, response: MasterResponse, log, maxRequestBytes: MAX_MASTER_REQUEST },
      async (request, _connection, signal) => await this.onRequest(request, signal))
    await this.handlers.serve({ protocol: MR_MASTER_PROTOCOL, request: MrRequest, response: MrResponse, log, maxRequestBytes: MAX_MASTER_REQUEST },
      async (request, _connection, signal) => await this.onJobsRequest(request, signal))
    await this.handlers.serve({ protocol: CHUNK_REPORT_PROTOCOL, request: ChunkReport, response: ChunkReportAck, log, maxRequestBytes: MAX_REPORT },
      async (report, connection) => await this.onReport((connection?.remotePeer ?? node.peerId).toString(), report))
    this.timer = setInterval(() => { this.pass() }, PASS_INTERVAL_MS)
  }

  async stop (): Promise<void> {
    clearInterval(this.timer)
    this.stopping.abort(new Error('the master role stopped'))
    this.scheduler.stop()
    await this.handlers.stop()
    await (await this.ownWorker?.catch(() => undefined))?.stop()
  }

  private async runOwnWorker (): Promise<void> {
    this.ownWorker ??= (async () => {
      const worker = this.ownWorkerRole({ ...this.context, log: this.context.log.child('own-worker') })
      await worker.start()
      this.context.log('no peer runs the worker role: this master runs the tasks itself')
      return worker
    })()
    await this.ownWorker
  }

  /** A file's bytes, from its chunks' holders. */
  private async readFile (file: FileInfo, signal: AbortSignal): Promise<Uint8Array> {
    const chunks = file.chunks.map(chunk => ({ ...chunk, replicas: this.locations.holders(chunk.cid).map(id => describeServer(this.context.view, id)) }))
    const parts: Uint8Array[] = []
    for await (const part of downloadPieces(this.context.node, piecesOf(chunks, 0, file.size), file.chunkSize, signal)) parts.push(part)
    return Buffer.concat(parts)
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

  /**
   * Why this peer may not answer a client now (not the master, or not yet
   * serving), or undefined. With `read`, it first confirms it still leads: a
   * deposed master that has not noticed yet must not answer from a state its
   * successor changed.
   */
  private async refusal (read: boolean, signal: AbortSignal): Promise<{ error: string, message: string, leader: string, term: number } | undefined> {
    const status = this.group().status()
    const notLeader = (leader: string): { error: string, message: string, leader: string, term: number } =>
      ({ error: 'NOT_LEADER', message: 'this peer is not the master now', leader, term: status.term })
    if (status.role !== Role.Leader || status.term !== this.context.term || !await this.isReady(signal)) return notLeader(status.leader)
    if (!read) return undefined
    try {
      await this.group().read(signal)
    } catch (err) {
      if ((err as Error).name !== 'NotLeaderError') throw err
      return notLeader((err as NotLeaderError).leader)
    }
    return undefined
  }

  private async onRequest (request: MasterRequest, signal: AbortSignal): Promise<MasterResponse> {
    // prepare reads too: a stale EXISTS or NOT_FOUND would refuse a put the current namespace allows.
    const refused = await this.refusal(request.stat != null || request.list != null || request.prepare != null, signal)
    if (refused !== undefined) return refused
    // Right after a failover the location cache fills from reports: a stat would show chunks nowhere.
    if (request.stat != null) await this.reportsSettled(signal)
    try {
      return await answer(this.api, request, signal)
    } catch (err) {
      return { ...emptyResponse(this.context.term), error: 'UNAVAILABLE', message: `not done: ${describeError(err)}` }
    }
  }

  private async onJobsRequest (request: MrRequest, signal: AbortSignal): Promise<MrResponse> {
    const refused = await this.refusal(request.status != null || request.list != null || request.submit != null, signal)
    if (refused !== undefined) return refused
    // A submit reads its code from the chunk servers: the location cache must have heard them.
    if (request.submit != null) await this.reportsSettled(signal)
    const response: MrResponse = { error: '', message: '', leader: '', term: this.context.term }
    try {
      await answerJobs(this.jobsApi, request, response, signal)
    } catch (err) {
      return { ...response, error: 'UNAVAILABLE', message: `not done: ${describeError(err)}` }
    }
    return response
  }

  private async onReport (server: string, report: ChunkReport): Promise<ChunkReportAck> {
    const { term } = this.context
    if (this.group().status().role !== Role.Leader) return { error: 'NOT_LEADER', term }
    // A server back from the dead is trusted only for a full report sent after its return (its disk may be new):
    // one that comes before the master has heard it alive again must be sent again, or it would count for the old epoch.
    if (this.context.view.state(server) !== 'alive') return { error: 'NOT_ALIVE', term }
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
