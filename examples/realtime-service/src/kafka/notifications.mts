/**
 * The notification events and their DTOs (seed 001's SessionStartingSoonDto and ConceptMasteredDto,
 * as zod schemas in Spool's catalog). The same schema validates what the service is asked to send
 * and what it reads back from Kafka: a bad field is refused naming it (`data.userIds: …`).
 */
import { defineEvent, type EventData, type EventInput } from '@spool/catalog'
import { z } from 'zod'

/** Topics of seed 001. */
export const topics = Object.freeze({
  session: 'session-notifications',
  concept: 'concept-notifications',
  test: 'test-realtime-service',
})

const userIds = z.array(z.string().min(1)).min(1)

export const SessionStartingSoonDto = z.object({
  sessionId: z.string().min(1),
  userIds,
  message: z.string().min(1),
  // A Date or an ISO 8601 string on the way in; a Date for handlers.
  scheduledTime: z.union([z.date(), z.iso.datetime({ offset: true })]).pipe(z.coerce.date()),
})

export const ConceptMasteredDto = z.object({
  conceptId: z.string().min(1),
  userIds,
  conceptName: z.string().min(1),
  masteryLevel: z.number().min(0).max(1),
})

export const SessionStartingSoon = defineEvent({
  type: 'session.starting_soon',
  topic: topics.session,
  key: 'sessionId',
  description: 'A learning session starts soon; tell the users taking part',
  schema: SessionStartingSoonDto,
})

export const ConceptMastered = defineEvent({
  type: 'concept.mastered',
  topic: topics.concept,
  key: 'conceptId',
  description: 'Users mastered a concept',
  schema: ConceptMasteredDto,
})

export type SessionStartingSoonInput = EventInput<typeof SessionStartingSoon>
export type ConceptMasteredInput = EventInput<typeof ConceptMastered>
export type SessionStartingSoonData = EventData<typeof SessionStartingSoon>
export type ConceptMasteredData = EventData<typeof ConceptMastered>

export const notificationCatalog = [SessionStartingSoon, ConceptMastered]
