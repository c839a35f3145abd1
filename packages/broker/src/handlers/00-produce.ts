/**
 * Produce (key 0), advertised v0-13 as Kafka 4 does, served v3-13 (v0-2 requests close the
 * connection: Kafka 4 dropped message formats 0/1 but keeps v0 advertised so that older librdkafka
 * does not turn compression off, KAFKA-18659). Flexible from v9.
 * Version notes: v3 transactional id and record batch v2; v5 logStartOffset; v7 zstd; v8 per-record
 * errors and an error message; v10 CurrentLeader/NodeEndpoints tags; v13 topic ids replace names.
 *
 * Each partition carries exactly one batch (Kafka's rule since v3). It is CRC-checked, size-checked
 * against the topic's max.message.bytes, checked against the idempotent producer's state, then
 * stored verbatim (only base offset and leader epoch rewritten, outside the CRC). acks=0 gets no
 * answer, and an error then closes the connection so the client notices (as Kafka does).
 * Transactions are not supported: a transactional produce gets TRANSACTIONAL_ID_AUTHORIZATION_FAILED.
 * Record timestamps are bounded as in Kafka 4 (INVALID_TIMESTAMP beyond them).
 */
import {
  ApiKeys,
  type BatchHeader,
  ErrorCodes,
  type RequestOf,
  type ResponseInput,
  splitBatches,
  validateBatch,
} from '@spool/protocol'
import { type Topic, TopicError } from '../topics/manager.ts'
import { kafkaVersions, storageErrorCode } from './common.ts'
import { type BrokerContext, CloseConnection, type Handler, NO_RESPONSE } from './types.ts'

type Req = RequestOf<typeof ApiKeys.PRODUCE>
type Res = ResponseInput<typeof ApiKeys.PRODUCE>
type PartitionOut = NonNullable<NonNullable<Res['responses']>[number]['partitionResponses']>[number]

const fail = (index: number, errorCode: number, errorMessage: string | null = null): PartitionOut => ({
  index,
  errorCode,
  baseOffset: -1n,
  logAppendTimeMs: -1n,
  logStartOffset: -1n,
  errorMessage,
})

async function resolveTopic(
  broker: BrokerContext,
  version: number,
  data: Req['topicData'][number],
): Promise<Topic | number> {
  if (version >= 13) return broker.topics.byId(data.topicId) ?? ErrorCodes.UNKNOWN_TOPIC_ID
  try {
    return (await broker.topics.ensure(data.name)) ?? ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION
  } catch (e) {
    if (e instanceof TopicError) return e.errorCode
    throw e
  }
}

/**
 * Kafka 4's timestamp bounds for CreateTime topics: no record more than message.timestamp.after.max.ms
 * (1 h by default) in the future, none older than message.timestamp.before.max.ms (unbounded by
 * default). The batch header gives the largest timestamp exactly; the first record's stands in for
 * the smallest.
 */
function timestampError(broker: BrokerContext, topic: Topic, header: BatchHeader): string | undefined {
  if (header.timestampType === 'log-append') return undefined
  if (broker.topics.configValue(topic, 'message.timestamp.type') === 'LogAppendTime') return undefined
  const now = BigInt(broker.now())
  const after = BigInt(broker.topics.configValue(topic, 'message.timestamp.after.max.ms') ?? '3600000')
  if (header.maxTimestamp > now + after)
    return `Timestamp ${header.maxTimestamp} of a record is more than message.timestamp.after.max.ms (${after} ms) ahead of the broker's time`
  const before = BigInt(
    broker.topics.configValue(topic, 'message.timestamp.before.max.ms') ?? '9223372036854775807',
  )
  if (header.baseTimestamp >= 0n && now - header.baseTimestamp > before)
    return `Timestamp ${header.baseTimestamp} of a record is more than message.timestamp.before.max.ms (${before} ms) behind the broker's time`
  return undefined
}

