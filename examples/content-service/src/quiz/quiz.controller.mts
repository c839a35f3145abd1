/** HTTP API of quizzes: CRUD plus submissions. Writes take the acting user from `x-user-id`. */
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common'
import { UserId, ZodBody } from '../common/validation.mts'
import {
  type CreateQuiz,
  CreateQuizDto,
  type SubmitQuiz,
  SubmitQuizDto,
  type UpdateQuiz,
  UpdateQuizDto,
} from './quiz.dto.mts'
import { QuizService } from './quiz.service.mts'

@Controller('quizzes')
export class QuizController {
  constructor(private readonly quizzes: QuizService) {}

  @Post()
  create(@Body(new ZodBody(CreateQuizDto)) body: CreateQuiz, @UserId() userId: string) {
    return this.quizzes.createQuiz(body, userId)
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.quizzes.get(id)
  }

  @Patch(':id')
  update(
    @Param('id') id: string,
    @Body(new ZodBody(UpdateQuizDto)) body: UpdateQuiz,
    @UserId() userId: string,
  ) {
    return this.quizzes.updateQuiz(id, body, userId)
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @UserId() userId: string) {
    await this.quizzes.deleteQuiz(id, userId)
  }

  @Post(':id/submissions')
  submit(@Param('id') id: string, @Body(new ZodBody(SubmitQuizDto)) body: SubmitQuiz) {
    return this.quizzes.submitQuiz(id, body)
  }
}
