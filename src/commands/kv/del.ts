import * as Args from '@oclif/core/args'
import { SwarmCommand } from '../../cli/swarm-command.js'

export default class KvDel extends SwarmCommand<typeof KvDel> {
  static override description = 'Delete a key'
  static override examples = ['<%= config.bin %> kv del user_1']

  static override args = {
    key: Args.string({ description: 'key', required: true })
  }

  async run (): Promise<Record<string, unknown>> {
    const { args } = await this.parse(KvDel)
    const existed = await this.withKv(async (kv, signal) => await kv.del(args.key, { signal }))
    if (!existed) this.log(`no key ${JSON.stringify(args.key)} (nothing deleted)`)
    return { key: args.key, existed }
  }
}
