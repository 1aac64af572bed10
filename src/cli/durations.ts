// Durations on the command line: `300`, `300s`, `5m`, `1h`, `500ms` (seconds
// when no unit is given).
import * as Errors from '@oclif/core/errors'
import * as Flags from '@oclif/core/flags'

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }

/** Parses a duration into whole milliseconds; throws RangeError for anything else. */
export function parseDuration (text: string): number {
  const match = DURATION.exec(text.trim())
  if (match == null) throw new RangeError(`invalid duration ${JSON.stringify(text)} (e.g. 30s, 5m, 1h, 500ms)`)
  const ms = Math.round(Number(match[1]) * UNIT_MS[(match[2] ?? 's').toLowerCase()])
  if (!Number.isSafeInteger(ms)) throw new RangeError(`duration ${JSON.stringify(text)} is too long`)
  return ms
}

export function formatDuration (ms: number): string {
  if (ms < 1_000) return `${ms} ms`
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1).replace(/\.0$/, '')} s`
  return `${(ms / 60_000).toFixed(1).replace(/\.0$/, '')} min`
}

/** A flag whose value is a duration in milliseconds; a bad value is a user error (exit 1). */
export const durationFlag = Flags.custom<number>({
  helpValue: '<duration>',
  async parse (input) {
    try {
      return parseDuration(input)
    } catch (err) {
      throw new Errors.CLIError((err as Error).message, { exit: 1 })
    }
  },
  async defaultHelp ({ options }) {
    return typeof options.default === 'number' ? formatDuration(options.default) : undefined
  }
})
