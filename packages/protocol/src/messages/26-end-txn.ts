/**
 * EndTxn (key 26), versions 0-5, flexible from 3.
 * v2 PRODUCER_FENCED; v4 TRANSACTION_ABORTABLE; v5 bumps the epoch on every transaction and returns
 * the producer id and epoch (KIP-890 part 2).
 */
import { defineMessage } from '../schema/types.ts'

export const EndTxnRequest = defineMessage({
  apiKey: 26,
  name: 'EndTxnRequest',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'transactionalId', type: 'string', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '0+' },
    { name: 'producerEpoch', type: 'int16', versions: '0+' },
    { name: 'committed', type: 'bool', versions: '0+' },
  ],
})

export const EndTxnResponse = defineMessage({
  apiKey: 26,
  name: 'EndTxnResponse',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'producerId', type: 'int64', versions: '5+', default: -1n, ignorable: true },
    { name: 'producerEpoch', type: 'int16', versions: '5+', default: -1, ignorable: true },
  ],
})
