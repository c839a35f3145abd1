/**
 * Flag value parsers. Each throws commander's InvalidArgumentError, which the program reports as a
 * usage error (exit 2) naming the flag.
 */
import { InvalidArgumentError } from 'commander'

/** A TCP port, 0 for any. */
export const port = (v: string): number => {
  const n = Number(v)
  if (!/^\d+$/.test(v) || n > 65_535) throw new InvalidArgumentError('expected a port number (0-65535)')
  return n
}

/** A parser of integers >= 1. */
export const positiveInt =
  (flag: string) =>
  (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v)))
      throw new InvalidArgumentError(`${flag} must be a positive integer`)
    return Number(v)
  }

/** A parser of integers >= 0. */
export const nonNegativeInt =
  (flag: string) =>
  (v: string): number => {
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)))
      throw new InvalidArgumentError(`${flag} must be a non-negative integer`)
    return Number(v)
  }

/** A replication factor: a positive integer, or -1 for the broker's default. */
export const replicationFactor = (v: string): number => {
  if (v === '-1') return -1
  return positiveInt('--replication-factor')(v)
}

/** A Kafka offset (64-bit), kept as a decimal string. */
export const offset = (v: string): string => {
  if (!/^\d{1,19}$/.test(v) || BigInt(v) > 9_223_372_036_854_775_807n)
    throw new InvalidArgumentError('expected a non-negative offset')
  return v
}

/** A point in time: an ISO 8601 date or milliseconds since the epoch; returned as ms. */
export const datetime = (v: string): number => {
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v)
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new InvalidArgumentError('expected an ISO 8601 date (2026-01-31T12:00:00Z) or epoch milliseconds')
  return ms
}

/** `partition:offset`, as a dead letter is named. */
export const partitionOffset = (v: string, previous: Array<{ partition: number; offset: string }> = []) => {
  const m = /^(\d+):(\d{1,19})$/.exec(v)
  if (!m) throw new InvalidArgumentError('expected partition:offset, e.g. 0:42')
  return [...previous, { partition: Number(m[1]), offset: m[2]! }]
}

/** A repeatable partition number. */
export const partitions = (v: string, previous: number[] = []): number[] => [
  ...previous,
  nonNegativeInt('--partition')(v),
]
