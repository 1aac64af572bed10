import * as Flags from '@oclif/core/flags'
import { ShoalCommand } from '../cli/base.js'
import { up } from '../client/local-swarm.js'
import type { SwarmFile } from '../client/swarm-file.js'

export default class Up extends ShoalCommand<typeof Up> {
  static override description = 'Start (or restart) a local swarm of peer processes in the background and wait until it has elected its coordinators'
  static override flags = {
    peers: Flags.integer({ char: 'n', description: 'how many peers', default: 3 }),
    roles: Flags.string({ description: 'worker roles each peer serves, comma-separated [default: chunkserver,worker,kv]' })
  }

  async run (): Promise<SwarmFile & { console: string }> {
    const { file, status, console } = await up({ home: this.home, peers: this.flags.peers, roles: this.flags.roles })
    this.log(`local swarm of ${file.peers.length} peers up under ${this.home}`)
    this.log(`  master ${status.master?.id} (term ${status.master?.term}), shardmaster ${status.shardmaster?.id} (term ${status.shardmaster?.term})`)
    this.log(`  console at ${console}`)
    this.log('  `shoal swarm status` shows it; `shoal web` prints the console\'s URL again; `shoal down` stops it')
    return { ...file, console }
  }
}
