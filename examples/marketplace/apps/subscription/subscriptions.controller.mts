/** The subscription service's HTTP API. */
import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common'
import { z } from 'zod'
import { ZodPipe } from '../../libs/common/zod.pipe.ts'
import {
  type CreateSubscriptionDto,
  type CreateTierDto,
  SubscriptionsService,
} from './subscriptions.service.mts'

const createTier = z.object({
  creatorId: z.string().min(1),
  name: z.string().min(1),
  price: z.number().int().positive(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('EUR'),
})

const createSubscription = z.object({
  subscriberId: z.string().min(1),
  tierId: z.string().min(1),
  paymentMethodId: z.string().min(1).default('pm_card_visa'),
})

@Controller()
export class SubscriptionsController {
  readonly #subscriptions: SubscriptionsService

  constructor(subscriptions: SubscriptionsService) {
    this.#subscriptions = subscriptions
  }

  @Post('tiers')
  createTier(@Body(new ZodPipe(createTier)) dto: CreateTierDto) {
    return this.#subscriptions.createTier(dto)
  }

  @Post('subscriptions')
  create(@Body(new ZodPipe(createSubscription)) dto: CreateSubscriptionDto) {
    return this.#subscriptions.create(dto)
  }

  @Get('subscriptions')
  list(@Query('subscriberId') subscriberId?: string) {
    return this.#subscriptions.list(subscriberId)
  }

  @Get('subscriptions/:id')
  get(@Param('id') id: string) {
    return this.#subscriptions.get(id)
  }

  @Delete('subscriptions/:id')
  cancel(@Param('id') id: string) {
    return this.#subscriptions.cancel(id)
  }
}
