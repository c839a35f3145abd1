/**
 * Log lines of the services and their buses. Nest's console logger, without the start-up lines
 * four services would repeat (modules loaded, routes mapped) and without Nest's copy of handler
 * errors (the bus logs those, with the retry and dead-letter outcome); and a pino logger for the
 * buses that prints one short line per warning instead of JSON.
 */
import { ConsoleLogger } from '@nestjs/common'
import { type Logger, pino } from 'pino'

const quiet = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestMicroservice',
  'SpoolTransport',
])

export class ServiceLogger extends ConsoleLogger {
  constructor() {
    super({ prefix: 'Marketplace', logLevels: ['log', 'warn', 'error', 'fatal'] })
  }

  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1)
    if (typeof context === 'string' && quiet.has(context)) return
    super.log(message, ...rest)
  }

  override error(message: unknown, ...rest: unknown[]): void {
    if (rest.at(-1) === 'RpcExceptionsHandler') return
    super.error(message, ...rest)
  }
}

/** The bus's logger: `[payment-service] WARN handler failed: … (payment.completed, attempt 1)`. */
export function busLogger(name: string, enabled: boolean): Logger {
  if (!enabled) return pino({ level: 'silent' })
  return pino(
    { level: 'warn' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as Record<string, any>
        const level = entry.level >= 50 ? 'ERROR' : 'WARN'
        const where = [entry.type, entry.reason, entry.attempt && `attempt ${entry.attempt}`].filter(Boolean)
        const error = entry.err?.message ? `: ${entry.err.message}` : ''
        process.stderr.write(
          `[${name}] ${level} ${entry.msg}${error}${where.length ? ` (${where.join(', ')})` : ''}\n`,
        )
      },
    },
  )
}
