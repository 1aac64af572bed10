import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import { text } from '../../cli/kv.js'
import { SwarmCommand } from '../../cli/swarm-command.js'

export default class KvScan extends SwarmCommand<typeof KvScan> {
  static override description = 'List the keys (and values) that start with PREFIX, across every shard'
  static override examples = ['<%= config.bin %> kv scan post_', '<%= config.bin %> kv scan user_ --keys-only', '<%= config.bin %> kv scan "" --json']

  static override args = {
    prefix: Args.string({ description: 'key prefix ("" for every key)', required: true })
  }

  static override flags = {
    'keys-only': Flags.boolean({ description: 'print only the keys' }),
    limit: Flags.integer({ description: 'stop after this many pairs', min: 1 })
  }

  async run (): Promise<Record<string, unknown>> {
    const { args, flags } = await this.parse(KvScan)
    const pairs: Array<{ key: string, value: string }> = []
    await this.withKv(async (kv, signal) => {
      for await (const pair of kv.scan(args.prefix, { signal })) {
        if (flags.limit !== undefined && pairs.length >= flags.limit) break
        const value = text(pair.value)
        pairs.push({ key: pair.key, value })
        if (!this.jsonEnabled()) this.log(flags['keys-only'] ? pair.key : `${pair.key}\t${value}`)
      }
    })
    return { prefix: args.prefix, count: pairs.length, pairs }
  }
}
