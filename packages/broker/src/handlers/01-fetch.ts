/**
 * Fetch (key 1), v4-18, flexible from v12.
 * Version notes: v4 isolation level and aborted transactions; v5 log start offset; v7 fetch
 * sessions; v9 current leader epoch; v11 rack id; v12 tagged diverging epoch/current leader;
 * v13 topic ids replace names (unknown id: UNKNOWN_TOPIC_ID); v15 replica state; v16 node
 * endpoints; v17-18 replica fields (followers only).
 *
 * Sessions: none are created. A full fetch (session id 0) is answered with session id 0, which
 * every client treats as "no session, send full requests" (Java's FetchSessionHandler, KafkaJS and
 * @platformatic/kafka); an incremental one gets FETCH_SESSION_ID_NOT_FOUND so the client starts over.
 *
 * Data: whole batches from the one holding fetchOffset. The first partition with data always gets
 * at least one batch, even above partitionMaxBytes or maxBytes (Kafka's rule, so a large batch can
 * never block a consumer); the others only what fits. Long poll: below minBytes the request waits up
 * to maxWaitMs, woken by any append to one of its partitions.
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { OffsetOutOfRangeError } from '../log/errors.ts'
import type { Partition } from '../topics/partition.ts'
import { LEADER_EPOCH } from '../topics/partition.ts'
import { kafkaVersions, storageErrorCode } from './common.ts'
import type { BrokerContext, Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.FETCH>
type Res = ResponseInput<typeof ApiKeys.FETCH>
type PartitionOut = NonNullable<NonNullable<Res['responses']>[number]['partitions']>[number]

const READ_COMMITTED = 1
const EMPTY = Buffer.alloc(0)

interface Wanted {
  readonly partition: Partition | undefined
  readonly index: number
  readonly fetchOffset: bigint
  readonly maxBytes: number
  /** Error known before reading (unknown topic, bad epoch). */
  readonly errorCode: number
}

function resolve(request: Req, version: number, broker: BrokerContext): Wanted[][] {
  return request.topics.map((t) => {
    const topic = version >= 13 ? broker.topics.byId(t.topicId) : broker.topics.get(t.topic)
    const unknown = version >= 13 ? ErrorCodes.UNKNOWN_TOPIC_ID : ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION
    return t.partitions.map((p) => {
      const partition = topic?.partitions[p.partition]
      let errorCode: number = ErrorCodes.NONE
      if (topic === undefined) errorCode = unknown
      else if (partition === undefined) errorCode = ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION
      else if (p.currentLeaderEpoch > LEADER_EPOCH) errorCode = ErrorCodes.UNKNOWN_LEADER_EPOCH
      else if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch < LEADER_EPOCH)
        errorCode = ErrorCodes.FENCED_LEADER_EPOCH
      return {
        partition,
        index: p.partition,
        fetchOffset: p.fetchOffset,
        maxBytes: p.partitionMaxBytes,
        errorCode,
      }
    })
  })
}

interface Pass {
  readonly responses: Res['responses']
  readonly bytes: number
  readonly errors: boolean
}

async function readAll(request: Req, wanted: Wanted[][], isolation: number): Promise<Pass> {
  let budget = Math.max(0, request.maxBytes)
  let first = true
  let bytes = 0
  let errors = false
  const responses = request.topics.map((t, ti) => ({
    topic: t.topic,
    topicId: t.topicId,
    partitions: [] as PartitionOut[],
    wanted: wanted[ti]!,
  }))
  // Sequential on purpose: the response budget is spent in request order, as Kafka does.
  for (const r of responses) {
    for (const w of r.wanted) {
      const out: PartitionOut = {
        partitionIndex: w.index,
        errorCode: w.errorCode,
        highWatermark: -1n,
        lastStableOffset: -1n,
        logStartOffset: -1n,
        abortedTransactions: isolation === READ_COMMITTED ? [] : null,
        preferredReadReplica: -1,
        records: EMPTY,
      }
      r.partitions.push(out)
      const p = w.partition
      if (w.errorCode !== ErrorCodes.NONE || p === undefined) {
        errors = true
        continue
      }
      if (p.closed) {
        // Deleted while this fetch waited.
        out.errorCode = ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION
        errors = true
        continue
      }
      const log = p.log
      out.highWatermark = out.lastStableOffset = log.logEndOffset
      out.logStartOffset = log.logStartOffset
      if (w.fetchOffset < log.logStartOffset || w.fetchOffset > log.logEndOffset) {
        out.errorCode = ErrorCodes.OFFSET_OUT_OF_RANGE
        errors = true
        continue
      }
      if (w.fetchOffset === log.logEndOffset) continue
      const limit = Math.min(w.maxBytes, budget)
      if (!first && limit <= 0) continue
      try {
        const read = await log.read(w.fetchOffset, first ? Math.max(limit, 1) : limit)
        out.highWatermark = out.lastStableOffset = read.highWatermark
        out.logStartOffset = read.logStartOffset
        // Only the first partition with data may exceed its limit (by one batch).
        if (!first && read.records.length > limit) continue
        if (read.records.length > 0) {
          out.records = read.records
          first = false
          bytes += read.records.length
          budget = Math.max(0, budget - read.records.length)
        }
      } catch (e) {
        out.errorCode =
          e instanceof OffsetOutOfRangeError ? ErrorCodes.OFFSET_OUT_OF_RANGE : storageErrorCode(e)
        errors = true
      }
    }
  }
  return {
    responses: responses.map(({ topic, topicId, partitions }) => ({ topic, topicId, partitions })),
    bytes,
    errors,
  }
}

/**
 * Resolves after an append to any of the partitions, after `ms`, or when the broker stops; at once
 * if a log end moved since `ends` was taken (an append raced the last read).
 */
function waitForData(
  partitions: Partition[],
  ends: bigint[],
  ms: number,
  stopping: AbortSignal,
): Promise<void> {
  return new Promise((done) => {
    const unsubscribe: Array<() => void> = []
    const finish = () => {
      clearTimeout(timer)
      stopping.removeEventListener('abort', finish)
      for (const u of unsubscribe) u()
      done()
    }
    const timer = setTimeout(finish, ms)
    stopping.addEventListener('abort', finish, { once: true })
    for (const p of partitions) unsubscribe.push(p.onAppend(finish))
    if (partitions.some((p, i) => p.closed || p.log.logEndOffset !== ends[i])) finish()
  })
}

export const fetchHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.FETCH,
  name: 'Fetch',
  versions: kafkaVersions(ApiKeys.FETCH),
  async handle({ request, version, broker }) {
    if (request.sessionId !== 0)
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCodes.FETCH_SESSION_ID_NOT_FOUND,
        sessionId: 0,
        responses: [],
      }
    const wanted = resolve(request, version, broker)
    const deadline = broker.now() + Math.max(0, request.maxWaitMs)
    const partitions = wanted.flat().flatMap((w) => (w.partition === undefined ? [] : [w.partition]))
    for (;;) {
      const ends = partitions.map((p) => p.log.logEndOffset)
      const pass = await readAll(request, wanted, request.isolationLevel)
      const remaining = deadline - broker.now()
      if (
        pass.bytes >= request.minBytes ||
        pass.errors ||
        remaining <= 0 ||
        broker.stopping.aborted ||
        partitions.length === 0
      )
        return { throttleTimeMs: 0, errorCode: ErrorCodes.NONE, sessionId: 0, responses: pass.responses }
      await waitForData(partitions, ends, remaining, broker.stopping)
    }
  },
}
