import * as Args from '@oclif/core/args'
import { configJson, describeConfig, shardArg } from '../../cli/kv.js'
import { SwarmCommand } from '../../cli/swarm-command.js'

export default class KvMove extends SwarmCommand<typeof KvMove> {
  static override description = 'Move one shard to a replica group'
  static override examples = ['<%= config.bin %> kv move 7 g2']

  static override args = {
    shard: Args.string({ description: 'shard number', required: true }),
    gid: Args.string({ description: 'group id', required: true })
  }

  async run (): Promise<Record<string, unknown>> {
    const { args } = await this.parse(KvMove)
    const shard = shardArg(args.shard)
    const config = await this.withKv(async (kv, signal) => await kv.shardmaster.move(shard, args.gid, signal))
    this.log(describeConfig(config))
    return configJson(config)
  }
}
