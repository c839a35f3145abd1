/**
 * `spool dev` — everything a developer needs locally, in one process: the embedded broker, and the
 * gateway with the console on top of it, serving an event catalog (a small demo catalog by default).
 * `spool gateway` is the same gateway against a cluster that runs elsewhere.
 */
import type { AnyEventDefinition } from '@spool/catalog'
import { Command } from 'commander'
import { busInput, type CommandIO, cliLogger, connectionOptions } from '../context.ts'
import type { CliEnv } from '../env.ts'
import { exitCodeHelp } from '../errors.ts'
import { port, positiveInt } from '../parse.ts'
import type { Served } from '../serve.ts'
import { launchBroker, untilSignal } from './broker.ts'

/**
 * @example
 * program.addCommand(devCommand(io, readCliEnv()))
 */
export function devCommand(io: CommandIO, env: CliEnv, cwd: string): Command {
  return new Command('dev')
    .description('run the embedded broker, the gateway and the console locally')
    .option(
      '--broker-port <port>',
      'broker port (SPOOL_BROKER_PORT)',
      port,
      env.brokerPort === undefined ? 9092 : port(env.brokerPort),
    )
    .option(
      '--http-port <port>',
      'gateway and console port (SPOOL_HTTP_PORT)',
      port,
      env.httpPort === undefined ? 3000 : port(env.httpPort),
    )
    .option('--data-dir <dir>', 'broker data directory (SPOOL_DATA_DIR)', env.dataDir ?? '.spool')
    .option('--memory', 'keep everything in memory (no data directory)')
    .option(
      '--partitions <n>',
      'partitions of auto-created topics (SPOOL_PARTITIONS)',
      positiveInt('--partitions'),
      env.partitions === undefined ? 1 : positiveInt('SPOOL_PARTITIONS')(env.partitions),
    )
    .option(
      '--catalog <module>',
      'module exporting the event catalog (`catalog`, a default, or definitions); default: the demo catalog shipped with spool (SPOOL_CATALOG)',
      env.catalog,
    )
    .addHelpText(
      'after',
      '\nThe broker listens on 127.0.0.1 (SPOOL_BROKER_HOST to change it), the gateway on 127.0.0.1\n' +
        '(SPOOL_GATEWAY_HOST). Gateway settings such as SPOOL_API_KEYS apply as for `spool gateway`.' +
        exitCodeHelp,
    )
    .action(async (flags) => {
      const stop = io.until ?? untilSignal()
      const catalog = await catalogFor(flags.catalog, cwd)
      const broker = await launchBroker(
        {
          host: env.brokerHost ?? '127.0.0.1',
          port: flags.brokerPort,
          dataDir: flags.memory ? undefined : flags.dataDir,
          defaultPartitions: flags.partitions,
        },
        io.logLevel(),
      )
      let served: Served
      try {
        const { serveGateway } = await import('../serve.ts')
        served = await serveGateway({
          // Not the KAFKA_* settings of the shell: they describe some other cluster (with TLS or
          // SASL, perhaps), and this bus talks to the broker just started.
          bus: { brokers: [broker.bootstrap], clientId: 'spool-dev', offline: 'fail', retries: 2 },
          catalog: catalog.definitions,
          host: undefined,
          port: flags.httpPort,
          env: io.env,
          logger: cliLogger(io),
        })
      } catch (error) {
        await broker.stop()
        throw error
      }
      const where = flags.memory ? 'in memory' : `data in ${flags.dataDir}`
      io.out.write(
        'spool dev is running\n' +
          `  Kafka bootstrap  ${broker.bootstrap}  (${where})\n` +
          `  console          ${served.console ? `${served.url}/` : 'not installed (the API is served)'}\n` +
          `  gateway API      ${served.url}/api/kafka  (OpenAPI: ${served.url}/api/docs, health: ${served.url}/health)\n` +
          `  catalog          ${catalog.description}\n` +
          'Press Ctrl-C to stop.\n',
      )
      await stop
      io.out.write('spool dev stopping\n')
      try {
        await served.close()
      } finally {
        await broker.stop()
      }
      io.out.write('spool dev stopped\n')
    })
}

/**
 * @example
 * program.addCommand(gatewayCommand(io, readCliEnv()))
 */
export function gatewayCommand(io: CommandIO, env: CliEnv, cwd: string): Command {
  return connectionOptions(
    new Command('gateway')
      .description('run the gateway and the console against a Kafka cluster')
      .option('--host <host>', 'interface to listen on (SPOOL_GATEWAY_HOST)')
      .option(
        '--port <port>',
        'HTTP port (SPOOL_HTTP_PORT, SPOOL_GATEWAY_PORT)',
        port,
        env.httpPort === undefined ? undefined : port(env.httpPort),
      )
      .option(
        '--catalog <module>',
        'module exporting the event catalog (SPOOL_CATALOG); default: the demo catalog shipped with spool',
        env.catalog,
      ),
    false,
  )
    .addHelpText(
      'after',
      '\nKafka settings come from KAFKA_* variables (KAFKA_BROKERS, KAFKA_SSL, KAFKA_SASL_*), gateway\n' +
        'settings from SPOOL_GATEWAY_*, SPOOL_API_KEYS and SPOOL_CONSOLE_DIR.' +
        exitCodeHelp,
    )
    .action(async (flags) => {
      const stop = io.until ?? untilSignal()
      const catalog = await catalogFor(flags.catalog, cwd)
      const { serveGateway } = await import('../serve.ts')
      const served = await serveGateway({
        bus: await busInput(io, flags),
        catalog: catalog.definitions,
        host: flags.host,
        port: flags.port,
        env: io.env,
        logger: cliLogger(io),
      })
      io.out.write(
        `spool gateway listening on ${served.url}` +
          `${served.console ? ` (console at ${served.url}/)` : ''}; catalog: ${catalog.description}\n`,
      )
      await stop
      io.out.write('spool gateway stopping\n')
      await served.close()
    })
}

async function catalogFor(
  specifier: string | undefined,
  cwd: string,
): Promise<{ definitions: AnyEventDefinition[]; description: string }> {
  if (specifier !== undefined) {
    const { loadCatalog } = await import('../catalog.ts')
    const definitions = await loadCatalog(specifier, cwd)
    return { definitions, description: `${definitions.length} event type(s) from ${specifier}` }
  }
  const { demoCatalog } = await import('../dev-catalog.ts')
  return {
    definitions: [...demoCatalog],
    description: `${demoCatalog.length} demo event types (pass --catalog <module> to serve your own)`,
  }
}
