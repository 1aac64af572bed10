import * as Args from '@oclif/core/args'
import { SwarmCommand } from '../../cli/swarm-command.js'

export default class DfsMv extends SwarmCommand<typeof DfsMv> {
  static override description = 'Move or rename a DFS file or directory (never over an existing path)'
  static override examples = ['<%= config.bin %> dfs mv /data/new.csv /data/current.csv']

  static override args = {
    src: Args.string({ description: 'DFS path to move', required: true }),
    dst: Args.string({ description: 'new DFS path', required: true })
  }

  async run (): Promise<{ from: string, to: string }> {
    const { args } = await this.parse(DfsMv)
    await this.withDfs(async (dfs, signal) => { await dfs.move(args.src, args.dst, { signal }) })
    return { from: args.src, to: args.dst }
  }
}
