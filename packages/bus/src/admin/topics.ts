/**
 * Topic operations: list with partition counts, watermarks and sizes; describe with replicas and
 * configs; create; delete. Unknown topics are NotFoundError, never a client stack trace.
 */
import { type AdminContext, bounded, translate } from './context.ts'
import { InvalidArgumentError } from './errors.ts'
import {
  assertTopicName,
  knownTopic,
  topicsMetadata,
  type WatermarkTopic,
  watermarks,
} from './topic-metadata.ts'
import type {
  ClusterInfo,
  CreateTopicInput,
  PartitionInfo,
  TopicConfigEntry,
  TopicDescription,
  TopicSummary,
} from './types.ts'

const TOPIC_RESOURCE = 2 // ConfigResourceTypes.TOPIC
const configSources: Record<number, string> = {
  1: 'topic',
  2: 'broker',
  3: 'broker-default',
  4: 'static-broker',
  5: 'default',
  6: 'broker-logger',
  7: 'client-metrics',
  8: 'group',
}

/**
 * Kafka's internal topics start with `__` (`__consumer_offsets`, `__transaction_state`).
 *
 * @example
 * isInternalTopic('__consumer_offsets') // true
 */
export const isInternalTopic = (name: string): boolean => name.startsWith('__')

export async function clusterInfo(ctx: AdminContext): Promise<ClusterInfo> {
  const metadata = await bounded(ctx, 'reading cluster metadata', () =>
    ctx.client.metadata({ topics: [], forceUpdate: true }),
  )
  return {
    clusterId: metadata.id,
    controllerId: metadata.controllerId,
    brokers: [...metadata.brokers].map(([id, b]) => ({
      id,
      host: b.host,
      port: b.port,
      rack: b.rack ?? null,
    })),
  }
}

/** Bytes on disk per topic and partition, or undefined when the broker does not say. */
async function sizes(
  ctx: AdminContext,
  topics: Array<{ name: string; partitions: number }>,
): Promise<Map<string, Map<number, number>> | undefined> {
  try {
    const dirs = await bounded(ctx, 'describing log dirs', () =>
      ctx.client.describeLogDirs({
        topics: topics.map((t) => ({
          name: t.name,
          partitions: Array.from({ length: t.partitions }, (_, p) => p),
        })),
      }),
    )
    const out = new Map<string, Map<number, number>>()
    for (const broker of dirs) {
      for (const dir of broker.results) {
        for (const t of dir.topics) {
          const perPartition = out.get(t.name) ?? new Map<number, number>()
          out.set(t.name, perPartition)
          // Replicas of one partition on several brokers: the largest copy is the partition's size.
          for (const p of t.partitions) {
            const size = Number(p.partitionSize)
            perPartition.set(p.partitionIndex, Math.max(perPartition.get(p.partitionIndex) ?? 0, size))
          }
        }
      }
    }
    return out
  } catch {
    return undefined
  }
}

export async function listTopics(
  ctx: AdminContext,
  options: { includeInternal?: boolean } = {},
): Promise<TopicSummary[]> {
  const names = (
    await bounded(ctx, 'listing topics', () => ctx.client.listTopics({ includeInternals: true }))
  )
    .filter((n) => options.includeInternal || !isInternalTopic(n))
    .sort()
  if (names.length === 0) return []
  const known = await topicsMetadata(ctx, names, 'reading topic metadata')
  const counts: WatermarkTopic[] = names
    .filter((name) => known.has(name))
    .map((name) => ({
      name,
      partitions: known.get(name)!.metadata.partitionsCount,
      internal: known.get(name)!.internal,
    }))
  const [marks, bytes] = await Promise.all([watermarks(ctx, counts), sizes(ctx, counts)])
  return counts.map(({ name, partitions, internal }) => {
    const meta = known.get(name)!.metadata
    const m = marks.get(name)
    let messages = 0n
    for (let p = 0; p < partitions; p++) messages += (m?.latest.get(p) ?? 0n) - (m?.earliest.get(p) ?? 0n)
    const perPartition = bytes?.get(name)
    return {
      name,
      internal: internal !== undefined || isInternalTopic(name),
      partitions,
      replicationFactor: meta.partitions[0]?.replicas.length ?? 0,
      messages: String(messages),
      size: perPartition ? [...perPartition.values()].reduce((a, b) => a + b, 0) : undefined,
    }
  })
}

