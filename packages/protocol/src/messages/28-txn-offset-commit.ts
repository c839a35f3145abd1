/**
 * TxnOffsetCommit (key 28), versions 0-6, flexible from 3.
 * v2 committed leader epoch; v3 member id, group instance id and generation (or member epoch);
 * v4 TRANSACTION_ABORTABLE; v5 implicit AddOffsetsToTxn under transactions v2 (KIP-890);
 * v6 topic ids replace names.
 */
import { defineMessage } from '../schema/types.ts'

export const TxnOffsetCommitRequest = defineMessage({
  apiKey: 28,
  name: 'TxnOffsetCommitRequest',
  validVersions: '0-6',
  flexibleVersions: '3+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+' },
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+' },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
    { name: 'generationIdOrMemberEpoch', type: 'int32', versions: '3+', default: -1 },
    { name: 'memberId', type: 'string', versions: '3+' },
    { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0-5', ignorable: true },
        { name: 'topicId', type: 'uuid', versions: '6+', ignorable: true },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'committedOffset', type: 'int64', versions: '0+' },
            { name: 'committedLeaderEpoch', type: 'int32', versions: '2+', default: -1, ignorable: true },
            { name: 'committedMetadata', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
})

export const TxnOffsetCommitResponse = defineMessage({
  apiKey: 28,
  name: 'TxnOffsetCommitResponse',
  validVersions: '0-6',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0-5', ignorable: true },
        { name: 'topicId', type: 'uuid', versions: '6+', ignorable: true },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
          ],
        },
      ],
    },
  ],
})
