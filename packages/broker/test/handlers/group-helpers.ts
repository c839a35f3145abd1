/**
 * Calls a group handler the way the connection does, without a socket: the request is encoded for
 * its version and decoded (so the handler sees a real decoded body, every field present), and the
 * answer is encoded for that version with Kafka's strict rules, then decoded for the assertions.
 * The broker context is a stand-in holding a real coordinator on a manual clock and a small topic
 * registry.
 */
import type { TestContext } from 'node:test'
import {
  type ApiKey,
  type ApiKeys,
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  type RequestInput,
  type ResponseOf,
} from '@spool/protocol'
import { createManualClock, type ManualClock } from '../../src/group/clock.ts'
import { createGroupCoordinator } from '../../src/group/coordinator.ts'
import type { GroupCoordinatorInput } from '../../src/group/options.ts'
import type { GroupCoordinator } from '../../src/group/types.ts'
import { joinGroupHandler } from '../../src/handlers/11-join-group.ts'
import { syncGroupHandler } from '../../src/handlers/14-sync-group.ts'
import type { BrokerContext, ConnectionInfo, Handler } from '../../src/handlers/types.ts'

export interface FakeTopic {
  readonly name: string
  readonly id: string
  readonly partitions: number
}

export interface GroupBroker {
  readonly broker: BrokerContext
  readonly clock: ManualClock
  readonly groups: GroupCoordinator
}

export const TOPICS: readonly FakeTopic[] = [
  { name: 'orders', id: '11111111-2222-3333-4444-555555555555', partitions: 3 },
  { name: 'users', id: '66666666-7777-8888-9999-000000000000', partitions: 1 },
]

/** A broker context with a real coordinator (manual clock) and the given topics. */
export async function groupBroker(
  t: TestContext,
  options: GroupCoordinatorInput = {},
  topics: readonly FakeTopic[] = TOPICS,
): Promise<GroupBroker> {
  const clock = createManualClock()
  const groups = await createGroupCoordinator({ clock, groupMinSessionTimeout: 1_000, ...options })
  t.after(() => groups.close())
  const view = (tp: FakeTopic) => ({
    name: tp.name,
    id: tp.id,
    partitions: Array.from({ length: tp.partitions }, (_, index) => ({ index })),
  })
  const registry = {
    get: (name: string) => topics.find((x) => x.name === name) && view(topics.find((x) => x.name === name)!),
    byId: (id: string) => topics.find((x) => x.id === id) && view(topics.find((x) => x.id === id)!),
    partition: (name: string, index: number) => {
      const tp = topics.find((x) => x.name === name)
      return tp !== undefined && index >= 0 && index < tp.partitions ? { index } : undefined
    },
  }
  const broker = {
    nodeId: 7,
    clusterId: 'cluster',
    advertised: { host: '127.0.0.1', port: 19092 },
    groups,
    topics: registry,
    now: () => clock.now(),
  } as unknown as BrokerContext
  return { broker, clock, groups }
}

let correlation = 0

/** Sends `body` through `handler` at `version`; resolves with the decoded answer. */
export async function call<K extends ApiKey>(
  handler: Handler,
  broker: BrokerContext,
  version: number,
  body: RequestInput<K>,
  clientId = 'test-client',
): Promise<ResponseOf<K>> {
  const apiKey = handler.apiKey as K
  const correlationId = ++correlation
  const frame = encodeRequest({ apiKey, apiVersion: version, correlationId, clientId }, body).subarray(4)
  const decoded = decodeRequest(frame)
  const connection: ConnectionInfo = {
    id: 1,
    remoteAddress: '::ffff:127.0.0.1',
    clientId,
    principal: undefined,
    saslMechanism: undefined,
    state: new Map(),
  }
  const res = await handler.handle({
    request: decoded.body,
    header: decoded.header,
    version,
    connection,
    broker,
  })
  const out = encodeResponse(apiKey, version, correlationId, res as never, { strict: true }).subarray(4)
  return decodeResponse(apiKey, version, out).body
}

/** A group 'g' with one member that joined through JoinGroup v3 (generation 1, not yet synced). */
export async function joinedMember(t: TestContext) {
  const g = await groupBroker(t)
  const pending = call<typeof ApiKeys.JOIN_GROUP>(joinGroupHandler, g.broker, 3, {
    groupId: 'g',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 20_000,
    memberId: '',
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
  })
  g.clock.advance(0)
  const res = await pending
  return { ...g, memberId: res.memberId, generationId: res.generationId }
}

/** A Stable group 'g' with one static member 'pod-1' (metadata 'sub', assignment 'asg'). */
export async function stableGroup(t: TestContext) {
  const g = await groupBroker(t)
  const pending = call<typeof ApiKeys.JOIN_GROUP>(joinGroupHandler, g.broker, 5, {
    groupId: 'g',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 20_000,
    memberId: '',
    groupInstanceId: 'pod-1',
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from('sub') }],
  })
  g.clock.advance(0)
  const joined = await pending
  await call<typeof ApiKeys.SYNC_GROUP>(syncGroupHandler, g.broker, 3, {
    groupId: 'g',
    generationId: joined.generationId,
    memberId: joined.memberId,
    groupInstanceId: 'pod-1',
    assignments: [{ memberId: joined.memberId, assignment: Buffer.from('asg') }],
  })
  return { ...g, memberId: joined.memberId }
}
