/**
 * AddPartitionsToTxn (key 24), at the versions Kafka 4.4 advertises.
 * Version notes: v2 PRODUCER_FENCED; v3 flexible; v4 batches transactions (broker to broker); v5 TRANSACTION_ABORTABLE.
 * Transactions are not supported: answered with TRANSACTIONAL_ID_AUTHORIZATION_FAILED (see
 * refusingTransactions in common.ts).
 */
import { ApiKeys } from '@spool/protocol'
import { refusingTransactions } from './common.ts'

export const addPartitionsToTxnHandler = refusingTransactions(
  ApiKeys.ADD_PARTITIONS_TO_TXN,
  'AddPartitionsToTxn',
)
