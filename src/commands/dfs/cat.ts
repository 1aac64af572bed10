import * as Args from '@oclif/core/args'
import { SwarmCommand, saveLocal } from '../../cli/swarm-command.js'
import { sizeFlag } from '../../cli/sizes.js'

export default class DfsCat extends SwarmCommand<typeof DfsCat> {
  static override description = 'Print a DFS file, or part of it, to stdout; only the chunks the range needs are read'
  static override enableJsonFlag = false
  static override examples = ['<%= config.bin %> dfs cat /logs/today', '<%= config.bin %> dfs cat /data/big --offset 1GiB --length 100']

  static override args = {
    path: Args.string({ description: 'DFS path', required: true })
  }

  static override flags = {
    offset: sizeFlag({ description: 'first byte to print', default: 0 }),
    length: sizeFlag({ description: 'how many bytes to print [default: to the end]' })
  }

  async run (): Promise<void> {
    const { args, flags } = await this.parse(DfsCat)
    await this.withDfs(async (dfs, signal) => { await saveLocal('-', dfs.read(args.path, { offset: flags.offset, length: flags.length, signal }), signal) })
  }
}
