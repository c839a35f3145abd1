import { Injectable } from '@nestjs/common'

/** Which handler saw which order, for GET /orders/seen. */
@Injectable()
export class Seen {
  readonly byHandler: Record<'spoolHandler' | 'eventPattern', string[]> = {
    spoolHandler: [],
    eventPattern: [],
  }

  record(handler: keyof Seen['byHandler'], orderId: string): void {
    this.byHandler[handler].push(orderId)
  }
}
