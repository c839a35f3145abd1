/**
 * OffsetForLeaderEpoch (key 23), versions 2-4, flexible from 4.
 * Kafka 4 removed v0-1. v2 current leader epoch (fencing) and throttle time; v3 replica id (-1 for
 * consumers, -2 for a debug consumer allowed past the high watermark). Consumers use it to detect
 * log truncation after a leader change.
 */
import { defineMessage } from '../schema/types.ts'

export const OffsetForLeaderEpochRequest = defineMessage({
  apiKey: 23,
  name: 'OffsetForLeaderEpochRequest',
  validVersions: '2-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'replicaId', type: 'int32', versions: '3+', default: -2, ignorable: true },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partition', type: 'int32', versions: '0+' },
            { name: 'currentLeaderEpoch', type: 'int32', versions: '2+', default: -1, ignorable: true },
            { name: 'leaderEpoch', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
})

export const OffsetForLeaderEpochResponse = defineMessage({
  apiKey: 23,
  name: 'OffsetForLeaderEpochResponse',
  validVersions: '2-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'topic', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'partition', type: 'int32', versions: '0+' },
            { name: 'leaderEpoch', type: 'int32', versions: '1+', default: -1, ignorable: true },
            { name: 'endOffset', type: 'int64', versions: '0+', default: -1n },
          ],
        },
      ],
    },
  ],
})
