/**
 * Consumer groups: GET /api/kafka/groups, GET /api/kafka/groups/:group (members, assignments,
 * committed offsets and lag per partition), POST /api/kafka/groups/:group/reset.
 */
import type { Admin, ResetTarget } from '@spool/bus'
import type { FastifyInstance } from 'fastify'
import { offsetString, ok, open, responses } from '../http/envelope.ts'

const groupParams = {
  type: 'object',
  required: ['group'],
  properties: { group: { type: 'string', minLength: 1, maxLength: 255 } },
} as const

const groupSummary = open({
  id: { type: 'string' },
  state: { type: 'string', description: 'Stable, Empty, PreparingRebalance, CompletingRebalance, Dead' },
  protocolType: { type: 'string' },
})

const groupDescription = open({
  ...groupSummary.properties,
  protocol: { type: 'string', description: 'Assignor, e.g. roundrobin' },
  totalLag: offsetString,
  members: {
    type: 'array',
    items: open({
      memberId: { type: 'string' },
      clientId: { type: 'string' },
      clientHost: { type: 'string' },
      subscription: { type: 'array', items: { type: 'string' } },
      assignment: {
        type: 'array',
        items: open({ topic: { type: 'string' }, partitions: { type: 'array', items: { type: 'integer' } } }),
      },
    }),
  },
  offsets: {
    type: 'array',
    items: open({
      topic: { type: 'string' },
      partition: { type: 'integer' },
      committed: { type: ['string', 'null'] },
      latest: offsetString,
      lag: { type: ['string', 'null'] },
      memberId: { type: ['string', 'null'] },
    }),
  },
})

interface ResetBody {
  topic: string
  to: ResetTarget['to']
  timestamp?: string | number
  offset?: string
  partitions?: number[]
}

export function groupRoutes(app: FastifyInstance, admin: Admin): void {
  app.get<{ Querystring: { internal?: boolean } }>(
    '/api/kafka/groups',
    {
      schema: {
        tags: ['groups'],
        summary: 'List consumer groups',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            internal: {
              type: 'boolean',
              default: false,
              description: "Include Spool's short-lived reader groups",
            },
          },
        },
        response: responses(200, open({ groups: { type: 'array', items: groupSummary } }), [400, 504]),
      },
    },
    async (request) => ok({ groups: await admin.listGroups({ includeInternal: request.query.internal }) }),
  )

  app.get<{ Params: { group: string } }>(
    '/api/kafka/groups/:group',
    {
      schema: {
        tags: ['groups'],
        summary: 'Describe a group: members, assignments, committed offsets, lag per partition',
        params: groupParams,
        response: responses(200, groupDescription, [400, 404, 504]),
      },
    },
    async (request) => ok(await admin.describeGroup(request.params.group)),
  )

  app.post<{ Params: { group: string }; Body: ResetBody }>(
    '/api/kafka/groups/:group/reset',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['groups'],
        summary: "Reset a group's committed offsets on a topic",
        description: 'The group must be Empty (no running consumers): 409 otherwise.',
        params: groupParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['topic', 'to'],
          properties: {
            topic: { type: 'string', minLength: 1, maxLength: 249 },
            to: { type: 'string', enum: ['earliest', 'latest', 'timestamp', 'offset'] },
            timestamp: {
              type: ['string', 'integer'],
              description: "With to: 'timestamp': ms since epoch or ISO date",
            },
            offset: { type: 'string', pattern: '^\\d{1,19}$', description: "With to: 'offset'" },
            partitions: { type: 'array', items: { type: 'integer', minimum: 0 }, maxItems: 10_000 },
          },
        },
        response: responses(
          200,
          open({
            group: { type: 'string' },
            topic: { type: 'string' },
            partitions: {
              type: 'array',
              items: open({
                partition: { type: 'integer' },
                previous: { type: ['string', 'null'] },
                offset: offsetString,
              }),
            },
          }),
          [400, 404, 409, 504],
        ),
      },
    },
    async (request) => {
      const { topic, to, timestamp, offset, partitions } = request.body
      const target = { to, timestamp, offset } as ResetTarget
      const result = await admin.resetOffsets(request.params.group, topic, target, { partitions })
      request.log.info({ group: request.params.group, topic, to }, 'offsets reset')
      return ok(result)
    },
  )
}
