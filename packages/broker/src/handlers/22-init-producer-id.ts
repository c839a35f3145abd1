/**
 * InitProducerId (key 22), advertised v0-5 as Kafka 4.4 does (v6, two-phase commit, is unstable
 * there). Flexible from v2.
 * Version notes: v3 the producer may pass its current id and epoch (ignored for idempotent
 * producers: Kafka hands out a new id then too); v4 PRODUCER_FENCED; v5 TRANSACTION_ABORTABLE.
 * Idempotent producers get a fresh producer id at epoch 0. Transactions are not supported: a
 * transactional id is refused with TRANSACTIONAL_ID_AUTHORIZATION_FAILED, which Java, KafkaJS and
 * librdkafka all treat as fatal with a clear message (rather than retrying until a timeout).
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.INIT_PRODUCER_ID>
type Res = ResponseInput<typeof ApiKeys.INIT_PRODUCER_ID>

export const initProducerIdHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.INIT_PRODUCER_ID,
  name: 'InitProducerId',
  versions: kafkaVersions(ApiKeys.INIT_PRODUCER_ID),
  async handle({ request, broker }) {
    if (request.transactionalId !== null)
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
        producerId: -1n,
        producerEpoch: -1,
      }
    const producerId = await broker.producers.newProducerId()
    return { throttleTimeMs: 0, errorCode: ErrorCodes.NONE, producerId, producerEpoch: 0 }
  },
}
