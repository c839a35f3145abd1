/**
 * The one place the harness reads environment variables. Each is documented where it is used:
 * KAFKA_BROKERS, SPOOL_TEST_KAFKA, SPOOL_TEST_KAFKA_SKIP, SPOOL_REQUIRE_KAFKA and CI.
 */

/** What the environment says about brokers for tests. */
export interface TestEnv {
  /** KAFKA_BROKERS: an external cluster to test against instead of starting one. */
  readonly kafkaBrokers: string | undefined
  /** SPOOL_TEST_KAFKA: bootstrap of the real Kafka that `npm test` started. */
  readonly testKafka: string | undefined
  /** SPOOL_TEST_KAFKA_SKIP: why `npm test` could not start real Kafka. */
  readonly testKafkaSkip: string | undefined
  /** SPOOL_REQUIRE_KAFKA=1 or CI=true: a missing real Kafka is a failure, never a skip. */
  readonly requireKafka: boolean
  /** CI=true (or 1). */
  readonly ci: boolean
}

const nonEmpty = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim()
  return trimmed === undefined || trimmed === '' ? undefined : trimmed
}

const truthy = (value: string | undefined): boolean => value === '1' || value?.toLowerCase() === 'true'

/**
 * Reads the harness' environment variables now (not at import time, so tests can change them).
 *
 * @example
 * const env = readTestEnv()
 * if (env.requireKafka) console.log('real Kafka is mandatory in this run')
 */
export function readTestEnv(env: NodeJS.ProcessEnv = process.env): TestEnv {
  const ci = truthy(env.CI)
  return {
    kafkaBrokers: nonEmpty(env.KAFKA_BROKERS),
    testKafka: nonEmpty(env.SPOOL_TEST_KAFKA),
    testKafkaSkip: nonEmpty(env.SPOOL_TEST_KAFKA_SKIP),
    requireKafka: ci || truthy(env.SPOOL_REQUIRE_KAFKA),
    ci,
  }
}
