/**
 * Seed 000's `ContentEventProducer`: one call per content change or quiz submission. Each call
 * validates against the catalog (a wrong field throws `ValidationError` naming it) and resolves
 * once Kafka acknowledged the event — or the offline spool holds it while Kafka is down.
 */
import { Injectable } from '@nestjs/common'
import { Bus, type PublishedEvent } from '@spool/bus'
import { EventPublisher, InjectPublisher } from '@spool/nest'
import { type ContentAction, ContentEvents, type ContentType, QuizSubmitted } from '../events.mts'

@Injectable()
export class ContentEventProducer {
  constructor(
    private readonly bus: Bus,
    @InjectPublisher(QuizSubmitted) private readonly submissions: EventPublisher<typeof QuizSubmitted>,
  ) {}

  publishContentCreated(type: ContentType, contentId: string, userId: string, metadata = {}) {
    return this.publishContent(type, 'created', contentId, userId, metadata)
  }

  publishContentUpdated(type: ContentType, contentId: string, userId: string, metadata = {}) {
    return this.publishContent(type, 'updated', contentId, userId, metadata)
  }

  publishContentDeleted(type: ContentType, contentId: string, userId: string, metadata = {}) {
    return this.publishContent(type, 'deleted', contentId, userId, metadata)
  }

  /** `quiz.submission`: the score (0–100), the answers and the completion time in seconds. */
  publishQuizSubmission(
    quizId: string,
    studentId: string,
    score: number,
    answers: number[],
    completionTime: number,
    conceptId?: string,
  ): Promise<PublishedEvent> {
    return this.submissions.publish({
      eventType: 'quiz_submitted',
      quizId,
      studentId,
      conceptId,
      score,
      answers,
      completionTime,
      timestamp: new Date().toISOString(),
    })
  }

  private publishContent(
    type: ContentType,
    action: ContentAction,
    contentId: string,
    userId: string,
    metadata: Record<string, unknown>,
  ): Promise<PublishedEvent> {
    return this.bus.publish(ContentEvents[type][action], {
      eventType: action,
      contentType: type,
      contentId,
      userId,
      timestamp: new Date().toISOString(),
      metadata,
    } as never)
  }
}
