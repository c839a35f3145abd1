/**
 * ListOffsets (key 2), versions 1-11, flexible from 6.
 * Kafka 4 removed v0 (several offsets per partition). v2 isolation level; v4 current leader epoch
 * and leader epoch in the response; v7 max-timestamp lookup (-3); v8 local log start (-4); v9 last
 * tiered offset (-5); v10 a timeout for remote lookups; v11 earliest pending upload (-6).
 * Special timestamps: -1 latest, -2 earliest.
 */
import { defineMessage } from '../schema/types.ts'

export const ListOffsetsRequest = defineMessage({
  apiKey: 2,
  name: 'ListOffsetsRequest',
  validVersions: '1-11',
  flexibleVersions: '6+',
  fields: [
    { name: 'replicaId', type: 'int32', versions: '0+' },
    { name: 'isolationLevel', type: 'int8', versions: '2+' },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'currentLeaderEpoch', type: 'int32', versions: '4+', default: -1, ignorable: true },
            { name: 'timestamp', type: 'int64', versions: '0+' },
          ],
        },
      ],
    },
    { name: 'timeoutMs', type: 'int32', versions: '10+', ignorable: true },
  ],
})

export const ListOffsetsResponse = defineMessage({
  apiKey: 2,
  name: 'ListOffsetsResponse',
  validVersions: '1-11',
  flexibleVersions: '6+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        {
          name: 'partitions',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'partitionIndex', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'timestamp', type: 'int64', versions: '1+', default: -1n },
            { name: 'offset', type: 'int64', versions: '1+', default: -1n },
            { name: 'leaderEpoch', type: 'int32', versions: '4+', default: -1 },
          ],
        },
      ],
    },
  ],
})
