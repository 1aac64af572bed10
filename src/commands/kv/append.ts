import * as Args from '@oclif/core/args'
import { valueArg } from '../../cli/kv.js'
import { SwarmCommand } from '../../cli/swarm-command.js'

export default class KvAppend extends SwarmCommand<typeof KvAppend> {
  static override description = 'Append to a key\'s value (a missing key starts empty; `-` reads stdin)'
  static override examples = ['<%= config.bin %> kv append log "line 2"']

  static override args = {
    key: Args.string({ description: 'key', required: true }),
    value: Args.string({ description: 'value to append, or - for stdin', required: true })
  }

  async run (): Promise<Record<string, unknown>> {
    const { args } = await this.parse(KvAppend)
    const value = await valueArg(args.value)
    await this.withKv(async (kv, signal) => { await kv.append(args.key, value, { signal }) })
    return { key: args.key, appended: value.length }
  }
}
