/**
 * @spool/cli — the `spool` command line (`spool dev`, `spool broker`, `spool gateway`, `topics`,
 * `groups`, `produce`, `consume`, `dlq`), usable from code too.
 *
 * @packageDocumentation
 *
 * @example
 * import { buildProgram } from '@spool/cli'
 * await buildProgram({ out: process.stdout }).parseAsync(['node', 'spool', 'topics', 'list', '--json'])
 */
// First: on a Node.js older than Spool supports, this throws SPOOL_ERR_UNSUPPORTED naming the versions.
import '@spool/errors'

export { catalogOf, loadCatalog } from './catalog.ts'
export { launchBroker, type RunBrokerOptions, runBroker, untilSignal } from './commands/broker.ts'
export { demoCatalog } from './dev-catalog.ts'
export { type CliEnv, readCliEnv } from './env.ts'
export { CliError, type CliErrorCode, type ExitCode, exitCodeOf, exitCodes } from './errors.ts'
export { type Column, table, toJson } from './output.ts'
export { buildProgram, type ProgramIO } from './program.ts'
export { type Served, type ServeOptions, serveGateway } from './serve.ts'
