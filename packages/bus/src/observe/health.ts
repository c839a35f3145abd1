/**
 * Health of a bus: is the producer connected, what each consumer group is doing, how much waits in
 * the offline spool. `status` is 'up' when everything works, 'degraded' when the service still
 * accepts events (spooling, a consumer paused or failing) and 'down' when it cannot, or when Kafka
 * has not answered once since the bus started (a consumer group still waiting to join, a producer
 * that never reached it): `reason` then says why.
 */
import type { ConsumerStatus } from '../consumer/types.ts'

export interface BusHealth {
  status: 'up' | 'degraded' | 'down'
  /** Why the bus is down, when it is. */
  reason?: string
  clientId: string
  brokers: string[]
  producer: { connected: boolean; lastError: string | undefined }
  consumers: ConsumerStatus[]
  spool: { enabled: boolean; depth: number }
  checkedAt: string
}

export function summarize(
  producer: BusHealth['producer'] & {
    /** False while Kafka has not answered once since the bus started. */
    reached?: boolean
  },
  consumers: ConsumerStatus[],
  spool: BusHealth['spool'],
  clientId: string,
  brokers: string[],
): BusHealth {
  let status: BusHealth['status'] = 'up'
  let reason: string | undefined
  if (!producer.connected) status = spool.enabled ? 'degraded' : 'down'
  if (!producer.connected && producer.reached === false && producer.lastError !== undefined) {
    status = 'down'
    reason = `Kafka at ${brokers.join(',')} has not answered since the start: ${producer.lastError}`
  }
  if (spool.depth > 0 && status === 'up') status = 'degraded'
  for (const c of consumers) {
    if (c.state === 'failed') {
      status = 'down'
      reason ??= `consumer group "${c.group}" failed${c.lastError ? `: ${c.lastError.message}` : ''}`
    } else if (c.waiting !== undefined) {
      status = 'down'
      reason ??= `consumer group "${c.group}" is waiting to join: ${c.waiting}`
    } else if ((c.state === 'paused' || unresolved(c.lastError)) && status === 'up') status = 'degraded'
  }
  const health: BusHealth = {
    status,
    clientId,
    brokers,
    producer: { connected: producer.connected, lastError: producer.lastError },
    consumers,
    spool,
    checkedAt: new Date().toISOString(),
  }
  if (reason !== undefined) health.reason = reason
  return health
}

/**
 * An error of the last minute marks a consumer degraded until a handler succeeds again after it;
 * older errors are history.
 */
function unresolved(error: ConsumerStatus['lastError']): boolean {
  return error !== undefined && !error.recovered && Date.now() - Date.parse(error.at) < 60_000
}
