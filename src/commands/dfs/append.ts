import * as Args from '@oclif/core/args'
import { SwarmCommand, openLocal } from '../../cli/swarm-command.js'

export default class DfsAppend extends SwarmCommand<typeof DfsAppend> {
  static override description = 'Append a local file (or stdin, as -) to a DFS file as one record: atomically, exactly once'
  static override examples = ['echo "event 42" | <%= config.bin %> dfs append /logs/events -']

  static override args = {
    path: Args.string({ description: 'DFS path (created if missing)', required: true }),
    local: Args.string({ description: 'local file, or - for stdin', required: true })
  }

  async run (): Promise<{ path: string, offset: number, size: number }> {
    const { args } = await this.parse(DfsAppend)
    const local = await openLocal(args.local)
    const landed = await this.withDfs(async (dfs, signal) => await dfs.append(args.path, local.source, { signal }))
    this.log(`${args.path}: record at offset ${landed.offset}, file now ${landed.size} bytes`)
    return { path: args.path, ...landed }
  }
}
