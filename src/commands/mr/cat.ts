import * as Args from '@oclif/core/args'
import { saveLocal, SwarmCommand } from '../../cli/swarm-command.js'

export default class MrCat extends SwarmCommand<typeof MrCat> {
  static override description = 'Print every output line of a finished MapReduce job, part after part (a job with a kv: output says where its keys are)'
  static override enableJsonFlag = false
  static override examples = ['<%= config.bin %> mr cat 3f2a9c0d1e4b | sort -t$\'\\t\' -k2 -nr | head']

  static override args = {
    job: Args.string({ description: 'job id', required: true })
  }

  async run (): Promise<void> {
    const { args } = await this.parse(MrCat)
    await this.withJobs(async (mr, _dfs, signal) => { await saveLocal('-', mr.output(args.job, signal), signal) })
  }
}
