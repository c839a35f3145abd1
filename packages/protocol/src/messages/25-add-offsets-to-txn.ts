/**
 * AddOffsetsToTxn (key 25), versions 0-4, flexible from 3.
 * v2 PRODUCER_FENCED; v4 TRANSACTION_ABORTABLE.
 */
import { defineMessage } from '../schema/types.ts'

export const AddOffsetsToTxnRequest = defineMessage({
  apiKey: 25,
  name: 'AddOffsetsToTxnRequest',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+' },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
    { name: 'groupId', type: 'string', versions: '0+' },
  ],
})

export const AddOffsetsToTxnResponse = defineMessage({
  apiKey: 25,
  name: 'AddOffsetsToTxnResponse',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
  ],
})
