/**
 * InitProducerId (key 22), versions 0-6, flexible from 2. Kafka 4.x marks v6 unstable and
 * advertises up to v5.
 * v3 lets a producer pass its current id/epoch to recover from INVALID_PRODUCER_EPOCH; v4
 * PRODUCER_FENCED; v5 TRANSACTION_ABORTABLE; v6 two-phase commit (KIP-939).
 */
import { defineMessage } from '../schema/types.ts'

export const InitProducerIdRequest = defineMessage({
  apiKey: 22,
  name: 'InitProducerIdRequest',
  validVersions: '0-6',
  flexibleVersions: '2+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'transactionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '3+', default: -1n },
    { name: 'producerEpoch', type: 'int16', versions: '3+', default: -1 },
    { name: 'enable2Pc', type: 'bool', versions: '6+' },
    { name: 'keepPreparedTxn', type: 'bool', versions: '6+' },
  ],
})

export const InitProducerIdResponse = defineMessage({
  apiKey: 22,
  name: 'InitProducerIdResponse',
  validVersions: '0-6',
  flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+', default: -1n },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
    { name: 'ongoingTxnProducerId', type: 'int64', versions: '6+', default: -1n },
    { name: 'ongoingTxnProducerEpoch', type: 'int16', versions: '6+', default: -1 },
  ],
})
