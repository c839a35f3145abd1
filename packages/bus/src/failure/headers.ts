/**
 * Headers the bus adds when an event leaves its topic for a retry topic or the dead letters.
 * They carry where the event came from and why it failed, so a person (or `redrive`) can act on it
 * without any other state.
 */
export const failureHeaders = Object.freeze({
  originalTopic: 'spool-original-topic',
  originalPartition: 'spool-original-partition',
  originalOffset: 'spool-original-offset',
  group: 'spool-group',
  attempts: 'spool-attempts',
  firstFailure: 'spool-first-failure-time',
  lastFailure: 'spool-last-failure-time',
  errorMessage: 'spool-error-message',
  errorStack: 'spool-error-stack',
  errorCode: 'spool-error-code',
  reason: 'spool-dead-letter-reason',
  retryDue: 'spool-retry-due',
  retryStage: 'spool-retry-stage',
  redriveCount: 'spool-redrive-count',
})

/** Why an event was dead-lettered. */
export type DeadLetterReason = 'handler-failed' | 'non-retryable' | 'invalid-event'

const MAX_STACK = 4_000

/** What is known of an event's failures so far (read back from its headers on a retry topic). */
export interface FailureRecord {
  originalTopic: string
  originalPartition: number
  originalOffset: string
  attempts: number
  firstFailure: string
}

/** Reads the failure history carried by a message, or starts one for a first failure. */
export function failureRecord(
  headers: Record<string, string>,
  topic: string,
  partition: number,
  offset: bigint,
): FailureRecord {
  const h = failureHeaders
  if (headers[h.originalTopic]) {
    return {
      originalTopic: headers[h.originalTopic]!,
      originalPartition: Number(headers[h.originalPartition] ?? partition),
      originalOffset: headers[h.originalOffset] ?? String(offset),
      attempts: Number(headers[h.attempts] ?? 0),
      firstFailure: headers[h.firstFailure] ?? new Date().toISOString(),
    }
  }
  return {
    originalTopic: topic,
    originalPartition: partition,
    originalOffset: String(offset),
    attempts: 0,
    firstFailure: new Date().toISOString(),
  }
}

/** Headers for the next hop: the original headers (minus earlier failure headers) plus ours. */
export function failureHeadersFor(
  original: Record<string, string>,
  record: FailureRecord,
  group: string,
  error: unknown,
  extra: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(original)) {
    if (!k.startsWith('spool-') || k === failureHeaders.redriveCount) out[k] = v
  }
  const h = failureHeaders
  const err = error instanceof Error ? error : new Error(String(error))
  out[h.originalTopic] = record.originalTopic
  out[h.originalPartition] = String(record.originalPartition)
  out[h.originalOffset] = record.originalOffset
  out[h.group] = group
  out[h.attempts] = String(record.attempts)
  out[h.firstFailure] = record.firstFailure
  out[h.lastFailure] = new Date().toISOString()
  out[h.errorMessage] = err.message
  out[h.errorStack] = (err.stack ?? '').slice(0, MAX_STACK)
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string') out[h.errorCode] = code
  return Object.assign(out, extra)
}

/** `orders.retry.2` → { source: 'orders', stage: 2 }; other names → stage 0. */
export function parseRetryTopic(topic: string): { source: string; stage: number } {
  const match = /^(.*)\.retry\.(\d+)$/.exec(topic)
  return match ? { source: match[1]!, stage: Number(match[2]) } : { source: topic, stage: 0 }
}

/**
 * The retry topic of `source` at `stage` (1, 2, …), whose delay is `retry.topics[stage - 1]`.
 *
 * @example
 * retryTopic('orders', 1) // 'orders.retry.1'
 */
export const retryTopic = (source: string, stage: number): string => `${source}.retry.${stage}`
/**
 * The dead-letter topic of `source`.
 *
 * @example
 * deadLetterTopic('orders') // 'orders.dlq'
 */
export const deadLetterTopic = (source: string): string => `${source}.dlq`
