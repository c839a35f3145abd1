/**
 * A readable log for `npm start`: one line per record — time, component, message — instead of
 * pino's JSON (which production keeps, for log shippers).
 */
import { type Logger, pino } from 'pino'

const labels: Record<number, string> = { 40: 'WARN ', 50: 'ERROR ', 60: 'FATAL ' }

/**
 * @example
 * const log = readableLogger(process.env.LOG_LEVEL ?? 'info')
 * log.info('JobQuest is up') // 10:42:01 jobquest  JobQuest is up
 */
export function readableLogger(level: string): Logger {
  return pino(
    { level, base: undefined },
    {
      write(line: string) {
        const record = JSON.parse(line) as {
          level: number
          time: number
          msg?: string
          component?: string
          err?: { message?: string }
        }
        const time = new Date(record.time).toTimeString().slice(0, 8)
        const who = (record.component ?? 'spool').padEnd(9)
        const error = record.err?.message ? ` (${record.err.message})` : ''
        process.stdout.write(`${time} ${who} ${labels[record.level] ?? ''}${record.msg ?? ''}${error}\n`)
      },
    },
  )
}
