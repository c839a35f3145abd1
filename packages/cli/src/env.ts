/**
 * The environment variables the CLI reads, in one place. Flags override them; they override the
 * built-in defaults.
 *
 * | variable           | meaning                                        |
 * |--------------------|------------------------------------------------|
 * | SPOOL_BROKER_HOST  | interface the broker listens on                |
 * | SPOOL_BROKER_PORT  | broker port                                    |
 * | SPOOL_DATA_DIR     | broker data directory                          |
 * | SPOOL_PARTITIONS   | partitions of auto-created topics              |
 * | SPOOL_HTTP_PORT    | gateway HTTP port (`spool dev`, `spool gateway`) |
 * | SPOOL_CATALOG      | catalog module of `spool dev` / `spool gateway` |
 * | SPOOL_LOG_LEVEL    | pino level of the log on stderr (default warn); a bad value fails naming it |
 * | SPOOL_SASL_USERS   | JSON file of SASL users (turns SASL on)        |
 * | SPOOL_TLS_CERT     | PEM certificate file (turns TLS on)            |
 * | SPOOL_TLS_KEY      | PEM private key file                           |
 * | NODE_OPTIONS       | Node's own; a semi-space flag there leaves the young generation of `spool broker` as given |
 */
import { type LogLevel, readLogLevel } from '@spool/errors'

export interface CliEnv {
  readonly brokerHost: string | undefined
  readonly brokerPort: string | undefined
  readonly dataDir: string | undefined
  readonly partitions: string | undefined
  readonly httpPort: string | undefined
  readonly catalog: string | undefined
  readonly logLevel: LogLevel | undefined
  readonly saslUsers: string | undefined
  readonly tlsCert: string | undefined
  readonly tlsKey: string | undefined
  /** NODE_OPTIONS, only to tell whether the user sized V8's young generation. */
  readonly nodeOptions: string | undefined
}

/**
 * @example
 * const env = readCliEnv()          // from process.env
 * const env2 = readCliEnv({ SPOOL_BROKER_PORT: '19092' })
 */
export function readCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  const get = (k: string) => {
    const v = env[k]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }
  return {
    brokerHost: get('SPOOL_BROKER_HOST'),
    brokerPort: get('SPOOL_BROKER_PORT'),
    dataDir: get('SPOOL_DATA_DIR'),
    partitions: get('SPOOL_PARTITIONS'),
    httpPort: get('SPOOL_HTTP_PORT'),
    catalog: get('SPOOL_CATALOG'),
    logLevel: readLogLevel(env),
    saslUsers: get('SPOOL_SASL_USERS'),
    tlsCert: get('SPOOL_TLS_CERT'),
    tlsKey: get('SPOOL_TLS_KEY'),
    nodeOptions: get('NODE_OPTIONS'),
  }
}

/**
 * The variables the CLI hands on to the bus's and the gateway's own readers (KAFKA_*,
 * SPOOL_GATEWAY_*, …): `env` when given (tests), else the process's.
 *
 * @example
 * busOptionsFromEnv(cliEnvironment(io.env))
 */
export function cliEnvironment(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env ?? process.env
}
