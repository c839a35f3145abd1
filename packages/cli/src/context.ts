/**
 * What every cluster command shares: the streams it writes to, the environment, and how it
 * connects — the bus's own configuration (KAFKA_BROKERS, SSL, SASL, timeouts: read by
 * `busOptionsFromEnv`, the one place they are read) with `--brokers` on top.
 */
import type { Admin, Bus, BusOptionsInput } from '@spool/bus'
import { type Command, Option } from 'commander'
import { type Logger, pino } from 'pino'
import { explainUnavailable, usage } from './errors.ts'
import { type Printer, printer } from './output.ts'

export interface CommandIO {
  readonly out: NodeJS.WritableStream
  readonly err: NodeJS.WritableStream
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  readonly env: NodeJS.ProcessEnv
  /** Resolves when a long-running command should stop (default: SIGINT/SIGTERM). */
  readonly until?: Promise<unknown>
  /** The program's --log-level. */
  readonly logLevel: () => string
}

/** Flags every cluster command takes. */
export interface ConnectionFlags {
  brokers?: string
  json?: boolean
}

/** Adds `--brokers` and `--json` to a command. */
export function connectionOptions(command: Command, json = true): Command {
  command.addOption(
    new Option(
      '--brokers <list>',
      'bootstrap servers, host:port[,host:port] (KAFKA_BROKERS; default 127.0.0.1:9092)',
    ),
  )
  if (json) command.option('--json', 'print JSON for scripts instead of a table')
  return command
}

/**
 * The bus package, loaded when a command runs rather than when the program starts: `spool --help`
 * and `spool broker` stay fast.
 */
export const loadBus = (): Promise<typeof import('@spool/bus')> => import('@spool/bus')

/** Bus options: the environment's, with --brokers over KAFKA_BROKERS. */
export async function busInput(io: CommandIO, flags: ConnectionFlags): Promise<BusOptionsInput> {
  const fromEnv = (await loadBus()).busOptionsFromEnv(io.env)
  const input: BusOptionsInput = {
    ...fromEnv,
    clientId: fromEnv.clientId ?? 'spool-cli',
    // A person is waiting: fail fast rather than retry for half a minute.
    retries: fromEnv.retries ?? 2,
    // The CLI never parks records in a local file: a failed produce is reported, not deferred.
    offline: 'fail',
    ensureTopics: false,
    logger: cliLogger(io),
  }
  if (flags.brokers !== undefined) {
    const list = flags.brokers
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean)
    if (list.length === 0 || list.some((b) => !/^[^\s:]+:\d{1,5}$/.test(b))) {
      throw usage(`--brokers must be host:port[,host:port], got "${flags.brokers}"`)
    }
    input.brokers = list
  }
  return input
}

/**
 * Marks an error the CLI throws on purpose inside a bus handler (to leave a record uncommitted);
 * the bus logs handler failures, and this one is not worth a line.
 */
export const quietError = Symbol('spool.cli.quiet')

/** A pino logger on the command's stderr at the program's --log-level. */
export function cliLogger(io: CommandIO): Logger {
  return pino(
    {
      name: 'spool',
      level: io.logLevel(),
      hooks: {
        logMethod(args, method) {
          const first = args[0] as { err?: Record<symbol, unknown> } | undefined
          if (first?.err?.[quietError] === true) return
          method.apply(this, args)
        },
      },
    },
    io.err,
  )
}

/**
 * Runs `fn` with an admin client, closed afterwards whatever happens.
 *
 * @example
 * await withAdmin(io, flags, (admin) => admin.listTopics())
 */
export async function withAdmin<T>(
  io: CommandIO,
  flags: ConnectionFlags,
  fn: (admin: Admin, print: Printer) => Promise<T>,
): Promise<T> {
  const { Admin } = await loadBus()
  const input = await busInput(io, flags)
  const admin = new Admin(input)
  try {
    return await fn(admin, printer(io, flags.json))
  } catch (error) {
    throw explainUnavailable(error, admin.options.brokers)
  } finally {
    await admin.close()
  }
}

/** Runs `fn` with a bus (for produce, consume and dead letters), closed afterwards. */
export async function withBus<T>(
  io: CommandIO,
  flags: ConnectionFlags,
  fn: (bus: Bus, admin: Admin, print: Printer) => Promise<T>,
  extra: BusOptionsInput = {},
): Promise<T> {
  const { Admin, createBus } = await loadBus()
  const input = { ...(await busInput(io, flags)), ...extra }
  const bus = createBus(input)
  const admin = new Admin(input)
  try {
    return await fn(bus, admin, printer(io, flags.json))
  } catch (error) {
    throw explainUnavailable(error, bus.options.brokers)
  } finally {
    await Promise.allSettled([bus.close(5_000), admin.close()])
  }
}

/** Parses `k=v` pairs of a repeatable flag. */
export function keyValues(flag: string, pairs: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=')
    if (at <= 0) throw usage(`${flag} takes key=value, got "${pair}"`)
    out[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return out
}

/** Accumulator for repeatable flags. */
export const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
]
