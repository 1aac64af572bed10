// What every `shoal` command shares: --home, --swarm, --json, and the mapping
// of errors to exit codes (0 ok, 1 user error, 2 swarm unavailable or failed)
// with a plain one-line message.
import { Command } from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import type * as Interfaces from '@oclif/core/interfaces'
import { ConfigError, resolveHome } from '../peer/config.js'
import { SwarmKeyError } from '../peer/swarm-key.js'
import { UserError } from '../client/errors.js'
import { CodedError, USER_CODES } from '../peer/errors.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<typeof ShoalCommand['baseFlags'] & T['flags']>

const USER_ERRORS = new Set([UserError.name, ConfigError.name, SwarmKeyError.name])

export abstract class ShoalCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    home: Flags.string({ description: 'Shoal home directory [default: $SHOAL_HOME, else ~/.shoal]', helpGroup: 'GLOBAL' }),
    swarm: Flags.string({ description: 'multiaddr of a swarm peer (repeatable) [default: $SHOAL_SWARM, else <home>/swarm.json]', multiple: true, helpGroup: 'GLOBAL' })
  }

  protected flags!: BaseFlags<T>

  override async init (): Promise<void> {
    await super.init()
    const { flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof ShoalCommand).baseFlags,
      args: this.ctor.args,
      enableJsonFlag: this.ctor.enableJsonFlag,
      strict: this.ctor.strict
    })
    this.flags = flags as BaseFlags<T>
  }

  protected get home (): string {
    return resolveHome(this.flags.home)
  }

  protected override async catch (err: Error & { oclif?: { exit?: number } }): Promise<any> {
    // oclif's own errors (bad flags, unknown command) keep its formatting and our exit codes from package.json.
    if (err.oclif?.exit != null && !this.jsonEnabled()) return super.catch(err)
    const exit = err instanceof UserError || USER_ERRORS.has(err.name) || (err instanceof CodedError && USER_CODES.has(err.code)) ? 1 : err.oclif?.exit ?? 2
    process.exitCode = exit
    if (this.jsonEnabled()) {
      this.logJson({ error: { name: err.name, message: err.message, exit } })
    } else {
      process.stderr.write(`shoal: ${err.message}\n`)
    }
  }
}
