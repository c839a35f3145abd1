/**
 * How commands print: aligned tables for people, JSON for scripts (`--json`). Offsets are 64-bit
 * in Kafka, so JSON carries them as strings (a bigint left in a result is written as a string too).
 */

/** One column of a table: its heading and how to read a cell from a row. */
export interface Column<Row> {
  readonly header: string
  /** The cell of `row` in this column (null and undefined print as `-`, arrays comma-joined). */
  readonly value: (row: Row) => unknown
  /** Numbers read better right-aligned. */
  readonly align?: 'left' | 'right'
}

/**
 * Renders rows as a table with a header line, columns separated by two spaces.
 *
 * @example
 * table([{ name: 'orders', n: 3 }], [{ header: 'TOPIC', value: (r) => r.name }, { header: 'PARTITIONS', value: (r) => r.n, align: 'right' }])
 * // 'TOPIC   PARTITIONS\norders           3\n'
 */
export function table<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row))))
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)))
  const line = (values: string[]) =>
    values
      .map((v, i) => {
        const last = i === values.length - 1
        if (columns[i]!.align === 'right') return v.padStart(widths[i]!)
        return last ? v : v.padEnd(widths[i]!)
      })
      .join('  ')
      .trimEnd()
  return `${[line(columns.map((c) => c.header)), ...cells.map(line)].join('\n')}\n`
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '-'
  if (typeof value === 'string') return value.replace(/[\r\n\t]/g, ' ')
  if (Array.isArray(value)) return value.map(cell).join(',')
  return String(value)
}

/** JSON.stringify that writes bigints as decimal strings. */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? String(v) : v), indent)
}

/** Where a command writes: its result on `out`, notes and progress on `err`. */
export interface Printer {
  readonly out: NodeJS.WritableStream
  readonly err: NodeJS.WritableStream
  readonly json: boolean
  /** Writes `data` as JSON (with --json) or the text `human()` returns. */
  result(data: unknown, human: () => string): void
  /** A note for a person (stderr), never mixed into the result. */
  note(text: string): void
}

/**
 * @example
 * const p = printer({ out: process.stdout, err: process.stderr }, opts.json)
 * p.result(topics, () => table(topics, columns))
 */
export function printer(
  io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream },
  json: boolean | undefined,
): Printer {
  return {
    out: io.out,
    err: io.err,
    json: json === true,
    result(data, human) {
      io.out.write(json === true ? `${toJson(data)}\n` : human())
    },
    note(text) {
      io.err.write(`${text}\n`)
    },
  }
}
