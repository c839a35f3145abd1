/**
 * What every admin operation shares: the client, a deadline per call (an admin call against an
 * unreachable cluster must fail in bounded time, not after the client's full retry schedule), and
 * the translation of Kafka's error names into the admin errors.
 */
import type { BusOptions } from '../config/options.ts'
import { KafkaRequestError, TimeoutError } from '../errors.ts'
import { type KafkaAdmin, kafkaErrorName, kafkaFailure } from '../kafka/adapter.ts'
import { ConflictError, InvalidArgumentError, NotFoundError } from './errors.ts'

export interface AdminContext {
  readonly options: Readonly<BusOptions>
  readonly client: KafkaAdmin
  /** Deadline of one operation, ms. */
  readonly timeout: number
}

/**
 * Runs `fn` within the context's deadline. A cluster that cannot be reached is a
 * NotConnectedError (SPOOL_ERR_KAFKA_UNAVAILABLE), any other failure of the client a
 * KafkaRequestError (its `cause` the client's error, which `translate` reads), never the client's
 * own error.
 */
export async function bounded<T>(ctx: AdminContext, what: string, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const pending = fn()
  pending.catch(() => {})
  try {
    return await Promise.race([
      pending,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new TimeoutError(`${what} did not finish within ${ctx.timeout} ms (is Kafka reachable?)`)),
          ctx.timeout,
        )
      }),
    ])
  } catch (error) {
    throw kafkaFailure(error, what, ctx.options.brokers)
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Rethrows a client error as NotFound / Conflict / InvalidArgument when Kafka's error says so, and
 * any other as a Spool error (see `bounded`).
 */
export function translate(
  error: unknown,
  subject: { topic?: string; group?: string },
  ctx: AdminContext,
): never {
  const raw = error instanceof KafkaRequestError ? error.cause : error
  const name = kafkaErrorName(raw)
  const message = (raw as Error)?.message ?? String(raw)
  if (
    name === 'UNKNOWN_TOPIC_OR_PARTITION' ||
    name === 'UNKNOWN_TOPIC_ID' ||
    /^Unknown topic/.test(message)
  ) {
    throw new NotFoundError('topic', subject.topic ?? '?', undefined, { cause: raw })
  }
  if (name === 'GROUP_ID_NOT_FOUND')
    throw new NotFoundError('group', subject.group ?? '?', undefined, { cause: raw })
  if (name === 'TOPIC_ALREADY_EXISTS') {
    throw new ConflictError(`topic "${subject.topic}" already exists`, { cause: raw })
  }
  if (name === 'NON_EMPTY_GROUP' || name === 'UNKNOWN_MEMBER_ID' || name === 'REBALANCE_IN_PROGRESS') {
    throw new ConflictError(`group "${subject.group}" has active members; stop its consumers first`, {
      cause: raw,
    })
  }
  if (name === 'INVALID_TOPIC_EXCEPTION') {
    throw new InvalidArgumentError('name', `"${subject.topic}" is not a valid topic name`, { cause: raw })
  }
  if (name === 'INVALID_PARTITIONS') {
    throw new InvalidArgumentError('partitions', `invalid partition count: ${message}`, { cause: raw })
  }
  if (name === 'INVALID_REPLICATION_FACTOR') {
    throw new InvalidArgumentError(
      'replicationFactor',
      'replication factor is larger than the number of brokers (or invalid)',
      { cause: raw },
    )
  }
  if (name === 'INVALID_CONFIG' || name === 'INVALID_REQUEST') {
    throw new InvalidArgumentError('configs', `Kafka refused the request (${name})`, { cause: raw })
  }
  throw kafkaFailure(
    error,
    subject.topic ? `the operation on "${subject.topic}"` : 'the operation',
    ctx.options.brokers,
  )
}

/** A non-negative 64-bit offset from a string, number or bigint. */
export function parseOffset(value: unknown, property: string): bigint {
  const text = typeof value === 'bigint' ? String(value) : typeof value === 'number' ? String(value) : value
  if (typeof text !== 'string' || !/^\d{1,19}$/.test(text)) {
    throw new InvalidArgumentError(
      property,
      `${property} must be a non-negative integer offset, got ${JSON.stringify(String(value))}`,
    )
  }
  const offset = BigInt(text)
  if (offset > 9_223_372_036_854_775_807n)
    throw new InvalidArgumentError(property, `${property} is out of range`)
  return offset
}

/** Milliseconds since the epoch from a number or an ISO date. */
export function parseTimestamp(value: unknown, property: string): number {
  const ms =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : typeof value === 'string'
          ? Date.parse(value)
          : Number.NaN
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new InvalidArgumentError(
      property,
      `${property} must be milliseconds since the epoch or an ISO date, got ${JSON.stringify(value)}`,
    )
  }
  return ms
}

export const maxBigInt = (a: bigint, b: bigint): bigint => (a > b ? a : b)
export const minBigInt = (a: bigint, b: bigint): bigint => (a < b ? a : b)
