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
import type { ReadResult } from '../log/types.ts'
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

/** A partition's read, settled either way so that none is left rejected while another is awaited. */
type Settled =
  | { readonly ok: true; readonly value: ReadResult }
  | { readonly ok: false; readonly error: unknown }

const settle = (read: Promise<ReadResult>): Promise<Settled> =>
  read.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  )

/** The leading whole batches of `records` that fit in `limit` bytes (none when the first does not). */
function wholeBatchesWithin(records: Buffer, limit: number): Buffer {
  if (records.length <= limit) return records
  let end = 0
  while (end + 12 <= records.length) {
    const size = 12 + records.readInt32BE(end + 8)
    if (end + size > limit) break
    end += size
  }
  return records.subarray(0, end)
}

async function readAll(request: Req, wanted: Wanted[][], isolation: number): Promise<Pass> {
  const requestMax = Math.max(0, request.maxBytes)
  let errors = false
  const reads: Array<{ out: PartitionOut; maxBytes: number; read: Promise<Settled> }> = []
  const responses = request.topics.map((t, ti) => ({
    topic: t.topic,
    topicId: t.topicId,
    partitions: wanted[ti]!.map((w) => {
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
      const p = w.partition
      if (w.errorCode !== ErrorCodes.NONE || p === undefined) {
        errors = true
        return out
      }
      if (p.closed) {
        // Deleted while this fetch waited.
        out.errorCode = ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION
        errors = true
        return out
      }
      const log = p.log
      out.highWatermark = out.lastStableOffset = log.logEndOffset
      out.logStartOffset = log.logStartOffset
      if (w.fetchOffset < log.logStartOffset || w.fetchOffset > log.logEndOffset) {
        out.errorCode = ErrorCodes.OFFSET_OUT_OF_RANGE
        errors = true
        return out
      }
      if (w.fetchOffset === log.logEndOffset) return out
      // Any partition may turn out to be the first with data, which gets at least one batch.
      const maxBytes = Math.min(w.maxBytes, requestMax)
      reads.push({ out, maxBytes, read: settle(log.read(w.fetchOffset, Math.max(maxBytes, 1))) })
      return out
    }),
  }))
  // The partitions are read in parallel; the response budget is then spent in request order, as
  // Kafka does: the first partition with data keeps what it read (at least one batch, even above
  // its limit), the others only the whole batches that fit in min(partitionMaxBytes, what is left).
  let budget = requestMax
  let first = true
  let bytes = 0
  for (const { out, maxBytes, read } of reads) {
    const settled = await read
    if (!settled.ok) {
      const e = settled.error
      out.errorCode =
        e instanceof OffsetOutOfRangeError ? ErrorCodes.OFFSET_OUT_OF_RANGE : storageErrorCode(e)
      errors = true
      continue
    }
    const { value } = settled
    out.highWatermark = out.lastStableOffset = value.highWatermark
    out.logStartOffset = value.logStartOffset
    const records = first ? value.records : wholeBatchesWithin(value.records, Math.min(maxBytes, budget))
    if (records.length === 0) continue
    out.records = records
    first = false
    bytes += records.length
    budget = Math.max(0, budget - records.length)
  }
  return { responses, bytes, errors }
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
