import { basename } from 'node:path'
import * as Args from '@oclif/core/args'
import { counted, SwarmCommand, saveLocal } from '../../cli/swarm-command.js'

export default class DfsGet extends SwarmCommand<typeof DfsGet> {
  static override description = 'Copy a DFS file to a local file (default: its name, here) or stdout (-)'
  static override enableJsonFlag = false
  static override examples = ['<%= config.bin %> dfs get /data/data.csv ./copy.csv', '<%= config.bin %> dfs get /logs/today - | wc -l']

  static override args = {
    path: Args.string({ description: 'DFS path', required: true }),
    // oclif would otherwise read stdin for a missing optional argument.
    local: Args.string({ description: 'local file, or - for stdout [default: the file\'s name]', ignoreStdin: true })
  }

  async run (): Promise<void> {
    const { args } = await this.parse(DfsGet)
    await this.withDfs(async (dfs, signal) => {
      const progress = this.progress(`get ${args.path}`)
      await saveLocal(args.local ?? basename(args.path), counted(dfs.read(args.path, { signal, onSize: bytes => { progress.expect(bytes) } }), progress), signal)
      progress.done()
    })
  }
}
