/**
 * Narad's Kafka configuration. Every variable is read by Spool's `busOptionsFromEnv` (the one
 * place the environment is read): KAFKA_CLIENT_ID, KAFKA_BROKERS, KAFKA_SSL, KAFKA_SASL_MECHANISM,
 * KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and the rest of the table in the repository README.
 * A wrong value fails at start-up naming the variable.
 */
import { busOptionsFromEnv } from '@spool/bus'

/** The client id when KAFKA_CLIENT_ID is not set (seed 003's default). */
export const defaultClientId = 'narad'

/**
 * Bus options from the environment, with `overrides` (tests, the embedded broker) winning.
 *
 * @example
 * kafkaConfig({ brokers: ['127.0.0.1:9092'] }) // { clientId: 'narad', brokers: [...], ... }
 */
export function kafkaConfig(overrides = {}, env = process.env) {
  const fromEnv = busOptionsFromEnv(env)
  return { ...fromEnv, clientId: fromEnv.clientId ?? defaultClientId, ...overrides }
}

/** The topics Narad uses. */
export const topics = Object.freeze({
  userEvents: 'user-events',
  userActivity: 'user-activity',
  systemEvents: 'system-events',
  orders: 'orders.events',
  paymentCommands: 'payments.commands',
})
