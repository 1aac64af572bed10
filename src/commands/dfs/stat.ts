import * as Args from '@oclif/core/args'
import { SwarmCommand } from '../../cli/swarm-command.js'
import { formatSize } from '../../cli/sizes.js'
import type { DirStat, FileStat } from '../../client/dfs.js'

type StatJson = Omit<FileStat, 'type' | 'mtime'> | DirStat

export default class DfsStat extends SwarmCommand<typeof DfsStat> {
  static override description = 'Show a DFS file: size, chunk size, replication and where each chunk is'
  static override examples = ['<%= config.bin %> dfs stat /data/data.csv --json']

  static override args = {
    path: Args.string({ description: 'DFS path', required: true })
  }

  async run (): Promise<StatJson> {
    const { args } = await this.parse(DfsStat)
    const info = await this.withDfs(async (dfs, signal) => await dfs.stat(args.path, { signal }))
    if (info.type === 'dir') {
      this.log(`${info.path}: directory, ${info.entries} entries`)
      return info
    }
    this.log(`${info.path}: ${formatSize(info.size)} (${info.size} bytes), chunk size ${formatSize(info.chunkSize)}, ${info.replicas} replicas, ${info.chunks.length} chunks`)
    for (const chunk of info.chunks) {
      this.log(`  ${chunk.cid}  ${formatSize(chunk.size).padStart(9)}  ${chunk.replicas.map(r => `${r.id}(${r.state})`).join(' ')}`)
    }
    const { path, size, chunkSize, replicas, chunks } = info
    return { path, size, chunkSize, replicas, chunks }
  }
}
