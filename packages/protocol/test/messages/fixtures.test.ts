/**
 * Fixed byte fixtures: messages serialized by Apache Kafka 4.4's own Java classes
 * (fixtures/kafka-java.json), decoded and re-encoded by our schemas.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { ProduceResponse } from '../../src/messages/00-produce.ts'
import { FetchResponse } from '../../src/messages/01-fetch.ts'
import { MetadataRequest } from '../../src/messages/03-metadata.ts'
import { JoinGroupRequest } from '../../src/messages/11-join-group.ts'
import { ZERO_UUID } from '../../src/primitives/uuid.ts'
import { decodeMessage, encodeMessage } from '../../src/schema/codec.ts'
import type { MessageDef } from '../../src/schema/types.ts'

const java: Record<string, string> = JSON.parse(
  readFileSync(new URL('../fixtures/kafka-java.json', import.meta.url), 'utf8'),
).hex
const fixture = (name: string) => Buffer.from(java[name]!, 'hex')

function both(def: MessageDef, version: number, name: string, value: Record<string, unknown>) {
  const bytes = fixture(name)
  assert.deepStrictEqual(
    decodeMessage(def, version, bytes),
    decodeMessage(def, version, encodeMessage(def, version, value as never).toBuffer()),
  )
  assert.ok(
    encodeMessage(def, version, value as never)
      .toBuffer()
      .equals(bytes),
    `${name}: our bytes differ from Kafka's`,
  )
  return decodeMessage(def, version, bytes) as Record<string, any>
}

test('MetadataRequest v12 and v4 (null topics = all topics)', () => {
  const v12 = both(MetadataRequest, 12, 'metadata_req_v12', {
    topics: [{ topicId: ZERO_UUID, name: 'orders' }],
    allowAutoTopicCreation: true,
  })
  assert.equal(v12.topics[0].name, 'orders')
  const v4 = both(MetadataRequest, 4, 'metadata_req_v4', { topics: null, allowAutoTopicCreation: false })
  assert.equal(v4.topics, null)
})

test('ProduceResponse v10 with CurrentLeader and NodeEndpoints tagged fields', () => {
  const v = both(ProduceResponse, 10, 'produce_res_v10', {
    responses: [
      {
        name: 'orders',
        partitionResponses: [
          {
            index: 2,
            errorCode: 6,
            baseOffset: -1n,
            errorMessage: 'not leader',
            currentLeader: { leaderId: 3, leaderEpoch: 9 },
          },
        ],
      },
    ],
    throttleTimeMs: 5,
    nodeEndpoints: [{ nodeId: 3, host: 'b3', port: 9092, rack: 'r1' }],
  })
  assert.deepEqual(v.responses[0].partitionResponses[0].currentLeader, { leaderId: 3, leaderEpoch: 9 })
  assert.equal(v.nodeEndpoints[0].host, 'b3')
})

test('JoinGroupRequest v9 (flexible) and v0 (classic) from the same data', () => {
  const value = {
    groupId: 'g',
    sessionTimeoutMs: 45_000,
    rebalanceTimeoutMs: 300_000,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from([0, 1, 2]) }],
    reason: 'why',
  }
  both(JoinGroupRequest, 9, 'join_req_v9', value)
  const v0 = both(JoinGroupRequest, 0, 'join_req_v0', value)
  // v0 has no rebalance timeout on the wire: it decodes to the schema default.
  assert.equal(v0.rebalanceTimeoutMs, -1)
  assert.equal(v0.reason, null)
})

test('FetchResponse v16 (topic ids) and v11 (names) carrying a record batch', () => {
  const records = fixture('batch_none')
  const partition = {
    partitionIndex: 0,
    highWatermark: 45n,
    lastStableOffset: 45n,
    logStartOffset: 0n,
    abortedTransactions: null,
    records,
  }
  const v16 = both(FetchResponse, 16, 'fetch_res_v16', {
    sessionId: 77,
    responses: [{ topicId: '00000000-0000-0000-0000-000000000001', partitions: [partition] }],
  })
  assert.ok(v16.responses[0].partitions[0].records.equals(records))
  const v11 = both(FetchResponse, 11, 'fetch_res_v11', {
    sessionId: 77,
    responses: [{ topic: 'orders', partitions: [partition] }],
  })
  assert.equal(v11.responses[0].topic, 'orders')
})
