/** Request bodies of the quiz API. */
import { z } from 'zod'

export const QuestionDto = z.object({
  prompt: z.string().min(1),
  choices: z.array(z.string().min(1)).min(2),
  answer: z.number().int().nonnegative(), // index into choices
})

export const CreateQuizDto = z.object({
  title: z.string().min(1),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  conceptId: z.string().min(1).optional(),
  questions: z.array(QuestionDto).min(1),
})
export type CreateQuiz = z.output<typeof CreateQuizDto>

export const UpdateQuizDto = CreateQuizDto.partial()
export type UpdateQuiz = z.output<typeof UpdateQuizDto>

export const SubmitQuizDto = z.object({
  studentId: z.string().min(1),
  answers: z.array(z.number().int()),
  completionTime: z.number().positive(), // seconds
})
export type SubmitQuiz = z.output<typeof SubmitQuizDto>
