import * as Args from '@oclif/core/args'
import { configJson, describeConfig } from '../../cli/kv.js'
import { SwarmCommand } from '../../cli/swarm-command.js'
import { UserError } from '../../client/errors.js'

export default class KvQuery extends SwarmCommand<typeof KvQuery> {
  static override description = 'Show a configuration of the KV store: which replica group serves each shard (default: the latest)'
  static override examples = ['<%= config.bin %> kv query', '<%= config.bin %> kv query 3 --json']

  static override args = {
    num: Args.string({ description: 'configuration number (default: the latest)' })
  }

  async run (): Promise<Record<string, unknown>> {
    const { args } = await this.parse(KvQuery)
    if (args.num !== undefined && !/^[0-9]+$/.test(args.num)) throw new UserError(`the configuration number must be a whole number, not ${JSON.stringify(args.num)}`)
    const config = await this.withKv(async (kv, signal) => await kv.shardmaster.query(args.num === undefined ? -1 : Number(args.num), { signal }))
    this.log(describeConfig(config))
    return configJson(config)
  }
}
