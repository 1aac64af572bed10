import * as Args from '@oclif/core/args'
import { valueArg } from '../../cli/kv.js'
import { SwarmCommand } from '../../cli/swarm-command.js'

export default class KvPut extends SwarmCommand<typeof KvPut> {
  static override description = 'Set a key to a value (`-` reads the value from stdin)'
  static override examples = ['<%= config.bin %> kv put user_1 alice', 'echo hello | <%= config.bin %> kv put greeting -']

  static override args = {
    key: Args.string({ description: 'key', required: true }),
    value: Args.string({ description: 'value, or - for stdin', required: true })
  }

  async run (): Promise<Record<string, unknown>> {
    const { args } = await this.parse(KvPut)
    const value = await valueArg(args.value)
    await this.withKv(async (kv, signal) => { await kv.put(args.key, value, { signal }) })
    return { key: args.key, bytes: value.length }
  }
}
