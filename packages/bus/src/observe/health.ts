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
    else if ((c.state === 'paused' || recent(c.lastError?.at)) && status === 'up') status = 'degraded'
  }
  return { status, clientId, brokers, producer, consumers, spool, checkedAt: new Date().toISOString() }
}

/** An error in the last minute still marks a consumer degraded; older ones are history. */
function recent(at: string | undefined): boolean {
  return at !== undefined && Date.now() - Date.parse(at) < 60_000
}
