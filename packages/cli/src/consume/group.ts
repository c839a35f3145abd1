/**
 * `spool consume --group`: reads as a member of a consumer group with the bus's consumer, so the
 * group's offsets are committed and other members share the partitions. With --max-messages,
 * records fetched past the limit are left uncommitted: their handler waits until the consumer
 * stops and then fails as "stopping", which the bus never commits nor dead-letters.
 */
import type { Bus } from '@spool/bus'
import { quietError } from '../context.ts'
import { CliError } from '../errors.ts'
import { type ConsumedRecord, fromBuffers } from './format.ts'

export interface GroupReadOptions {
  group: string
  /** Where the group starts when it has no committed offset. */
  from: 'earliest' | 'latest'
  maxMessages?: number
  /** Stop when no record arrived for this long, ms. */
  timeout?: number
  stop: Promise<unknown>
  /** Called once the consumer has started. */
  onReady?: () => void
}

/**
 * @example
 * const n = await readAsGroup(bus, 'orders', { group: 'audit', from: 'earliest', maxMessages: 5, stop }, print)
 */
export async function readAsGroup(
  bus: Bus,
  topic: string,
  options: GroupReadOptions,
  emit: (record: ConsumedRecord) => void,
): Promise<number> {
  let emitted = 0
  let lastRecordAt = Date.now()
  let reachedLimit!: () => void
  const limit = new Promise<void>((resolve) => {
    reachedLimit = resolve
  })
  const consumer = bus.consumer({
    group: options.group,
    from: options.from,
    idempotency: false,
    unknownEvents: 'skip',
    lagInterval: 0,
    // Two attempts, no retry topics: the second attempt is where a stopping handler gives up.
    retry: { attempts: 2, topics: [], initialDelay: 0 },
  })
  consumer.onTopic(topic, async (message, context) => {
    if (options.maxMessages !== undefined && emitted >= options.maxMessages) {
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }))
      // Retryable, so the record stays uncommitted for the next reader of the group.
      const stopping = new CliError('SPOOL_ERR_STATE', 'stopping: past --max-messages', { retryable: true })
      throw Object.assign(stopping, { [quietError]: true })
    }
    emit(fromBuffers(message))
    emitted++
    lastRecordAt = Date.now()
    if (options.maxMessages !== undefined && emitted >= options.maxMessages) reachedLimit()
  })
  await consumer.start()
  options.onReady?.()
  let idle: NodeJS.Timeout | undefined
  const timedOut = new Promise<void>((resolve) => {
    if (options.timeout === undefined) return
    const timeout = options.timeout
    const check = () => {
      const left = timeout - (Date.now() - lastRecordAt)
      if (left <= 0) resolve()
      else idle = setTimeout(check, left)
    }
    idle = setTimeout(check, timeout)
  })
  try {
    await Promise.race([limit, timedOut, options.stop])
  } finally {
    clearTimeout(idle)
    // Short deadline: handlers in flight are either printing (fast) or parked past the limit.
    await consumer.stop(500)
  }
  return emitted
}
