/**
 * A stand-in for the card processor (Stripe, Adyen, …), with Stripe's test payment methods:
 * `pm_card_visa` is charged, `pm_card_chargeDeclined` is declined.
 */
export class CardDeclinedError extends Error {
  readonly code = 'card_declined'
}

export class CardProcessor {
  /** Charges `amount` cents; throws CardDeclinedError for a declined card. */
  async charge(paymentMethodId: string, amount: number, currency: string): Promise<{ chargeId: string }> {
    if (paymentMethodId === 'pm_card_chargeDeclined') {
      throw new CardDeclinedError(`Your card was declined (${amount} ${currency})`)
    }
    return { chargeId: `ch_${crypto.randomUUID()}` }
  }
}
