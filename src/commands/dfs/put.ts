import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import { SwarmCommand, openLocal } from '../../cli/swarm-command.js'
import { formatSize, sizeFlag } from '../../cli/sizes.js'
import { DEFAULT_CHUNK_SIZE, DEFAULT_REPLICAS, type FileStat } from '../../client/dfs.js'
import { MAX_CHUNK_SIZE } from '../../../protocols/dfs/limits.js'

export default class DfsPut extends SwarmCommand<typeof DfsPut> {
  static override description = 'Store a local file (or stdin, as -) in the DFS; it appears whole when the put commits'
  static override examples = [
    '<%= config.bin %> dfs put ./data.csv /data/data.csv',
    'cat log.txt | <%= config.bin %> dfs put - /logs/today --chunk-size 64KiB --replicas 3'
  ]

  static override args = {
    local: Args.string({ description: 'local file, or - for stdin', required: true }),
    path: Args.string({ description: 'DFS path', required: true })
  }

  static override flags = {
    'chunk-size': sizeFlag({ description: 'chunk size, 1 byte to 64 MiB', default: DEFAULT_CHUNK_SIZE, min: 1, max: MAX_CHUNK_SIZE }),
    replicas: Flags.integer({ description: 'replication factor', default: DEFAULT_REPLICAS, min: 1 }),
    force: Flags.boolean({ description: 'replace an existing file' })
  }

  async run (): Promise<FileStat> {
    const { args, flags } = await this.parse(DfsPut)
    const local = await openLocal(args.local)
    const progress = this.progress(`put ${args.path}`, local.size)
    const file = await this.withDfs(async (dfs, signal) => await dfs.put(args.path, local.source, {
      chunkSize: flags['chunk-size'], replicas: flags.replicas, force: flags.force, signal, onProgress: bytes => { progress.add(bytes) }
    }))
    progress.done()
    this.log(`${file.path}: ${formatSize(file.size)} in ${file.chunks.length} chunk${file.chunks.length === 1 ? '' : 's'}, ${file.replicas} replicas each`)
    return file
  }
}
