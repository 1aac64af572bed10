import * as Args from '@oclif/core/args'
import { text } from '../../cli/kv.js'
import { SwarmCommand } from '../../cli/swarm-command.js'
import { UserError } from '../../client/errors.js'

export default class KvGet extends SwarmCommand<typeof KvGet> {
  static override description = 'Print a key\'s value (exit 1 if the key does not exist)'
  static override examples = ['<%= config.bin %> kv get user_1']

  static override args = {
    key: Args.string({ description: 'key', required: true })
  }

  async run (): Promise<Record<string, unknown>> {
    const { args } = await this.parse(KvGet)
    const value = await this.withKv(async (kv, signal) => await kv.get(args.key, { signal }))
    if (value === undefined) throw new UserError(`no key ${JSON.stringify(args.key)}`)
    if (!this.jsonEnabled()) process.stdout.write(value)
    return { key: args.key, value: text(value) }
  }
}
