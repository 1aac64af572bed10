import * as Args from '@oclif/core/args'
import { jobJson } from '../../cli/jobs.js'
import { SwarmCommand } from '../../cli/swarm-command.js'

export default class MrCancel extends SwarmCommand<typeof MrCancel> {
  static override description = 'Cancel a running MapReduce job: its running attempts stop at once'
  static override examples = ['<%= config.bin %> mr cancel 3f2a9c0d1e4b']

  static override args = {
    job: Args.string({ description: 'job id', required: true })
  }

  async run (): Promise<Record<string, unknown>> {
    const { args } = await this.parse(MrCancel)
    const job = await this.withJobs(async (mr, _dfs, signal) => await mr.cancel(args.job, signal))
    this.log(`job ${job.id}: ${job.status}`)
    return jobJson(job)
  }
}
