import { ShoalCommand } from '../cli/base.js'
import { down } from '../client/local-swarm.js'

export default class Down extends ShoalCommand<typeof Down> {
  static override description = 'Stop every peer of the local swarm (their data stays; `shoal up` restarts them)'

  async run (): Promise<{ stopped: string[] }> {
    const result = await down(this.home)
    this.log(`stopped ${result.stopped.length} peer${result.stopped.length === 1 ? '' : 's'}`)
    return result
  }
}
