import * as Flags from '@oclif/core/flags'
import { SwarmCommand } from '../../cli/swarm-command.js'
import { seed } from '../../client/bacefook-seed.js'

const POSTS_PER_USER = 10

export default class BacefookSeed extends SwarmCommand<typeof BacefookSeed> {
  static override description = 'Add demo Bacefook users and posts to the KV store (new ids, after any already given out)'
  static override examples = ['<%= config.bin %> bacefook seed --users 1000', '<%= config.bin %> bacefook seed --users 200 --posts 2000 --seed 7']

  static override flags = {
    users: Flags.integer({ description: 'how many users', required: true, min: 1 }),
    posts: Flags.integer({ description: `how many posts [default: ${POSTS_PER_USER} per user]`, min: 0 }),
    seed: Flags.integer({ description: 'the generator\'s seed: the same seed makes the same names and texts', default: 1 })
  }

  async run (): Promise<Record<string, unknown>> {
    const { flags } = await this.parse(BacefookSeed)
    const posts = flags.posts ?? POSTS_PER_USER * flags.users
    const made = await this.withKv(async (kv, signal) => await seed(kv, { users: flags.users, posts, seed: flags.seed }, { signal }))
    this.log(`made users user_${made.firstUser} to user_${made.lastUser} and ${made.posts} posts (${made.keys} keys)`)
    return { ...made }
  }
}
