import * as Args from '@oclif/core/args'
import { SwarmCommand } from '../../cli/swarm-command.js'
import { UserError } from '../../client/errors.js'

export default class KvPurge extends SwarmCommand<typeof KvPurge> {
  static override description = 'Erase every key that starts with PREFIX, in every shard (a GDPR delete), and say how many'
  static override examples = ['<%= config.bin %> kv purge user_42/']

  static override args = {
    prefix: Args.string({ description: 'key prefix (not empty)', required: true })
  }

  async run (): Promise<Record<string, unknown>> {
    const { args } = await this.parse(KvPurge)
    if (args.prefix === '') throw new UserError('the prefix is empty: that would erase every key')
    const count = await this.withKv(async (kv, signal) => await kv.purge(args.prefix, { signal }))
    this.log(`purged ${count} keys under ${JSON.stringify(args.prefix)}`)
    return { prefix: args.prefix, purged: count }
  }
}
