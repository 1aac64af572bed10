import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import { SwarmCommand } from '../../cli/swarm-command.js'

export default class DfsRm extends SwarmCommand<typeof DfsRm> {
  static override description = 'Remove a DFS file, or a directory with -r; chunks no other file shares are collected'
  static override examples = ['<%= config.bin %> dfs rm /data/old.csv', '<%= config.bin %> dfs rm -r /data']

  static override args = {
    path: Args.string({ description: 'DFS path', required: true })
  }

  static override flags = {
    recursive: Flags.boolean({ char: 'r', description: 'remove a directory and everything under it' })
  }

  async run (): Promise<{ path: string, files: number }> {
    const { args, flags } = await this.parse(DfsRm)
    const files = await this.withDfs(async (dfs, signal) => await dfs.remove(args.path, { recursive: flags.recursive, signal }))
    this.log(`removed ${args.path} (${files} file${files === 1 ? '' : 's'})`)
    return { path: args.path, files }
  }
}
