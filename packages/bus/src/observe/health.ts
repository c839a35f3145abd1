/**
 * Health of a bus: is the producer connected, what each consumer group is doing, how much waits in
 * the offline spool. `status` is 'up' when everything works, 'degraded' when the service still
 * accepts events (spooling, a consumer paused or failing) and 'down' when it cannot.
 */
import type { ConsumerStatus } from '../consumer/types.ts'

export interface BusHealth {
  status: 'up' | 'degraded' | 'down'
  clientId: string
  brokers: string[]
  producer: { connected: boolean; lastError: string | undefined }
  consumers: ConsumerStatus[]
  spool: { enabled: boolean; depth: number }
  checkedAt: string
}

export function summarize(
  producer: BusHealth['producer'],
  consumers: ConsumerStatus[],
  spool: BusHealth['spool'],
  clientId: string,
  brokers: string[],
): BusHealth {
  let status: BusHealth['status'] = 'up'
  if (!producer.connected) status = spool.enabled ? 'degraded' : 'down'
  if (spool.depth > 0 && status === 'up') status = 'degraded'
  for (const c of consumers) {
    if (c.state === 'failed') status = 'down'
    else if ((c.state === 'paused' || unresolved(c.lastError)) && status === 'up') status = 'degraded'
  }
  return { status, clientId, brokers, producer, consumers, spool, checkedAt: new Date().toISOString() }
}

/**
 * An error of the last minute marks a consumer degraded until a handler succeeds again after it;
 * older errors are history.
 */
function unresolved(error: ConsumerStatus['lastError']): boolean {
  return error !== undefined && !error.recovered && Date.now() - Date.parse(error.at) < 60_000
}
