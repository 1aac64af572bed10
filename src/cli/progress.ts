// Transfer progress for put/get on stderr: one line redrawn in place, then a
// summary line. It is redrawn only from add(), so it holds no timer that could
// keep the process alive.
import { formatSize } from './sizes.js'

/** What Progress needs of a stream; process.stderr is one. */
export interface ProgressStream {
  isTTY?: boolean
  columns?: number
  write (text: string): unknown
}

export interface ProgressOptions {
  label: string
  /** Bytes expected in all; with it the line shows a bar and a percentage. */
  total?: number
  /** Default process.stderr. */
  stream?: ProgressStream
  /** Default: whether the stream is a TTY. */
  enabled?: boolean
  /** Milliseconds from a monotonic clock; default performance.now. */
  now?: () => number
}

const REDRAW_MS = 100
const RATE_WINDOW_MS = 3000
const BAR_WIDTH = 20
const CLEAR_LINE = '\x1b[K'

export class Progress {
  private readonly label: string
  private total: number | undefined
  private readonly stream: ProgressStream
  private readonly enabled: boolean
  private readonly now: () => number
  private readonly started: number
  private bytes = 0
  private lastDraw = -Infinity
  private finished = false
  // (time, bytes) at each redraw within the rate window, oldest first.
  private samples: Array<{ at: number, bytes: number }>

  constructor (options: ProgressOptions) {
    this.label = options.label
    this.total = options.total
    this.stream = options.stream ?? process.stderr
    this.enabled = options.enabled ?? this.stream.isTTY === true
    this.now = options.now ?? (() => performance.now())
    this.started = this.now()
    this.samples = [{ at: this.started, bytes: 0 }]
  }

  /** The bytes expected in all, once known (a get learns its file's size with its first answer). */
  expect (total: number): void {
    this.total = total
  }

  add (bytes: number): void {
    this.bytes += bytes
    if (!this.enabled || this.finished) return
    const now = this.now()
    if (now - this.lastDraw < REDRAW_MS) return
    this.lastDraw = now
    this.samples.push({ at: now, bytes: this.bytes })
    // Keep one sample at or before the window start so the rate always spans the whole window.
    while (this.samples.length > 2 && this.samples[1].at <= now - RATE_WINDOW_MS) this.samples.shift()
    this.write(this.line(now))
  }

  done (): void {
    if (this.finished) return
    this.finished = true
    if (!this.enabled) return
    const elapsed = this.now() - this.started
    const average = elapsed > 0 ? `, ${formatSize(this.bytes * 1000 / elapsed)}/s` : ''
    this.write(`${this.label}: ${formatSize(this.bytes)} in ${formatElapsed(elapsed)}${average}`)
    this.stream.write('\n')
  }

  private line (now: number): string {
    const parts = [this.label]
    if (this.total != null) {
      const fraction = this.total > 0 ? Math.min(1, this.bytes / this.total) : 1
      const filled = Math.floor(fraction * BAR_WIDTH)
      parts.push(`[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`, `${Math.floor(fraction * 100)}%`.padStart(4))
      parts.push(`${formatSize(this.bytes)} / ${formatSize(this.total)}`)
    } else {
      parts.push(formatSize(this.bytes))
    }
    const first = this.samples[0]
    if (now > first.at) parts.push(`${formatSize((this.bytes - first.bytes) * 1000 / (now - first.at))}/s`)
    return parts.join('  ')
  }

  private write (line: string): void {
    // A line wider than the terminal would wrap, and \r would then redraw only its last row.
    const width = this.stream.columns
    const fitted = width != null && width > 1 && line.length >= width ? line.slice(0, width - 1) : line
    this.stream.write(`\r${fitted}${CLEAR_LINE}`)
  }
}

function formatElapsed (ms: number): string {
  const seconds = ms / 1000
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const whole = Math.round(seconds)
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`
}
