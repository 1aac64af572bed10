import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import { SwarmCommand } from '../../cli/swarm-command.js'
import { UserError } from '../../client/errors.js'

export default class KvCas extends SwarmCommand<typeof KvCas> {
  static override description = 'Set a key to NEW only if its value is OLD (with --missing: only if it does not exist); exit 1 if it was not'
  static override examples = ['<%= config.bin %> kv cas counter 41 42', '<%= config.bin %> kv cas lock --missing me']

  static override args = {
    key: Args.string({ description: 'key', required: true }),
    old: Args.string({ description: 'the value it must have (left out with --missing)', required: true }),
    new: Args.string({ description: 'the value to set' })
  }

  static override flags = {
    missing: Flags.boolean({ description: 'the key must not exist; then give only KEY NEW' })
  }

  async run (): Promise<Record<string, unknown>> {
    const { args, flags } = await this.parse(KvCas)
    const encode = (s: string): Uint8Array => new TextEncoder().encode(s)
    const [old, value] = flags.missing ? [undefined, args.old] : [encode(args.old), args.new]
    if (value === undefined) throw new UserError('give KEY OLD NEW, or KEY NEW with --missing')
    const swapped = await this.withKv(async (kv, signal) => await kv.cas(args.key, old, encode(value), { signal }))
    if (!swapped) throw new UserError(`${JSON.stringify(args.key)} was not set: its value is not ${flags.missing ? 'missing' : JSON.stringify(args.old)}`)
    return { key: args.key, swapped }
  }
}