async function producePartition(
  broker: BrokerContext,
  request: Req,
  topic: Topic,
  index: number,
  records: Buffer | null,
): Promise<PartitionOut> {
  const partition = topic.partitions[index]
  if (partition === undefined) return fail(index, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION)
  if (request.transactionalId !== null)
    return fail(
      index,
      ErrorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
      'Transactions are not supported by this broker',
    )
  if (records === null || records.length === 0)
    return fail(
      index,
      ErrorCodes.INVALID_RECORD,
      'Produce requests must carry one record batch per partition',
    )
  const { batches, partialBytes } = splitBatches(records)
  if (partialBytes > 0 || batches.length === 0)
    return fail(index, ErrorCodes.CORRUPT_MESSAGE, 'Truncated record batch')
  if (batches.length !== 1)
    return fail(
      index,
      ErrorCodes.INVALID_RECORD,
      'Produce requests are only allowed to contain exactly one record batch per partition',
    )
  const batch = batches[0]!
  let header: ReturnType<typeof validateBatch>
  try {
    header = validateBatch(batch)
  } catch (e) {
    return fail(index, ErrorCodes.CORRUPT_MESSAGE, (e as Error).message)
  }
  const max = Number(broker.topics.configValue(topic, 'max.message.bytes'))
  if (batch.length > max)
    return fail(
      index,
      ErrorCodes.MESSAGE_TOO_LARGE,
      `The record batch of ${batch.length} bytes exceeds max.message.bytes (${max})`,
    )
  if (header.isControl) return fail(index, ErrorCodes.INVALID_RECORD, 'Clients may not write control batches')
  if (header.isTransactional)
    return fail(
      index,
      ErrorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
      'Transactions are not supported by this broker',
    )
  const badTime = timestampError(broker, topic, header)
  if (badTime !== undefined) return fail(index, ErrorCodes.INVALID_TIMESTAMP, badTime)
  if (request.acks === -1 && Number(broker.topics.configValue(topic, 'min.insync.replicas')) > 1)
    return fail(
      index,
      ErrorCodes.NOT_ENOUGH_REPLICAS,
      'min.insync.replicas is above 1 on a single-node cluster',
    )
  try {
    return await partition.exclusive(async () => {
      const producers = broker.producers.of(topic.name, index)
      const check = producers.check(header)
      if (check.kind === 'error') return fail(index, check.errorCode, check.message)
      if (check.kind === 'duplicate')
        return {
          index,
          errorCode: ErrorCodes.NONE,
          baseOffset: check.baseOffset,
          logAppendTimeMs: check.logAppendTime,
          logStartOffset: partition.log.logStartOffset,
        }
      const result = await partition.log.append([batch])
      producers.update(header, result.baseOffset, result.logAppendTime, broker.now())
      broker.producers.touched()
      partition.notify()
      return {
        index,
        errorCode: ErrorCodes.NONE,
        baseOffset: result.baseOffset,
        logAppendTimeMs: result.logAppendTime,
        logStartOffset: result.logStartOffset,
      }
    })
  } catch (e) {
    const code = storageErrorCode(e)
    if (code === ErrorCodes.UNKNOWN_SERVER_ERROR)
      broker.logger.error({ err: e, topic: topic.name, partition: index }, 'append failed')
    return fail(index, code, (e as Error).message)
  }
}

export const produceHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.PRODUCE,
  name: 'Produce',
  versions: kafkaVersions(ApiKeys.PRODUCE),
  async handle({ request, version, broker }) {
    const badAcks = request.acks !== 0 && request.acks !== 1 && request.acks !== -1
    const responses = await Promise.all(
      request.topicData.map(async (data) => {
        const topic = badAcks ? ErrorCodes.INVALID_REQUIRED_ACKS : await resolveTopic(broker, version, data)
        const partitionResponses = await Promise.all(
          data.partitionData.map((p) =>
            typeof topic === 'number'
              ? fail(p.index, topic)
              : producePartition(broker, request, topic, p.index, p.records),
          ),
        )
        return { name: data.name, topicId: data.topicId, partitionResponses }
      }),
    )
    if (request.acks === 0) {
      const failed = responses.some((t) => t.partitionResponses.some((p) => p.errorCode !== ErrorCodes.NONE))
      if (failed) throw new CloseConnection('acks=0 produce failed')
      return NO_RESPONSE
    }
    return { responses, throttleTimeMs: 0 }
  },
}
