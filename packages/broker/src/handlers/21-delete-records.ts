/**
 * DeleteRecords (key 21), v0-2, flexible from v2.
 * Moves each partition's log start offset up to the given offset (-1 = the high watermark); whole
 * stored batches below it are freed, and fetches below it get OFFSET_OUT_OF_RANGE. An offset above
 * the high watermark is OFFSET_OUT_OF_RANGE. Answers the new low watermark.
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { kafkaVersions, storageErrorCode } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.DELETE_RECORDS>
type Res = ResponseInput<typeof ApiKeys.DELETE_RECORDS>

export const deleteRecordsHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.DELETE_RECORDS,
  name: 'DeleteRecords',
  versions: kafkaVersions(ApiKeys.DELETE_RECORDS),
  async handle({ request, broker }) {
    const topics = await Promise.all(
      request.topics.map(async (t) => {
        const topic = broker.topics.get(t.name)
        const partitions = await Promise.all(
          t.partitions.map(async (p) => {
            const out = {
              partitionIndex: p.partitionIndex,
              lowWatermark: -1n,
              errorCode: ErrorCodes.NONE as number,
            }
            const partition = topic?.partitions[p.partitionIndex]
            if (partition === undefined) return { ...out, errorCode: ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION }
            const log = partition.log
            if (p.offset !== -1n && (p.offset < 0n || p.offset > log.logEndOffset))
              return { ...out, lowWatermark: log.logStartOffset, errorCode: ErrorCodes.OFFSET_OUT_OF_RANGE }
            try {
              const low = await partition.exclusive(() =>
                log.deleteRecordsBefore(p.offset === -1n ? log.logEndOffset : p.offset),
              )
              return { ...out, lowWatermark: low }
            } catch (e) {
              return { ...out, errorCode: storageErrorCode(e) }
            }
          }),
        )
        return { name: t.name, partitions }
      }),
    )
    return { throttleTimeMs: 0, topics }
  },
}
