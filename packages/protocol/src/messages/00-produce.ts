/**
 * Produce (key 0), versions 3-13, flexible from 9.
 * Kafka 4 removed v0-2 (message formats 0/1) but still advertises v0 in ApiVersions because older
 * librdkafka turns compression off when Produce's minimum is above 0 (KAFKA-18659); such requests
 * are then rejected. v3 adds transactional id and record batch v2; v5 logStartOffset in the response;
 * v7 allows zstd; v8 per-record errors; v10 CurrentLeader/NodeEndpoints tagged fields; v11
 * TRANSACTION_ABORTABLE; v12 implicit AddPartitionsToTxn (transactions v2); v13 topic ids replace names.
 */
import { defineMessage } from '../schema/types.ts'
import { leaderIdAndEpochFields, nodeEndpointFields } from './common.ts'

export const ProduceRequest = defineMessage({
  apiKey: 0,
  name: 'ProduceRequest',
  validVersions: '3-13',
  flexibleVersions: '9+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    { name: 'acks', type: 'int16', versions: '0+' },
    { name: 'timeoutMs', type: 'int32', versions: '0+' },
    {
      name: 'topicData',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0-12', ignorable: true },
        { name: 'topicId', type: 'uuid', versions: '13+', ignorable: true },
        {
          name: 'partitionData',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'index', type: 'int32', versions: '0+' },
            { name: 'records', type: 'records', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
})

export const ProduceResponse = defineMessage({
  apiKey: 0,
  name: 'ProduceResponse',
  validVersions: '3-13',
  flexibleVersions: '9+',
  fields: [
    {
      name: 'responses',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0-12', ignorable: true },
        { name: 'topicId', type: 'uuid', versions: '13+', ignorable: true },
        {
          name: 'partitionResponses',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'index', type: 'int32', versions: '0+' },
            { name: 'errorCode', type: 'int16', versions: '0+' },
            { name: 'baseOffset', type: 'int64', versions: '0+' },
            { name: 'logAppendTimeMs', type: 'int64', versions: '2+', default: -1n, ignorable: true },
            { name: 'logStartOffset', type: 'int64', versions: '5+', default: -1n, ignorable: true },
            {
              name: 'recordErrors',
              type: '[]struct',
              versions: '8+',
              ignorable: true,
              fields: [
                { name: 'batchIndex', type: 'int32', versions: '8+' },
                {
                  name: 'batchIndexErrorMessage',
                  type: 'string',
                  versions: '8+',
                  nullableVersions: '8+',
                  default: null,
                },
              ],
            },
            {
              name: 'errorMessage',
              type: 'string',
              versions: '8+',
              nullableVersions: '8+',
              default: null,
              ignorable: true,
            },
            {
              name: 'currentLeader',
              type: 'struct',
              versions: '10+',
              taggedVersions: '10+',
              tag: 0,
              fields: leaderIdAndEpochFields('10+'),
            },
          ],
        },
      ],
    },
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'nodeEndpoints',
      type: '[]struct',
      versions: '10+',
      taggedVersions: '10+',
      tag: 0,
      fields: nodeEndpointFields('10+'),
    },
  ],
})
