import * as Args from '@oclif/core/args'
import { describeJob, jobJson } from '../../cli/jobs.js'
import { SwarmCommand } from '../../cli/swarm-command.js'

export default class MrStatus extends SwarmCommand<typeof MrStatus> {
  static override description = 'Show a MapReduce job: its phases, tasks by state, counters, and why it failed'
  static override examples = ['<%= config.bin %> mr status 3f2a9c0d1e4b']

  static override args = {
    job: Args.string({ description: 'job id', required: true })
  }

  async run (): Promise<Record<string, unknown>> {
    const { args } = await this.parse(MrStatus)
    const job = await this.withJobs(async (mr, _dfs, signal) => await mr.status(args.job, signal))
    for (const line of describeJob(job)) this.log(line)
    return jobJson(job)
  }
}
