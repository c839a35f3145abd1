/**
 * `spool broker`: runs the embedded broker in the foreground until SIGINT/SIGTERM, then stops it
 * cleanly (in-flight requests answered, state written, logs closed).
 */
import { readFileSync } from 'node:fs'
import type { BrokerInput, StartedBroker } from '@spool/broker'
import { Command, InvalidArgumentError } from 'commander'
import { pino } from 'pino'
import type { CommandIO } from '../context.ts'
import type { CliEnv } from '../env.ts'
import { exitCodeHelp } from '../errors.ts'
import { capYoungGeneration } from '../heap.ts'
import { port, positiveInt } from '../parse.ts'

export interface RunBrokerOptions {
  readonly broker: BrokerInput
  readonly logLevel: string
  readonly out: NodeJS.WritableStream
  /** Resolves when the process should stop (a signal); the default listens for SIGINT/SIGTERM. */
  readonly until?: Promise<unknown>
}

/**
 * Resolves on the first SIGINT or SIGTERM; a second one exits at once.
 *
 * @example
 * await untilSignal()
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let seen = false
    const on = (signal: NodeJS.Signals) => {
      if (seen) process.exit(130)
      seen = true
      resolve(signal)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
}

/**
 * Starts the broker with a pino log on stderr.
 *
 * @example
 * const broker = await launchBroker({ port: 0 }, 'warn')
 */
export async function launchBroker(broker: BrokerInput, logLevel: string): Promise<StartedBroker> {
  const logger = pino({ level: logLevel }, pino.destination(2))
  const { startBroker } = await import('@spool/broker')
  return startBroker({ ...broker, logger })
}

/**
 * Starts the broker, prints where it listens, stops it when `until` resolves.
 *
 * @example
 * await runBroker({ broker: { port: 0 }, logLevel: 'warn', out: process.stdout })
 */
export async function runBroker(options: RunBrokerOptions): Promise<void> {
  const started = await launchBroker(options.broker, options.logLevel)
  const where = options.broker.dataDir === undefined ? 'in memory' : `data in ${options.broker.dataDir}`
  options.out.write(`spool broker listening on ${started.bootstrap} (${where})\n`)
  await (options.until ?? untilSignal())
  options.out.write('spool broker stopping\n')
  await started.stop()
}

/** SASL and TLS settings from flags (file paths). */
function security(opts: {
  saslUsers?: string
  tlsCert?: string
  tlsKey?: string
}): Pick<BrokerInput, 'sasl' | 'tls'> {
  const out: Pick<BrokerInput, 'sasl' | 'tls'> = {}
  if (opts.saslUsers !== undefined) out.sasl = { usersFile: opts.saslUsers }
  if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined))
    throw new InvalidArgumentError('--tls-cert and --tls-key go together')
  if (opts.tlsCert !== undefined && opts.tlsKey !== undefined)
    out.tls = { cert: readFileSync(opts.tlsCert), key: readFileSync(opts.tlsKey) }
  return out
}

/**
 * @example
 * program.addCommand(brokerCommand(io, readCliEnv()))
 */
export function brokerCommand(io: CommandIO, env: CliEnv): Command {
  return new Command('broker')
    .description('run the embedded Kafka-compatible broker')
    .option('--host <host>', 'interface to listen on (SPOOL_BROKER_HOST)', env.brokerHost ?? '127.0.0.1')
    .option(
      '--port <port>',
      'port to listen on, 0 for any (SPOOL_BROKER_PORT)',
      port,
      env.brokerPort === undefined ? 9092 : port(env.brokerPort),
    )
    .option('--advertised-host <host>', 'host announced to clients (default: --host)')
    .option('--data-dir <dir>', 'data directory (SPOOL_DATA_DIR)', env.dataDir ?? '.spool')
    .option('--memory', 'keep everything in memory (no data directory)')
    .option(
      '--partitions <n>',
      'partitions of auto-created topics (SPOOL_PARTITIONS)',
      positiveInt('--partitions'),
      env.partitions === undefined ? 1 : positiveInt('SPOOL_PARTITIONS')(env.partitions),
    )
    .option(
      '--sasl-users <file>',
      'JSON file of SASL users; turns SASL PLAIN/SCRAM on (SPOOL_SASL_USERS)',
      env.saslUsers,
    )
    .option('--tls-cert <file>', 'PEM certificate; turns TLS on (SPOOL_TLS_CERT)', env.tlsCert)
    .option('--tls-key <file>', 'PEM private key (SPOOL_TLS_KEY)', env.tlsKey)
    .addHelpText('after', exitCodeHelp)
    .action(async (opts) => {
      // This process is the broker's alone: trade a larger young generation for a smaller RSS.
      capYoungGeneration([...process.execArgv, env.nodeOptions ?? ''].join(' '))
      await runBroker({
        broker: {
          host: opts.host,
          port: opts.port,
          advertisedHost: opts.advertisedHost,
          dataDir: opts.memory ? undefined : opts.dataDir,
          defaultPartitions: opts.partitions,
          ...security(opts),
        },
        logLevel: io.logLevel(),
        out: io.out,
        until: io.until,
      })
    })
}
