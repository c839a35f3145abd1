/**
 * OffsetCommit (key 8), versions 2-10, flexible from 8.
 * Kafka 4 removed v0-1. v2-4 carry a retention time (dropped in v5: broker config only); v3 throttle
 * time; v6 committed leader epoch; v7 static membership; v9 usable with the consumer group protocol
 * (KIP-848: generation id doubles as member epoch); v10 topic ids replace names.
 */
import { defineMessage } from '../schema/types.ts'

export const OffsetCommitRequest = defineMessage({
  apiKey: 8,
  name: 'OffsetCommitRequest',
  validVersions: '2-10',
  flexibleVersions: '8+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationIdOrMemberEpoch', type: 'int32', versions: '1+', default: -1, ignorable: true },
    { name: 'memberId', type: 'string', versions: '1+', ignorable: true },
    { name: 'groupInstanceId', type: 'string', versions: '7+', nullableVersions: '7+', default: null },
    { name: 'retentionTimeMs', type: 'int64', versions: '2-4', default: -1n, ignorable: true },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0-9', ignorable: true },
        { name: 'topicId', type: 'uuid', versions: '10+', ignorable: true },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'committedOffset', type: 'int64', versions: '0+' },
            { name: 'committedLeaderEpoch', type: 'int32', versions: '6+', default: -1, ignorable: true },
            { name: 'committedMetadata', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
})

export const OffsetCommitResponse = defineMessage({
  apiKey: 8,
  name: 'OffsetCommitResponse',
  validVersions: '2-10',
  flexibleVersions: '8+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0-9', ignorable: true },
        { name: 'topicId', type: 'uuid', versions: '10+', ignorable: true },
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
