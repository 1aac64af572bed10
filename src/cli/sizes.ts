// Byte sizes on the command line: `8`, `64KiB`, `4MiB`, `1.5 GiB`. Every unit
// is binary, also when typed as K, KB or MB, because that is what users mean
// for chunk and file sizes.
import * as Errors from '@oclif/core/errors'
import * as Flags from '@oclif/core/flags'

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const
const EXAMPLES = 'e.g. 8, 64KiB, 4MiB, 1.5GiB'
const SIZE = /^(\d+)(?:\.(\d+))?\s*([a-z]*)$/i

function multiplier (unit: string): bigint | undefined {
  const u = unit.toLowerCase()
  if (u === '' || u === 'b') return 1n
  const power = 'kmgt'.indexOf(u[0]) + 1
  if (power === 0 || !['', 'b', 'ib'].includes(u.slice(1))) return undefined
  return 1024n ** BigInt(power)
}

/** Parses a size in bytes; throws RangeError unless it is a whole number of bytes from 0 to Number.MAX_SAFE_INTEGER. */
export function parseSize (text: string): number {
  const fail = (why: string): never => { throw new RangeError(`invalid size ${JSON.stringify(text)}: ${why} (${EXAMPLES})`) }
  const match = SIZE.exec(text.trim())
  if (match == null) return fail('expected a number of bytes, or a number and a unit B, KiB, MiB, GiB or TiB')
  const [, whole, fraction = '', unit] = match
  const scale = multiplier(unit) ?? fail(`unknown unit ${JSON.stringify(unit)}`)
  // Exact arithmetic: 1.5KiB is 1536 bytes, 0.3B is refused, and a long number is not silently rounded.
  const denominator = 10n ** BigInt(fraction.length)
  const scaled = (BigInt(whole + fraction) * scale)
  if (scaled % denominator !== 0n) return fail('not a whole number of bytes')
  const bytes = scaled / denominator
  if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) return fail(`larger than ${Number.MAX_SAFE_INTEGER} bytes`)
  return Number(bytes)
}

/** A size for humans: `0 B`, `8 B`, `64 KiB`, `1.5 GiB`, at most one decimal. */
export function formatSize (bytes: number): string {
  let unit = 0
  let value = bytes
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  // 1023.96 KiB would print as "1024.0 KiB"; carry it into the next unit instead.
  if (Math.abs(Number(value.toFixed(1))) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  const text = unit === 0 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '')
  return `${text} ${UNITS[unit]}`
}

/**
 * A `--chunk-size`-style flag whose value is a size in bytes, optionally bounded by `min` and `max`.
 * A bad value is a user error: exit code 1.
 */
export const sizeFlag = Flags.custom<number, { min?: number, max?: number }>({
  helpValue: '<size>',
  async parse (input, _ctx, opts) {
    try {
      const bytes = parseSize(input)
      if (opts.min != null && bytes < opts.min) throw new RangeError(`size ${JSON.stringify(input)} is below the minimum of ${formatSize(opts.min)}`)
      if (opts.max != null && bytes > opts.max) throw new RangeError(`size ${JSON.stringify(input)} is above the maximum of ${formatSize(opts.max)}`)
      return bytes
    } catch (err) {
      throw new Errors.CLIError((err as Error).message, { exit: 1 })
    }
  },
  async defaultHelp ({ options }) {
    return typeof options.default === 'number' ? formatSize(options.default) : undefined
  }
})
