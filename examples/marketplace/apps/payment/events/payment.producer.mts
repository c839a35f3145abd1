/**
 * The payment service's events, published with Nest's `ClientProxy` API as seed 002 does
 * (`client.emit(PAYMENT_EVENTS.PAYMENT_COMPLETED, event)`): SpoolClient validates the data against
 * the catalog and resolves once Kafka acknowledged it.
 */
import { Injectable } from '@nestjs/common'
import { SpoolClient } from '@spool/nest'
import { lastValueFrom } from 'rxjs'
import type { EventPayload } from '../../../libs/common/events.client.mts'
import { PAYMENT_EVENTS } from '../../../libs/common/kafka.events.ts'

@Injectable()
export class PaymentProducer {
  readonly #client: SpoolClient

  constructor(client: SpoolClient) {
    this.#client = client
  }

  emitPaymentCompleted(event: EventPayload<typeof PAYMENT_EVENTS.PAYMENT_COMPLETED>) {
    return lastValueFrom(this.#client.emit(PAYMENT_EVENTS.PAYMENT_COMPLETED, event))
  }

  emitPaymentFailed(event: EventPayload<typeof PAYMENT_EVENTS.PAYMENT_FAILED>) {
    return lastValueFrom(this.#client.emit(PAYMENT_EVENTS.PAYMENT_FAILED, event))
  }

  emitTipSent(event: EventPayload<typeof PAYMENT_EVENTS.TIP_SENT>) {
    return lastValueFrom(this.#client.emit(PAYMENT_EVENTS.TIP_SENT, event))
  }

  emitPostPurchased(event: EventPayload<typeof PAYMENT_EVENTS.POST_PURCHASED>) {
    return lastValueFrom(this.#client.emit(PAYMENT_EVENTS.POST_PURCHASED, event))
  }
}
