/**
 * A progress line on stderr for long inputs: a bar when the input's size is known (a file), a
 * running count otherwise. Drawn only on a terminal, and only once the work has lasted long enough
 * to be worth watching, so small inputs and pipes never see it.
 */

export interface ProgressOptions {
  /** Total bytes of input, when known. */
  total: number | undefined
  /** Delay before the first draw, ms. */
  showAfter: number
  /** Minimum time between two draws, ms. */
  interval: number
  /** Width of the bar, characters. */
  width: number
}

export const defaultProgressOptions: Readonly<Omit<ProgressOptions, 'total'>> = Object.freeze({
  showAfter: 500, // ms
  interval: 100, // ms
  width: 30, // characters
})

export interface Progress {
  /** Reports the bytes read and records sent so far. */
  update(bytes: number, records: number): void
  /** Erases the line (if drawn). */
  done(): void
}

/**
 * @example
 * const progress = createProgress(process.stderr, { total: size })
 * progress.update(bytesRead, sent)
 * progress.done()
 */
export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  input: Partial<ProgressOptions> = {},
): Progress {
  const options = { ...defaultProgressOptions, total: undefined, ...input }
  if (stream.isTTY !== true) return { update() {}, done() {} }
  const started = Date.now()
  let last = 0
  let drawn = false
  return {
    update(bytes, records) {
      const now = Date.now()
      if (now - started < options.showAfter || now - last < options.interval) return
      last = now
      drawn = true
      stream.write(`\r${line(bytes, records, (now - started) / 1_000, options)}\u001b[K`)
    },
    done() {
      if (drawn) stream.write('\r\u001b[K')
    },
  }
}

/** The text of one progress line. */
export function line(
  bytes: number,
  records: number,
  seconds: number,
  options: Pick<ProgressOptions, 'total' | 'width'>,
): string {
  const rate = seconds > 0 ? Math.round(records / seconds) : 0
  const counts = `${records.toLocaleString('en-US')} records (${rate.toLocaleString('en-US')}/s)`
  if (options.total === undefined || options.total <= 0) return counts
  const ratio = Math.min(1, bytes / options.total)
  const filled = Math.round(ratio * options.width)
  const bar = `${'#'.repeat(filled)}${'.'.repeat(options.width - filled)}`
  return `[${bar}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${counts}`
}
