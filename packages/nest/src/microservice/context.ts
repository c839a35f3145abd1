/**
 * The `@Ctx()` of a microservice handler run by `SpoolTransport`: where the record came from, how
 * often it has been tried, and the CloudEvents envelope (catalog events) or the raw record (raw
 * topics).
 */
import { BaseRpcContext } from '@nestjs/microservices'
import type { EventContext, RawMessage } from '@spool/bus'
import type { EventEnvelope } from '@spool/catalog'

export type SpoolContextArgs = [
  context: EventContext,
  envelope: EventEnvelope | undefined,
  message: RawMessage | undefined,
]

/**
 * @example
 * ```ts
 * @EventPattern(PaymentCompleted.type)
 * async completed(@Payload() payment: PaymentData, @Ctx() ctx: SpoolContext) {
 *   this.log.log(`${ctx.getEventId()} from ${ctx.getTopic()}/${ctx.getPartition()}@${ctx.getOffset()}, attempt ${ctx.getAttempt()}`)
 * }
 * ```
 */
export class SpoolContext extends BaseRpcContext<SpoolContextArgs> {
  /** The topic the record was read from (a retry topic such as `orders.retry.1` on a later attempt). */
  getTopic(): string {
    return this.args[0].topic
  }

  /** The partition the record was read from. */
  getPartition(): number {
    return this.args[0].partition
  }

  /** The record's offset in its partition. */
  getOffset(): bigint {
    return this.args[0].offset
  }

  /** The Kafka key as text (the event's partition key for catalog events). */
  getKey(): string | undefined {
    return this.args[0].key
  }

  /** The record's headers as text (`ce_*` CloudEvents attributes included). */
  getHeaders(): Record<string, string> {
    return this.args[0].headers
  }

  /** The record's Kafka timestamp. */
  getTimestamp(): Date {
    return this.args[0].timestamp
  }

  /** 1 on the first try; counts in-process retries and retry topics. */
  getAttempt(): number {
    return this.args[0].attempt
  }

  /** The consumer group running the handler. */
  getGroup(): string {
    return this.args[0].group
  }

  /** Aborted when the transport stops and its drain deadline passes. */
  getSignal(): AbortSignal {
    return this.args[0].signal
  }

  /** The validated CloudEvents envelope; undefined for raw topics. */
  getEnvelope<T = unknown>(): EventEnvelope<T> | undefined {
    return this.args[1] as EventEnvelope<T> | undefined
  }

  /** The CloudEvents `id`; undefined for raw topics. */
  getEventId(): string | undefined {
    return this.args[1]?.id
  }

  /** The CloudEvents `type`; undefined for raw topics. */
  getEventType(): string | undefined {
    return this.args[1]?.type
  }

  /** The raw record (key, value, headers); undefined for catalog events. */
  getMessage(): RawMessage | undefined {
    return this.args[2]
  }

  /** The bus's own context object, as `@SpoolHandler` methods receive it. */
  getEventContext(): EventContext {
    return this.args[0]
  }
}

// Nest's exception filters replace a handler's error with `{ status, message }` before the
// transport sees it; SpoolErrorInterceptor keeps the original here so retries and dead letters
// carry the real error.
const failures = new WeakMap<SpoolContext, unknown>()

export function recordFailure(context: SpoolContext, error: unknown): void {
  failures.set(context, error)
}

export function takeFailure(context: SpoolContext): { error: unknown } | undefined {
  if (!failures.has(context)) return undefined
  const error = failures.get(context)
  failures.delete(context)
  return { error }
}
