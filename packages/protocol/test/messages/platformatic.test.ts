/**
 * Cross-checks against an independent implementation: @platformatic/kafka's own request encoders,
 * response parsers and record-batch code must agree with ours byte for byte or value for value.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  apiVersionsV4,
  createRecordsBatch,
  heartbeatV4,
  metadataV12,
  Reader as PlatformaticReader,
  readRecordsBatch,
} from '@platformatic/kafka'
import { MetadataRequest, MetadataResponse } from '../../src/messages/03-metadata.ts'
import { HeartbeatRequest } from '../../src/messages/12-heartbeat.ts'
import { ApiVersionsRequest, ApiVersionsResponse } from '../../src/messages/18-api-versions.ts'
import { decodeRecords, encodeBatch, validateBatch } from '../../src/records/batch.ts'
import { encodeMessage } from '../../src/schema/codec.ts'
import { advertisedApiVersions } from '../../src/versions.ts'

const ours = (def: Parameters<typeof encodeMessage>[0], v: number, value: object) =>
  encodeMessage(def, v, value as never).toBuffer()

test('requests: the same bytes as @platformatic/kafka', () => {
  assert.ok(
    apiVersionsV4
      .createRequest('spool', '1.0')
      .buffer.equals(
        ours(ApiVersionsRequest, 4, { clientSoftwareName: 'spool', clientSoftwareVersion: '1.0' }),
      ),
  )
  assert.ok(
    metadataV12.createRequest(['orders', 'payments'], true, false).buffer.equals(
      ours(MetadataRequest, 12, {
        topics: [{ name: 'orders' }, { name: 'payments' }],
        allowAutoTopicCreation: true,
      }),
    ),
  )
  assert.ok(
    heartbeatV4
      .createRequest('group', 3, 'member-1', null)
      .buffer.equals(ours(HeartbeatRequest, 4, { groupId: 'group', generationId: 3, memberId: 'member-1' })),
  )
})

test('responses we encode are parsed by @platformatic/kafka', () => {
  const apiKeys = advertisedApiVersions()
  const av = apiVersionsV4.parseResponse(
    1,
    18,
    4,
    PlatformaticReader.from(ours(ApiVersionsResponse, 4, { apiKeys, throttleTimeMs: 0 })),
  )
  assert.equal(av.apiKeys.length, apiKeys.length)
  assert.deepEqual(
    av.apiKeys.find((k: { apiKey: number }) => k.apiKey === 1),
    { apiKey: 1, name: 'Fetch', minVersion: 4, maxVersion: 18 },
  )
  const md = metadataV12.parseResponse(
    1,
    3,
    12,
    PlatformaticReader.from(
      ours(MetadataResponse, 12, {
        brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: null }],
        clusterId: 'spool',
        controllerId: 1,
        topics: [
          {
            name: 'orders',
            topicId: '0123abcd-4567-89ef-0123-456789abcdef',
            partitions: [
              { partitionIndex: 0, leaderId: 1, leaderEpoch: 0, replicaNodes: [1], isrNodes: [1] },
            ],
          },
        ],
      }),
    ),
  )
  assert.equal(md.clusterId, 'spool')
  assert.equal(md.brokers[0].host, '127.0.0.1')
  assert.equal(md.topics[0].name, 'orders')
  assert.equal(md.topics[0].topicId, '0123abcd-4567-89ef-0123-456789abcdef')
  assert.deepEqual(md.topics[0].partitions[0].isrNodes, [1])
})

test('record batches: theirs decode with ours and ours with theirs, for every codec', () => {
  for (const compression of ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const) {
    const theirs = createRecordsBatch(
      [
        {
          topic: 't',
          key: Buffer.from('k1'),
          value: Buffer.from('v1'),
          timestamp: 1700000000000n,
          headers: new Map([[Buffer.from('h'), Buffer.from('x')]]),
        },
        { topic: 't', value: Buffer.from('v2'), timestamp: 1700000000001n },
      ],
      { compression },
    ).buffer
    validateBatch(theirs)
    const { records } = decodeRecords(theirs)
    assert.deepEqual(
      records.map((r) => [r.key?.toString() ?? null, r.value?.toString(), r.headers.map((h) => h.key)]),
      [
        ['k1', 'v1', ['h']],
        [null, 'v2', []],
      ],
      compression,
    )

    const mine = encodeBatch({
      compression,
      baseOffset: 10n,
      records: [
        { key: 'a', value: 'b', timestamp: 5, headers: [{ key: 'h', value: 'x' }] },
        { value: 'c', timestamp: 6 },
      ],
    })
    const parsed = readRecordsBatch(PlatformaticReader.from(mine))
    assert.equal(parsed.firstOffset, 10n)
    assert.equal(parsed.maxTimestamp, 6n)
    assert.deepEqual(
      parsed.records.map((r: { value: Buffer | null }) => r.value?.toString()),
      ['b', 'c'],
      compression,
    )
  }
})
