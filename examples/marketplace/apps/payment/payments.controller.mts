/** The payment service's HTTP API: buy a pay-per-view post, tip a creator, list payments. */
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common'
import { z } from 'zod'
import { ZodPipe } from '../../libs/common/zod.pipe.ts'
import { PaymentsService, type PurchaseDto, type TipDto } from './payments.service.mts'

const purchase = z.object({
  buyerId: z.string().min(1),
  paymentMethodId: z.string().min(1).default('pm_card_visa'),
})

const tip = z.object({
  fromUserId: z.string().min(1),
  creatorId: z.string().min(1),
  postId: z.string().min(1).optional(),
  amount: z.number().int().positive(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('EUR'),
  paymentMethodId: z.string().min(1).default('pm_card_visa'),
  message: z.string().max(280).optional(),
})

@Controller()
export class PaymentsController {
  readonly #payments: PaymentsService

  constructor(payments: PaymentsService) {
    this.#payments = payments
  }

  @Post('posts/:postId/purchase')
  purchase(@Param('postId') postId: string, @Body(new ZodPipe(purchase)) dto: PurchaseDto) {
    return this.#payments.purchasePost(postId, dto)
  }

  @Post('tips')
  tip(@Body(new ZodPipe(tip)) dto: TipDto) {
    return this.#payments.tip(dto)
  }

  @Get('payments')
  list(@Query('userId') userId?: string) {
    return this.#payments.list(userId)
  }
}
