import * as Args from '@oclif/core/args'
import { configJson, describeConfig } from '../../cli/kv.js'
import { SwarmCommand } from '../../cli/swarm-command.js'

export default class KvLeave extends SwarmCommand<typeof KvLeave> {
  static override description = 'Take replica groups out of the store; their shards move to the others'
  static override examples = ['<%= config.bin %> kv leave g2']
  static override strict = false

  static override args = {
    gid: Args.string({ description: 'group ids', required: true })
  }

  async run (): Promise<Record<string, unknown>> {
    const { argv } = await this.parse(KvLeave)
    const config = await this.withKv(async (kv, signal) => await kv.shardmaster.leave(argv as string[], signal))
    this.log(describeConfig(config))
    return configJson(config)
  }
}
