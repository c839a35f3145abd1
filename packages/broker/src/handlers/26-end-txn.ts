/**
 * EndTxn (key 26), at the versions Kafka 4.4 advertises.
 * Version notes: v2 PRODUCER_FENCED; v3 flexible; v4 TRANSACTION_ABORTABLE; v5 epoch bump per transaction.
 * Transactions are not supported: answered with TRANSACTIONAL_ID_AUTHORIZATION_FAILED (see
 * refusingTransactions in common.ts).
 */
import { ApiKeys } from '@spool/protocol'
import { refusingTransactions } from './common.ts'

export const endTxnHandler = refusingTransactions(ApiKeys.END_TXN, 'EndTxn')
