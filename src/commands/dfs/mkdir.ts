import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import { SwarmCommand } from '../../cli/swarm-command.js'

export default class DfsMkdir extends SwarmCommand<typeof DfsMkdir> {
  static override description = 'Create a DFS directory'
  static override examples = ['<%= config.bin %> dfs mkdir /data', '<%= config.bin %> dfs mkdir -p /data/2026/11']

  static override args = {
    path: Args.string({ description: 'DFS path', required: true })
  }

  static override flags = {
    parents: Flags.boolean({ char: 'p', description: 'create missing parents; no error if it exists' })
  }

  async run (): Promise<{ path: string }> {
    const { args, flags } = await this.parse(DfsMkdir)
    await this.withDfs(async (dfs, signal) => { await dfs.mkdir(args.path, { parents: flags.parents, signal }) })
    return { path: args.path }
  }
}
