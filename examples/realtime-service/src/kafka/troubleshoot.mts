/**
 * Seed 001's integration script printed troubleshooting help when Kafka was not there. The same
 * help, as an error: what failed, where Kafka was looked for, what to check.
 */

/** Kafka could not be reached; `message` lists what to check. */
export class KafkaUnreachableError extends Error {
  readonly code = 'REALTIME_KAFKA_UNREACHABLE'
  readonly brokers: readonly string[]

  constructor(brokers: readonly string[], cause: unknown) {
    super(
      [
        `Cannot reach Kafka at ${brokers.join(', ')}: ${cause instanceof Error ? cause.message : String(cause)}`,
        'Troubleshooting:',
        '  1. Is Kafka running? `npm start` in examples/realtime-service starts an embedded broker, or run `npx spool dev`.',
        '  2. Is KAFKA_BROKERS right? It must list host:port addresses the broker advertises (e.g. 127.0.0.1:9092).',
        '  3. TLS or SASL cluster? Set KAFKA_SSL=true and KAFKA_SASL_MECHANISM / KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD.',
        '  4. Slow network? Raise KAFKA_CONNECTION_TIMEOUT (ms).',
      ].join('\n'),
      { cause },
    )
    this.name = 'KafkaUnreachableError'
    this.brokers = brokers
  }
}

/** Connection failures become a {@link KafkaUnreachableError}; other errors pass through. */
export function explainKafkaError(error: unknown, brokers: readonly string[]): unknown {
  return isConnectionFailure(error) ? new KafkaUnreachableError(brokers, error) : error
}

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'SPOOL_ERR_KAFKA_UNAVAILABLE',
  'SPOOL_ERR_TIMEOUT',
  'PLT_KFK_NETWORK',
  'PLT_KFK_TIMEOUT',
])

function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false
  const { code, cause, errors } = error as { code?: string; cause?: unknown; errors?: unknown[] }
  if (code && connectionCodes.has(code)) return true
  if (Array.isArray(errors) && errors.some((e) => isConnectionFailure(e, depth + 1))) return true
  return isConnectionFailure(cause, depth + 1)
}
