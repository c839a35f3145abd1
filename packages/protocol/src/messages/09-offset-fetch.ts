/**
 * OffsetFetch (key 9), versions 1-10, flexible from 6.
 * Kafka 4 removed v0. v2 null topics means "all topics" and adds a top-level error code; v3
 * throttle time; v5 committed leader epoch; v7 requireStable; v8 several groups per request (the
 * single-group fields move into `groups`); v9 member id/epoch for the consumer group protocol;
 * v10 topic ids replace names.
 */
import { defineMessage } from '../schema/types.ts'

export const OffsetFetchRequest = defineMessage({
  apiKey: 9,
  name: 'OffsetFetchRequest',
  validVersions: '1-10',
  flexibleVersions: '6+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0-7' },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0-7',
      nullableVersions: '2-7',
      fields: [
        { name: 'name', type: 'string', versions: '0-7' },
        { name: 'partitionIndexes', type: '[]int32', versions: '0-7' },
      ],
    },
    {
      name: 'groups',
      type: '[]struct',
      versions: '8+',
      fields: [
        { name: 'groupId', type: 'string', versions: '8+' },
        {
          name: 'memberId',
          type: 'string',
          versions: '9+',
          nullableVersions: '9+',
          default: null,
          ignorable: true,
        },
        { name: 'memberEpoch', type: 'int32', versions: '9+', default: -1, ignorable: true },
        {
          name: 'topics',
          type: '[]struct',
          versions: '8+',
          nullableVersions: '8+',
          fields: [
            { name: 'name', type: 'string', versions: '8-9', ignorable: true },
            { name: 'topicId', type: 'uuid', versions: '10+', ignorable: true },
            { name: 'partitionIndexes', type: '[]int32', versions: '8+' },
          ],
        },
      ],
    },
    { name: 'requireStable', type: 'bool', versions: '7+' },
  ],
})

const partitionFields = (versions: string, epochVersions: string) =>
  [
    { name: 'partitionIndex', type: 'int32', versions },
    { name: 'committedOffset', type: 'int64', versions },
    { name: 'committedLeaderEpoch', type: 'int32', versions: epochVersions, default: -1, ignorable: true },
    { name: 'metadata', type: 'string', versions, nullableVersions: versions },
    { name: 'errorCode', type: 'int16', versions },
  ] as const

export const OffsetFetchResponse = defineMessage({
  apiKey: 9,
  name: 'OffsetFetchResponse',
  validVersions: '1-10',
  flexibleVersions: '6+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'topics',
      type: '[]struct',
      versions: '0-7',
      fields: [
        { name: 'name', type: 'string', versions: '0-7' },
        { name: 'partitions', type: '[]struct', versions: '0-7', fields: partitionFields('0-7', '5-7') },
      ],
    },
    { name: 'errorCode', type: 'int16', versions: '2-7', ignorable: true },
    {
      name: 'groups',
      type: '[]struct',
      versions: '8+',
      fields: [
        { name: 'groupId', type: 'string', versions: '8+' },
        {
          name: 'topics',
          type: '[]struct',
          versions: '8+',
          fields: [
            { name: 'name', type: 'string', versions: '8-9', ignorable: true },
            { name: 'topicId', type: 'uuid', versions: '10+', ignorable: true },
            { name: 'partitions', type: '[]struct', versions: '8+', fields: partitionFields('8+', '8+') },
          ],
        },
        { name: 'errorCode', type: 'int16', versions: '8+' },
      ],
    },
  ],
})
