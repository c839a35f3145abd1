/**
 * TxnOffsetCommit (key 28), at the versions Kafka 4.4 advertises.
 * Version notes: v2 leader epoch; v3 flexible, member id and generation; v4 TRANSACTION_ABORTABLE; v5 implicit AddOffsetsToTxn; v6 topic ids.
 * Transactions are not supported: answered with TRANSACTIONAL_ID_AUTHORIZATION_FAILED (see
 * refusingTransactions in common.ts).
 */
import { ApiKeys } from '@spool/protocol'
import { refusingTransactions } from './common.ts'

export const txnOffsetCommitHandler = refusingTransactions(ApiKeys.TXN_OFFSET_COMMIT, 'TxnOffsetCommit')