export async function describeTopic(ctx: AdminContext, topic: string): Promise<TopicDescription> {
  const { metadata: meta, internal } = await knownTopic(ctx, topic)
  const count: WatermarkTopic[] = [{ name: topic, partitions: meta.partitionsCount, internal }]
  const [marks, bytes, configs] = await Promise.all([
    watermarks(ctx, count),
    sizes(ctx, count),
    topicConfigs(ctx, topic),
  ])
  const m = marks.get(topic)
  const perPartition = bytes?.get(topic)
  const partitionDetails: PartitionInfo[] = meta.partitions.map((p, partition) => {
    const earliest = m?.earliest.get(partition) ?? 0n
    const latest = m?.latest.get(partition) ?? 0n
    return {
      partition,
      leader: p.leader,
      replicas: [...p.replicas],
      isr: [...p.isr],
      offlineReplicas: [...p.offlineReplicas],
      earliest: String(earliest),
      latest: String(latest),
      messages: String(latest - earliest),
      size: perPartition?.get(partition),
    }
  })
  return {
    id: meta.id,
    name: topic,
    internal: internal !== undefined || isInternalTopic(topic),
    partitions: meta.partitionsCount,
    replicationFactor: meta.partitions[0]?.replicas.length ?? 0,
    messages: String(partitionDetails.reduce((sum, p) => sum + BigInt(p.messages), 0n)),
    size: perPartition ? [...perPartition.values()].reduce((a, b) => a + b, 0) : undefined,
    partitionDetails,
    configs,
  }
}

async function topicConfigs(ctx: AdminContext, topic: string): Promise<TopicConfigEntry[]> {
  try {
    const [described] = await bounded(ctx, `describing configs of "${topic}"`, () =>
      ctx.client.describeConfigs({
        resources: [{ resourceType: TOPIC_RESOURCE, resourceName: topic, configurationKeys: [] }],
      }),
    )
    return (described?.configs ?? [])
      .map((c) => ({
        name: c.name,
        value: c.isSensitive ? null : (c.value ?? null),
        source: configSources[c.configSource] ?? 'unknown',
        readOnly: c.readOnly,
        sensitive: c.isSensitive,
        isDefault: c.configSource === 5,
      }))
      .sort((a, b) => a.name.localeCompare(b.name))
  } catch {
    // Configs are extra detail; a broker without DescribeConfigs still gets a description.
    return []
  }
}

export async function createTopic(ctx: AdminContext, input: CreateTopicInput): Promise<TopicDescription> {
  assertTopicName(input?.name, 'name')
  const partitions = input.partitions ?? ctx.options.topicPartitions
  const replicas = input.replicationFactor ?? ctx.options.replicationFactor
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 10_000) {
    throw new InvalidArgumentError(
      'partitions',
      `partitions must be an integer from 1 to 10000, got ${partitions}`,
    )
  }
  if (!Number.isInteger(replicas) || (replicas < 1 && replicas !== -1) || replicas > 32) {
    throw new InvalidArgumentError(
      'replicationFactor',
      `replicationFactor must be -1 (broker default) or 1 to 32, got ${replicas}`,
    )
  }
  const configs = Object.entries(input.configs ?? {}).map(([name, value]) => {
    if (typeof value !== 'string') {
      throw new InvalidArgumentError(`configs.${name}`, `configs.${name} must be a string`)
    }
    return { name, value }
  })
  try {
    await bounded(ctx, `creating "${input.name}"`, () =>
      ctx.client.createTopics({ topics: [input.name], partitions, replicas, configs }),
    )
  } catch (error) {
    translate(error, { topic: input.name }, ctx)
  }
  return describeTopic(ctx, input.name)
}

export async function deleteTopic(ctx: AdminContext, topic: string): Promise<void> {
  assertTopicName(topic)
  try {
    await bounded(ctx, `deleting "${topic}"`, () => ctx.client.deleteTopics({ topics: [topic] }))
  } catch (error) {
    translate(error, { topic }, ctx)
  }
}
