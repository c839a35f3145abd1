/**
 * AddPartitionsToTxn (key 24), versions 0-5, flexible from 3.
 * v2 PRODUCER_FENCED; v4 batches several transactions with verifyOnly (broker-to-broker; clients
 * use v3 and below, whose fields carry the `v3AndBelow` prefix); v5 TRANSACTION_ABORTABLE.
 */
import { defineFields, defineMessage } from '../schema/types.ts'

const topicFields = defineFields([
  { name: 'name', type: 'string', versions: '0+' },
  { name: 'partitions', type: '[]int32', versions: '0+' },
])

export const AddPartitionsToTxnRequest = defineMessage({
  apiKey: 24,
  name: 'AddPartitionsToTxnRequest',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    {
      name: 'transactions',
      type: '[]struct',
      versions: '4+',
      fields: [
        { name: 'transactionalId', type: 'string', versions: '4+' },
        { name: 'producerId', type: 'int64', versions: '4+' },
        { name: 'producerEpoch', type: 'int16', versions: '4+' },
        { name: 'verifyOnly', type: 'bool', versions: '4+' },
        { name: 'topics', type: '[]struct', versions: '4+', fields: topicFields },
      ],
    },
    { name: 'v3AndBelowTransactionalId', type: 'string', versions: '0-3' },
    { name: 'v3AndBelowProducerId', type: 'int64', versions: '0-3' },
    { name: 'v3AndBelowProducerEpoch', type: 'int16', versions: '0-3' },
    { name: 'v3AndBelowTopics', type: '[]struct', versions: '0-3', fields: topicFields },
  ],
})

const topicResultFields = defineFields([
  { name: 'name', type: 'string', versions: '0+' },
  {
    name: 'resultsByPartition',
    type: '[]struct',
    versions: '0+',
    fields: [
      { name: 'partitionIndex', type: 'int32', versions: '0+' },
      { name: 'partitionErrorCode', type: 'int16', versions: '0+' },
    ],
  },
])

export const AddPartitionsToTxnResponse = defineMessage({
  apiKey: 24,
  name: 'AddPartitionsToTxnResponse',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '4+', ignorable: true },
    {
      name: 'resultsByTransaction',
      type: '[]struct',
      versions: '4+',
      fields: [
        { name: 'transactionalId', type: 'string', versions: '4+' },
        { name: 'topicResults', type: '[]struct', versions: '4+', fields: topicResultFields },
      ],
    },
    { name: 'resultsByTopicV3AndBelow', type: '[]struct', versions: '0-3', fields: topicResultFields },
  ],
})
