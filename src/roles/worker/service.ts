// The worker role: runs task attempts the master sends (`/shoal/mr/task`) and
// serves its maps' output to reducers (`/shoal/mr/shuffle`). An attempt whose
// master goes away (cancelled, deposed, dead) stops at once: the task
// handler's signal fires as the caller's stream closes.
import { join } from 'node:path'
import { ShuffleRequest, ShuffleResponse, TaskRequest, TaskResult } from '../../../protocols/mr/mr.js'
import { MAX_TASK_REQUEST_BYTES, MR_SHUFFLE_PROTOCOL, MR_TASK_PROTOCOL } from '../../../protocols/mr/wire.js'
import type { RoleContext, RoleService } from '../../peer/roles.js'
import { Handlers } from '../../peer/rpc.js'
import { MapOutputs } from './map-outputs.js'
import { TaskRunner } from './runner.js'

const EMPTY_RESULT: TaskResult = { error: '', message: '', lost: [], counters: [], partitionBytes: [] }

export function workerRole (context: RoleContext): RoleService {
  return new WorkerService(context)
}

class WorkerService implements RoleService {
  private readonly handlers: Handlers
  private readonly runner: TaskRunner

  constructor (private readonly context: RoleContext) {
    this.handlers = new Handlers(context.node)
    this.runner = new TaskRunner(context.node, new MapOutputs(join(context.home, 'worker')))
  }

  async start (): Promise<void> {
    const { log } = this.context
    // Outputs of an earlier run of this peer belong to attempts its master has written off.
    await this.runner.outputs.clear()
    await this.handlers.serve({ protocol: MR_TASK_PROTOCOL, request: TaskRequest, response: TaskResult, log, maxRequestBytes: MAX_TASK_REQUEST_BYTES, timeoutMs: Infinity },
      async (request, _connection, signal) => {
        if (request.run != null) return await this.runner.run(request.run, signal)
        if (request.forget != null) {
          await this.runner.forget(request.forget.job)
          return EMPTY_RESULT
        }
        return { ...EMPTY_RESULT, error: 'BAD_REQUEST', message: 'the request names no operation this worker knows' }
      })
    await this.handlers.serve({ protocol: MR_SHUFFLE_PROTOCOL, request: ShuffleRequest, response: ShuffleResponse, log },
      async request => await this.runner.shuffle(request))
  }

  async stop (): Promise<void> {
    await this.handlers.stop()
    this.runner.stop()
  }
}
