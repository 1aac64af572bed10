import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import { SwarmCommand } from '../../cli/swarm-command.js'
import { formatSize } from '../../cli/sizes.js'
import type { DfsEntry } from '../../client/dfs.js'

export default class DfsLs extends SwarmCommand<typeof DfsLs> {
  static override description = 'List a DFS directory'
  static override examples = ['<%= config.bin %> dfs ls', '<%= config.bin %> dfs ls /data -l']

  static override args = {
    path: Args.string({ description: 'DFS directory', default: '/', ignoreStdin: true })
  }

  static override flags = {
    long: Flags.boolean({ char: 'l', description: 'show type, size, replicas, chunk size and time' })
  }

  async run (): Promise<DfsEntry[]> {
    const { args, flags } = await this.parse(DfsLs)
    const entries = await this.withDfs(async (dfs, signal) => await dfs.list(args.path, { signal }))
    for (const entry of entries) {
      if (!flags.long) {
        this.log(entry.type === 'dir' ? `${entry.name}/` : entry.name)
      } else if (entry.type === 'dir') {
        this.log(`d  ${'-'.padStart(10)}  ${'-'.padStart(3)}  ${'-'.padStart(9)}  ${''.padEnd(19)}  ${entry.name}/`)
      } else {
        const when = new Date(entry.mtime).toISOString().slice(0, 19).replace('T', ' ')
        this.log(`-  ${formatSize(entry.size).padStart(10)}  ${String(entry.replicas).padStart(3)}  ${formatSize(entry.chunkSize).padStart(9)}  ${when}  ${entry.name}`)
      }
    }
    return entries
  }
}
