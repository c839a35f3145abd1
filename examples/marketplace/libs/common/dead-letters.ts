/** How the services' `GET /dead-letters` shows a dead letter: the event, where it failed and why. */
import type { DeadLetter } from '@spool/bus'

export interface DeadLetterView {
  topic: string
  partition: number
  offset: string
  type: string | undefined
  eventId: string | undefined
  data: unknown
  group: string | undefined
  reason: string | undefined
  attempts: number
  error: string
  redriven: boolean
}

/** Reads the event out of a dead letter (a structured CloudEvent, or binary-mode ce_* headers). */
export function deadLetterView(entry: DeadLetter): DeadLetterView {
  let event: { id?: string; type?: string; data?: unknown } = {}
  try {
    event = JSON.parse(entry.value ?? '{}')
  } catch {
    // Not JSON: shown without its event fields.
  }
  return {
    topic: entry.topic,
    partition: entry.partition,
    offset: entry.offset,
    type: event.type ?? entry.headers.ce_type,
    eventId: event.id ?? entry.headers.ce_id,
    data: 'specversion' in event ? event.data : event,
    group: entry.group,
    reason: entry.reason,
    attempts: entry.attempts,
    error: entry.error.message,
    redriven: entry.redriven,
  }
}
