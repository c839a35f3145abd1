/**
 * AddOffsetsToTxn (key 25), at the versions Kafka 4.4 advertises.
 * Version notes: v2 PRODUCER_FENCED; v3 flexible; v4 TRANSACTION_ABORTABLE.
 * Transactions are not supported: answered with TRANSACTIONAL_ID_AUTHORIZATION_FAILED (see
 * refusingTransactions in common.ts).
 */
import { ApiKeys } from '@spool/protocol'
import { refusingTransactions } from './common.ts'

export const addOffsetsToTxnHandler = refusingTransactions(ApiKeys.ADD_OFFSETS_TO_TXN, 'AddOffsetsToTxn')
