/**
 * JobQuest's options: one type, one frozen default object, validated once naming the bad
 * property. The environment is read here only (Kafka variables through Spool's
 * `busOptionsFromEnv`, gateway ones through `gatewayOptionsFromEnv`).
 */
import { type BusOptionsInput, busOptionsFromEnv } from '@spool/bus'
import { type GatewayInput, gatewayOptionsFromEnv } from '@spool/gateway'
import type { Logger } from 'pino'
import { JobQuestConfigError } from './errors.ts'

export interface JobQuestOptions {
  /** Bus options (brokers, client id, timeouts, …); `clientId` defaults to 'jobquest'. */
  kafka: BusOptionsInput
  /** The consumer group of `kafkaConsumer` (the seed's consumer service). */
  group: string
  /** Prefix of every topic (`<namespace>.mission-events`); '' = the seed's names. */
  namespace: string
  /** Gateway options besides the bus (auth, stream, console, …). */
  gateway: Omit<GatewayInput, 'bus' | 'host' | 'port'>
  /** Where the HTTP API listens. */
  host: string
  /** 0 picks a free port. */
  port: number
  /** Start `kafkaConsumer` with the app (the seed starts it at boot; POST /api/kafka/status toggles it). */
  startConsumer: boolean
  /**
   * node:sqlite file of the game state (progress, notifications, activity log); undefined keeps it
   * in memory only. Keep it with the broker's data: the consumer resumes from committed offsets.
   */
  dataPath: string | undefined
  /** Activity-log entries and notifications kept per user (oldest dropped first). */
  historyPerUser: number
  /** pino logger; default the bus's. */
  logger: Logger | undefined
}

export type JobQuestInput = Partial<JobQuestOptions>

export const defaultJobQuestOptions: Readonly<JobQuestOptions> = Object.freeze({
  kafka: {},
  group: 'jobquest-consumer',
  namespace: '',
  gateway: {},
  host: '127.0.0.1',
  port: 3000,
  startConsumer: true,
  dataPath: undefined,
  historyPerUser: 100,
  logger: undefined,
})

/** The client id when neither options nor KAFKA_CLIENT_ID give one; also the CloudEvents source. */
export const defaultClientId = 'jobquest'

/**
 * Defaults + input, validated and frozen.
 *
 * @example
 * resolveJobQuestOptions({ port: 0, namespace: 'test' })
 */
export function resolveJobQuestOptions(input: JobQuestInput = {}): Readonly<JobQuestOptions> {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
  const options: JobQuestOptions = { ...defaultJobQuestOptions, ...defined }
  if (typeof options.group !== 'string' || options.group === '') {
    throw new JobQuestConfigError('group', 'must be a non-empty string')
  }
  if (typeof options.namespace !== 'string' || !/^[a-zA-Z0-9._-]*$/.test(options.namespace)) {
    throw new JobQuestConfigError('namespace', 'may hold only letters, digits, ".", "_" and "-"')
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535) {
    throw new JobQuestConfigError('port', `must be an integer from 0 to 65535, got ${options.port}`)
  }
  if (options.dataPath !== undefined && (typeof options.dataPath !== 'string' || options.dataPath === '')) {
    throw new JobQuestConfigError('dataPath', 'must be a file path')
  }
  if (!Number.isInteger(options.historyPerUser) || options.historyPerUser < 1) {
    throw new JobQuestConfigError('historyPerUser', 'must be a positive integer')
  }
  options.kafka = { ...options.kafka, clientId: options.kafka.clientId ?? defaultClientId }
  return Object.freeze(options)
}

/**
 * Options from the environment: every Kafka variable of Spool's table (KAFKA_BROKERS or the
 * seed's KAFKA_BROKER, KAFKA_CLIENT_ID, SSL, SASL, …), the gateway's SPOOL_GATEWAY_* and
 * SPOOL_API_KEYS, plus `PORT` / `HOST` (the seed serves on 3000), `JOBQUEST_NAMESPACE` and
 * `JOBQUEST_DATA_PATH`.
 *
 * @example
 * const app = await startJobQuest(jobQuestOptionsFromEnv())
 */
export function jobQuestOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): JobQuestInput {
  const { host, port, ...gateway } = gatewayOptionsFromEnv(env)
  const out: JobQuestInput = { kafka: busOptionsFromEnv(env), gateway }
  const portText = env.PORT?.trim() || undefined
  if (portText !== undefined && !/^\d+$/.test(portText)) {
    throw new JobQuestConfigError('port', `(PORT) must be a number, got "${portText}"`)
  }
  out.port = portText !== undefined ? Number(portText) : port
  out.host = env.HOST?.trim() || host
  const namespace = env.JOBQUEST_NAMESPACE?.trim()
  if (namespace) out.namespace = namespace
  const dataPath = env.JOBQUEST_DATA_PATH?.trim()
  if (dataPath) out.dataPath = dataPath
  return out
}
