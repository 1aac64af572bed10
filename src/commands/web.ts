import { ShoalCommand } from '../cli/base.js'
import { readConsoleFile } from '../client/console-file.js'
import { UserError } from '../client/errors.js'
import { readSwarmFile } from '../client/swarm-file.js'

export default class Web extends ShoalCommand<typeof Web> {
  static override description = 'Print the URL of the local swarm\'s web console (peer 0 serves it)'

  async run (): Promise<{ url: string }> {
    const file = await readSwarmFile(this.home)
    const first = file?.peers[0]
    if (first === undefined) throw new UserError(`no local swarm under ${this.home}: start one with \`shoal up\``)
    const console = await readConsoleFile(first.home)
    if (console === undefined) throw new UserError(`peer 0 of the local swarm serves no console now (is it running? \`shoal up\` starts it again)`)
    this.log(console.url)
    return console
  }
}
