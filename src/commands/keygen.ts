import * as Flags from '@oclif/core/flags'
import { join, resolve } from 'node:path'
import { mkdir } from 'node:fs/promises'
import { ShoalCommand } from '../cli/base.js'
import { UserError } from '../client/errors.js'
import { generateSwarmKey, writeSwarmKey } from '../peer/swarm-key.js'

export default class Keygen extends ShoalCommand<typeof Keygen> {
  static override description = 'Write a new swarm key: every peer and client of a swarm needs a copy of it'
  static override flags = {
    output: Flags.string({ char: 'o', description: 'where to write the key [default: <home>/swarm.key]' }),
    force: Flags.boolean({ description: 'overwrite an existing key' })
  }

  async run (): Promise<{ path: string }> {
    const path = this.flags.output != null ? resolve(this.flags.output) : join(this.home, 'swarm.key')
    await mkdir(resolve(path, '..'), { recursive: true, mode: 0o700 })
    try {
      await writeSwarmKey(path, generateSwarmKey(), { overwrite: this.flags.force })
    } catch (err: any) {
      if (err.code === 'EEXIST') throw new UserError(`${path} already exists (use --force to replace it; peers with the old key can no longer connect)`)
      throw err
    }
    this.log(`wrote swarm key ${path} (mode 0600); copy it to <home>/swarm.key on every machine of the swarm`)
    return { path }
  }
}
