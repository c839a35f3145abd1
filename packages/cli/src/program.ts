/**
 * The `spool` command line: commands and their flags (commander). Each flag falls back to its
 * environment variable (env.ts, or the bus's and the gateway's own readers for KAFKA_* and
 * SPOOL_GATEWAY_*), then to a default.
 */
import { logLevels } from '@spool/errors'
import { Command, Option } from 'commander'
import { brokerCommand } from './commands/broker.ts'
import { consumeCommand } from './commands/consume.ts'
import { devCommand, gatewayCommand } from './commands/dev.ts'
import { dlqCommand } from './commands/dlq.ts'
import { groupsCommand } from './commands/groups.ts'
import { produceCommand } from './commands/produce.ts'
import { topicsCommand } from './commands/topics.ts'
import type { CommandIO } from './context.ts'
import { cliEnvironment, readCliEnv } from './env.ts'
import { exitCodeHelp } from './errors.ts'

export interface ProgramIO {
  readonly out: NodeJS.WritableStream
  /** Notes, progress and logs (default process.stderr). */
  readonly err?: NodeJS.WritableStream
  /** Input of `spool produce` (default process.stdin). */
  readonly stdin?: NodeJS.ReadableStream
  readonly env?: NodeJS.ProcessEnv
  /** Where relative paths (--catalog) start (default process.cwd()). */
  readonly cwd?: string
  /** For tests: resolves when a long-running command should stop. */
  readonly until?: Promise<unknown>
}

/**
 * Builds the program. Errors are thrown, never turned into `process.exit` here: bin.ts maps them
 * to exit codes (errors.ts), and code embedding the CLI gets the error itself.
 *
 * @example
 * await buildProgram({ out: process.stdout }).parseAsync(['node', 'spool', 'topics', 'list', '--json'])
 */
export function buildProgram(io: ProgramIO): Command {
  const env = readCliEnv(io.env)
  const err = io.err ?? process.stderr
  const program = new Command('spool')
    .description('Spool: typed Kafka for TypeScript services, with an embedded Kafka-compatible broker')
    .version('0.1.0')
    .addOption(
      new Option('--log-level <level>', 'log level of the JSON log on stderr (SPOOL_LOG_LEVEL)')
        .choices(logLevels)
        .default(env.logLevel ?? 'warn'),
    )
    .addHelpText('after', exitCodeHelp)
  const commandIO: CommandIO = {
    out: io.out,
    err,
    stdin: io.stdin ?? process.stdin,
    env: cliEnvironment(io.env),
    until: io.until,
    logLevel: () => program.opts().logLevel,
  }
  const cwd = io.cwd ?? process.cwd()
  program.addCommand(devCommand(commandIO, env, cwd))
  program.addCommand(brokerCommand(commandIO, env))
  program.addCommand(gatewayCommand(commandIO, env, cwd))
  program.addCommand(topicsCommand(commandIO))
  program.addCommand(groupsCommand(commandIO))
  program.addCommand(produceCommand(commandIO))
  program.addCommand(consumeCommand(commandIO))
  program.addCommand(dlqCommand(commandIO))

  // Every command, however deep: errors are thrown (bin.ts picks the exit code), output goes to io.
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({
      writeOut: (s) => io.out.write(s),
      writeErr: (s) => err.write(s),
    })
    if (command !== program) command.showHelpAfterError('(add --help for usage)')
    for (const sub of command.commands) configure(sub)
  }
  configure(program)
  return program
}
