/**
 * The content service's event catalog (seed 000's "Topics and Event Schema", as zod schemas).
 *
 * - Content events, one topic per type and action: `content.{type}.{action}`, e.g.
 *   `content.quiz.created`, with `{ eventType, contentType, contentId, userId, timestamp, metadata }`.
 * - Student progress: `quiz.submission` (published here) and `student.knowledge.updated`
 *   (consumed here, published by another service).
 *
 * The bus sends them in CloudEvents *binary* mode: the record value is exactly the seed's JSON, so
 * any consumer that `JSON.parse`s the value keeps working; the event's id, type, source and time
 * travel in `ce_*` headers.
 */
import { defineEvent } from '@spool/catalog'
import { z } from 'zod'

export const contentTypes = ['quiz', 'question', 'resource', 'concept'] as const
export type ContentType = (typeof contentTypes)[number]
export const contentActions = ['created', 'updated', 'deleted'] as const
export type ContentAction = (typeof contentActions)[number]

function contentEvent<T extends ContentType, A extends ContentAction>(contentType: T, action: A) {
  const name = `content.${contentType}.${action}` as const
  return defineEvent({
    type: name,
    topic: name,
    key: 'contentId', // one item's events stay in order
    subject: 'contentId',
    description: `A ${contentType} was ${action}`,
    schema: z.object({
      eventType: z.literal(action),
      contentType: z.literal(contentType),
      contentId: z.string().min(1),
      userId: z.string().min(1),
      timestamp: z.iso.datetime(),
      metadata: z.record(z.string(), z.unknown()).default({}),
    }),
  })
}

const eventsOf = <T extends ContentType>(contentType: T) => ({
  created: contentEvent(contentType, 'created'),
  updated: contentEvent(contentType, 'updated'),
  deleted: contentEvent(contentType, 'deleted'),
})

/** `ContentEvents.quiz.created` is `content.quiz.created`, and so on for every type and action. */
export const ContentEvents = {
  quiz: eventsOf('quiz'),
  question: eventsOf('question'),
  resource: eventsOf('resource'),
  concept: eventsOf('concept'),
}

export const QuizSubmitted = defineEvent({
  type: 'quiz.submitted',
  topic: 'quiz.submission',
  key: 'studentId', // one student's submissions stay in order
  subject: 'studentId',
  description: 'A student submitted answers to a quiz',
  schema: z.object({
    eventType: z.literal('quiz_submitted'),
    quizId: z.string().min(1),
    studentId: z.string().min(1),
    conceptId: z.string().optional(),
    score: z.number().min(0).max(100),
    answers: z.array(z.number().int()),
    completionTime: z.number().positive(), // seconds
    timestamp: z.iso.datetime(),
  }),
})

export const StudentKnowledgeUpdated = defineEvent({
  type: 'student.knowledge.updated',
  topic: 'student.knowledge.updated',
  key: 'studentId',
  subject: 'studentId',
  description: "A student's mastery of a concept changed (published by the knowledge service)",
  schema: z.object({
    eventType: z.literal('knowledge_updated'),
    studentId: z.string().min(1),
    conceptId: z.string().min(1),
    masteryLevel: z.number().min(0).max(1),
    timestamp: z.iso.datetime(),
  }),
})

/** Every event the service knows. */
export const contentCatalog = [
  ...Object.values(ContentEvents).flatMap((byAction) => Object.values(byAction)),
  QuizSubmitted,
  StudentKnowledgeUpdated,
]
