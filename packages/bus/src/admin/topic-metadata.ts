/**
 * Topic metadata and watermarks for every admin operation, internal topics included: the client
 * library drops what the broker flags internal (`__consumer_offsets`, …) from its metadata cache
 * and its listOffsets, so those go through kafka/internal-topics.ts instead.
 */
import { internalTopicMetadata, internalTopicOffsets, type TopicMetadata } from '../kafka/internal-topics.ts'
import { type AdminContext, bounded, translate } from './context.ts'
import { InvalidArgumentError, NotFoundError } from './errors.ts'

interface Watermarks {
  earliest: Map<number, bigint>
  latest: Map<number, bigint>
}

/** A topic to read watermarks of; `internal` carries the metadata of one the client cache leaves out. */
export interface WatermarkTopic {
  name: string
  partitions: number
  internal?: TopicMetadata
}

/** Earliest and latest offsets of the given partitions of several topics, in two requests. */
export async function watermarks(
  ctx: AdminContext,
  topics: WatermarkTopic[],
): Promise<Map<string, Watermarks>> {
  const out = new Map<string, Watermarks>()
  const wanted = topics.filter((t) => t.partitions > 0)
  if (wanted.length === 0) return out
  // The client's listOffsets looks every topic up in its cache: internal topics go on their own.
  const cached = wanted.filter((t) => !t.internal)
  const internal = wanted.flatMap((t) => (t.internal ? [{ name: t.name, metadata: t.internal }] : []))
  const [earliest, latest] = await Promise.all(
    [-2n, -1n].map(async (timestamp) => {
      const offsets = new Map<string, Map<number, bigint>>()
      const [listed, raw] = await Promise.all([
        cached.length === 0
          ? []
          : bounded(ctx, 'listing offsets', () =>
              ctx.client.listOffsets({
                topics: cached.map((t) => ({
                  name: t.name,
                  partitions: Array.from({ length: t.partitions }, (_, p) => ({
                    partitionIndex: p,
                    timestamp,
                  })),
                })),
              }),
            ),
        internal.length === 0
          ? new Map<string, Map<number, bigint>>()
          : bounded(ctx, 'listing offsets of internal topics', () =>
              internalTopicOffsets(ctx.client, internal, timestamp),
            ),
      ])
      for (const t of listed) {
        const perPartition = offsets.get(t.name) ?? new Map<number, bigint>()
        offsets.set(t.name, perPartition)
        for (const p of t.partitions) perPartition.set(p.partitionIndex, p.offset)
      }
      for (const [name, perPartition] of raw) offsets.set(name, perPartition)
      return offsets
    }),
  )
  for (const t of wanted) {
    out.set(t.name, {
      earliest: earliest!.get(t.name) ?? new Map(),
      latest: latest!.get(t.name) ?? new Map(),
    })
  }
  return out
}

/** A topic's metadata, and whether it came from outside the client cache (an internal topic). */
interface KnownTopic {
  metadata: TopicMetadata
  internal?: TopicMetadata
}

/**
 * Metadata of existing topics by name, internal ones included. The client answers an internal
 * topic with an empty entry (it drops what the broker flags internal), so those are asked again.
 */
export async function topicsMetadata(
  ctx: AdminContext,
  names: string[],
  what: string,
): Promise<Map<string, KnownTopic>> {
  const metadata = await bounded(ctx, what, () => ctx.client.metadata({ topics: names, forceUpdate: true }))
  const out = new Map<string, KnownTopic>()
  const missing: string[] = []
  for (const name of names) {
    const meta = metadata.topics.get(name)
    if (meta) out.set(name, { metadata: meta })
    else missing.push(name)
  }
  if (missing.length > 0) {
    const internal = await bounded(ctx, `${what} (internal topics)`, () =>
      internalTopicMetadata(ctx.client, missing),
    )
    for (const [name, meta] of internal) out.set(name, { metadata: meta, internal: meta })
  }
  return out
}

/**
 * The partition count of a topic whose records are read or written or whose offsets are reset
 * (browse, produce, offset resets); NotFoundError when it does not exist, InvalidArgumentError for
 * an internal topic.
 */
export async function partitionCount(ctx: AdminContext, topic: string): Promise<number> {
  const known = await knownTopic(ctx, topic)
  if (known.internal) {
    throw new InvalidArgumentError(
      'topic',
      `"${topic}" is an internal Kafka topic: its records are Kafka's own bookkeeping, not read, written or reset here`,
    )
  }
  return known.metadata.partitionsCount
}

export async function knownTopic(ctx: AdminContext, topic: string): Promise<KnownTopic> {
  assertTopicName(topic)
  let known: Map<string, KnownTopic>
  try {
    known = await topicsMetadata(ctx, [topic], `reading metadata of "${topic}"`)
  } catch (error) {
    translate(error, { topic }, ctx)
  }
  const found = known.get(topic)
  if (!found) throw new NotFoundError('topic', topic)
  return found
}

/** Kafka's own rule: 1-249 of [a-zA-Z0-9._-], not '.' or '..'. */
export function assertTopicName(name: unknown, property = 'topic'): asserts name is string {
  if (typeof name !== 'string' || !/^[a-zA-Z0-9._-]{1,249}$/.test(name) || name === '.' || name === '..') {
    throw new InvalidArgumentError(
      property,
      `${property} must be 1-249 characters of a-z, A-Z, 0-9, ".", "_" or "-", got ${JSON.stringify(name)}`,
    )
  }
}
