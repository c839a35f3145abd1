/**
 * Quizzes (kept in memory), as seed 000's `QuizService`: every change publishes
 * `content.quiz.{created,updated,deleted}`, every submission `quiz.submission`.
 */
import { randomUUID } from 'node:crypto'
import { Injectable, NotFoundException } from '@nestjs/common'
import { ContentEventProducer } from '../kafka/content-event.producer.mts'
import type { CreateQuiz, SubmitQuiz, UpdateQuiz } from './quiz.dto.mts'

export interface Quiz extends CreateQuiz {
  id: string
  createdBy: string
  updatedAt: string
}

export interface SubmissionResult {
  quizId: string
  studentId: string
  score: number
  correct: number
  total: number
  completionTime: number
}

@Injectable()
export class QuizService {
  private readonly quizzes = new Map<string, Quiz>()

  constructor(private readonly contentEventProducer: ContentEventProducer) {}

  async createQuiz(quizData: CreateQuiz, userId: string): Promise<Quiz> {
    const quiz: Quiz = {
      ...quizData,
      id: randomUUID(),
      createdBy: userId,
      updatedAt: new Date().toISOString(),
    }
    this.quizzes.set(quiz.id, quiz)
    await this.contentEventProducer.publishContentCreated('quiz', quiz.id, userId, {
      title: quiz.title,
      difficulty: quiz.difficulty,
    })
    return quiz
  }

  get(quizId: string): Quiz {
    const quiz = this.quizzes.get(quizId)
    if (!quiz) throw new NotFoundException(`quiz ${quizId} not found`)
    return quiz
  }

  async updateQuiz(quizId: string, changes: UpdateQuiz, userId: string): Promise<Quiz> {
    const quiz = { ...this.get(quizId), ...changes, updatedAt: new Date().toISOString() }
    this.quizzes.set(quizId, quiz)
    await this.contentEventProducer.publishContentUpdated('quiz', quizId, userId, {
      changed: Object.keys(changes),
      title: quiz.title,
    })
    return quiz
  }

  async deleteQuiz(quizId: string, userId: string): Promise<void> {
    this.get(quizId)
    this.quizzes.delete(quizId)
    await this.contentEventProducer.publishContentDeleted('quiz', quizId, userId)
  }

  async submitQuiz(quizId: string, submission: SubmitQuiz): Promise<SubmissionResult> {
    const quiz = this.get(quizId)
    const correct = quiz.questions.filter((q, i) => submission.answers[i] === q.answer).length
    const result: SubmissionResult = {
      quizId,
      studentId: submission.studentId,
      score: Math.round((correct / quiz.questions.length) * 100),
      correct,
      total: quiz.questions.length,
      completionTime: submission.completionTime,
    }
    await this.contentEventProducer.publishQuizSubmission(
      quizId,
      submission.studentId,
      result.score,
      submission.answers,
      result.completionTime,
      quiz.conceptId,
    )
    return result
  }
}
