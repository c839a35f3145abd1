import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes, ZERO_UUID } from '@spool/protocol'
import { broker, wire } from '../helpers/wire.ts'

const DENIED = ErrorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED

// Covers handlers/24-add-partitions-to-txn.ts, 25-add-offsets-to-txn.ts, 26-end-txn.ts, 28-txn-offset-commit.ts.
describe('transaction APIs', () => {
  it('answer TRANSACTIONAL_ID_AUTHORIZATION_FAILED where each API reports errors, keeping the connection', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    const add = await c.request(ApiKeys.ADD_PARTITIONS_TO_TXN, 3, {
      v3AndBelowTransactionalId: 'tx',
      v3AndBelowProducerId: 1n,
      v3AndBelowProducerEpoch: 0,
      v3AndBelowTopics: [{ name: 't', partitions: [0, 1] }],
    })
    assert.deepEqual(
      add.resultsByTopicV3AndBelow[0]!.resultsByPartition.map((p) => p.partitionErrorCode),
      [DENIED, DENIED],
    )
    const add5 = await c.request(ApiKeys.ADD_PARTITIONS_TO_TXN, 5, {
      transactions: [
        {
          transactionalId: 'tx',
          producerId: 1n,
          producerEpoch: 0,
          verifyOnly: true,
          topics: [{ name: 't', partitions: [0] }],
        },
      ],
    })
    assert.equal(
      add5.resultsByTransaction[0]!.topicResults[0]!.resultsByPartition[0]!.partitionErrorCode,
      DENIED,
    )
    const offsets = await c.request(ApiKeys.ADD_OFFSETS_TO_TXN, 4, {
      transactionalId: 'tx',
      producerId: 1n,
      producerEpoch: 0,
      groupId: 'g',
    })
    assert.equal(offsets.errorCode, DENIED)
    const end = await c.request(ApiKeys.END_TXN, 5, {
      transactionalId: 'tx',
      producerId: 1n,
      producerEpoch: 0,
      committed: true,
    })
    assert.equal(end.errorCode, DENIED)
    const commit = await c.request(ApiKeys.TXN_OFFSET_COMMIT, 6, {
      transactionalId: 'tx',
      groupId: 'g',
      producerId: 1n,
      producerEpoch: 0,
      memberId: '',
      topics: [
        {
          topicId: ZERO_UUID,
          partitions: [{ partitionIndex: 0, committedOffset: 1n, committedMetadata: null }],
        },
      ],
    })
    assert.equal(commit.topics[0]!.partitions[0]!.errorCode, DENIED)
    assert.equal(c.closed, false)
  })
})
