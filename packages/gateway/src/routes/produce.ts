/**
 * Raw records: POST /api/kafka/topics/:topic/messages writes one record (key, value, headers,
 * optional partition) to an existing topic, outside the catalog: no schema, no CloudEvent
 * envelope. The console's "raw record" mode uses it. Unlike the bus's sendMessage it never
 * creates a topic: an unknown topic is a 404, so a typo does not leave a stray topic behind.
 */
import { type Admin, type Bus, InvalidArgumentError } from '@spool/bus'
import type { FastifyInstance } from 'fastify'
import { ok, responses, success } from '../http/envelope.ts'
import type { RateLimitOptions } from '../options.ts'

export interface RawRecordBody {
  key?: string | null
  value: unknown
  headers?: Record<string, string>
  partition?: number
}

const MAX_HEADERS = 64
const MAX_PARTITION = 2_147_483_647 // Kafka partitions are int32

const params = {
  type: 'object',
  required: ['topic'],
  properties: { topic: { type: 'string', minLength: 1, maxLength: 249 } },
} as const

const body = {
  type: 'object',
  additionalProperties: false,
  required: ['value'],
  properties: {
    key: {
      type: ['string', 'null'],
      description: 'Kafka key as UTF-8 text; null or absent for none (the partitioner then spreads records)',
    },
    value: {
      description:
        'A string is sent as its UTF-8 text; any other JSON (object, array, number, boolean) as its JSON text; null is a tombstone (no value)',
    },
    headers: {
      type: 'object',
      description: `Record headers: names of 1-256 characters, string values, at most ${MAX_HEADERS}`,
      maxProperties: MAX_HEADERS,
      propertyNames: { minLength: 1, maxLength: 256 },
      additionalProperties: { type: 'string' },
    },
    partition: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_PARTITION,
      description:
        "A partition of the topic; default: by key (Java's partitioner), or any when there is no key",
    },
  },
  examples: [
    {
      key: 'order-42',
      value: { orderId: 'order-42', total: 12.5 },
      headers: { source: 'console' },
    },
  ],
} as const

const produced = {
  type: 'object',
  properties: {
    topic: { type: 'string' },
    partition: { type: ['integer', 'null'], description: 'null while the record waits in the offline spool' },
    offset: {
      type: ['string', 'null'],
      description: '64-bit offset as a decimal string; null while spooled',
    },
    spooled: { type: 'boolean', description: 'Kafka went away meanwhile: kept in the offline spool' },
  },
  required: ['topic', 'partition', 'offset', 'spooled'],
} as const

export function produceRoutes(
  app: FastifyInstance,
  bus: Bus,
  admin: Admin,
  rateLimit: false | RateLimitOptions,
): void {
  app.post<{ Params: { topic: string }; Body: RawRecordBody }>(
    '/api/kafka/topics/:topic/messages',
    {
      config: {
        role: 'publish',
        ...(rateLimit ? { rateLimit: { max: rateLimit.max, timeWindow: rateLimit.timeWindow } } : {}),
      },
      schema: {
        tags: ['topics'],
        summary: 'Produce a raw record to a topic',
        description:
          'Writes one record with key, value and headers, outside the catalog (no validation, no envelope). ' +
          '201 with its partition and offset once Kafka acknowledged it. The topic must exist (404 otherwise); ' +
          'a `partition` it does not have is a 400.',
        params,
        body,
        response: {
          ...responses(201, produced, [400, 404, 413, 415, 429, 502, 503, 504]),
          202: success(produced, 'Kafka became unreachable: the offline spool holds the record'),
        },
      },
    },
    async (request, reply) => {
      const { topic } = request.params
      const { key, value, headers, partition } = request.body
      const count = await admin.partitionCount(topic)
      if (partition !== undefined && partition >= count) {
        throw new InvalidArgumentError(
          'partition',
          `partition ${partition} does not exist: "${topic}" has partitions 0 to ${count - 1}`,
        )
      }
      const receipt = await bus.sendMessage({
        topic,
        key: key ?? undefined,
        value: value === null || typeof value === 'string' ? value : JSON.stringify(value),
        headers,
        partition,
      })
      reply.code(receipt.spooled ? 202 : 201)
      return ok({
        topic,
        partition: receipt.partition ?? null,
        offset: receipt.offset === undefined ? null : String(receipt.offset),
        spooled: receipt.spooled,
      })
    },
  )
}
