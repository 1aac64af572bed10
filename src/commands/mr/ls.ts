import { formatDuration } from '../../cli/durations.js'
import { jobJson, progressLine } from '../../cli/jobs.js'
import { SwarmCommand } from '../../cli/swarm-command.js'

export default class MrLs extends SwarmCommand<typeof MrLs> {
  static override description = 'List MapReduce jobs, oldest first'
  static override examples = ['<%= config.bin %> mr ls', '<%= config.bin %> mr ls --json']

  async run (): Promise<Array<Record<string, unknown>>> {
    const jobs = await this.withJobs(async (mr, _dfs, signal) => await mr.list(signal))
    for (const job of jobs) {
      const took = job.finished > 0 ? `  ${formatDuration(job.finished - job.submitted)}` : ''
      this.log(`${job.id}  ${job.status.padEnd(9)}  ${job.output}  (${progressLine(job).replace(/^job \S+: /, '')})${took}`)
    }
    return jobs.map(jobJson)
  }
}
