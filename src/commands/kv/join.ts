import * as Args from '@oclif/core/args'
import { configJson, describeConfig } from '../../cli/kv.js'
import { SwarmCommand } from '../../cli/swarm-command.js'

export default class KvJoin extends SwarmCommand<typeof KvJoin> {
  static override description = 'Form a new replica group of these peers; shards rebalance onto it'
  static override examples = ['<%= config.bin %> kv join 12D3KooWA... 12D3KooWB... 12D3KooWC...']
  static override strict = false

  static override args = {
    peer: Args.string({ description: 'peer ids of the new group', required: true })
  }

  async run (): Promise<Record<string, unknown>> {
    const { argv } = await this.parse(KvJoin)
    const config = await this.withKv(async (kv, signal) => await kv.shardmaster.join(argv as string[], signal))
    this.log(describeConfig(config))
    return configJson(config)
  }
}
