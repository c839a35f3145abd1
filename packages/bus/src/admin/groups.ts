/**
 * Consumer groups: list, describe (members, their subscriptions and assignments as decoded from
 * the consumer-protocol bytes, committed offsets and lag per partition), and offset resets. A
 * reset rewrites committed offsets, which Kafka only allows while the group has no members.
 */
import { type AdminContext, bounded, parseOffset, parseTimestamp, translate } from './context.ts'
import { ConflictError, InvalidArgumentError, NotFoundError } from './errors.ts'
import { partitionCount, watermarks } from './topic-metadata.ts'
import type {
  GroupDescription,
  GroupMemberInfo,
  GroupOffsetInfo,
  GroupSummary,
  ResetResult,
  ResetTarget,
} from './types.ts'

/** Groups the bus makes for its own short reads (browse, dead letters); hidden unless asked for. */
export const isInternalGroup = (id: string): boolean => id.startsWith('spool-reader-')

export async function listGroups(
  ctx: AdminContext,
  options: { includeInternal?: boolean } = {},
): Promise<GroupSummary[]> {
  const groups = await bounded(ctx, 'listing groups', () => ctx.client.listGroups())
  return [...groups.values()]
    .filter((g) => options.includeInternal || !isInternalGroup(g.id))
    .map((g) => ({
      id: g.id,
      state: normalizeState(g.state),
      protocolType: g.protocolType,
      groupType: g.groupType,
    }))
    .sort((a, b) => a.id.localeCompare(b.id))
}

async function summary(ctx: AdminContext, group: string): Promise<GroupSummary> {
  assertGroupId(group)
  const found = (await listGroups(ctx, { includeInternal: true })).find((g) => g.id === group)
  if (!found) throw new NotFoundError('group', group)
  return found
}

export async function describeGroup(ctx: AdminContext, group: string): Promise<GroupDescription> {
  const base = await summary(ctx, group)
  let described: Awaited<ReturnType<AdminContext['client']['describeGroups']>>
  let committed: Awaited<ReturnType<AdminContext['client']['listConsumerGroupOffsets']>>
  try {
    ;[described, committed] = await Promise.all([
      bounded(ctx, `describing group "${group}"`, () => ctx.client.describeGroups({ groups: [group] })),
      bounded(ctx, `reading offsets of "${group}"`, () =>
        ctx.client.listConsumerGroupOffsets({ groups: [group] }),
      ),
    ])
  } catch (error) {
    translate(error, { group }, ctx)
  }
  const raw = described.get(group)
  const members: GroupMemberInfo[] = [...(raw?.members.values() ?? [])].map((m) => ({
    memberId: m.id,
    groupInstanceId: m.groupInstanceId ?? null,
    clientId: m.clientId,
    clientHost: m.clientHost,
    subscription: [...(m.metadata?.topics ?? [])],
    assignment: [...(m.assignments?.values() ?? [])].map((a) => ({
      topic: a.topic,
      partitions: [...a.partitions],
    })),
  }))
  const owner = new Map<string, string>()
  for (const m of members)
    for (const a of m.assignment) for (const p of a.partitions) owner.set(`${a.topic}:${p}`, m.memberId)

  // Partitions to report: every committed one plus every assigned one.
  const committedAt = new Map<string, bigint>()
  const topics = new Map<string, Set<number>>()
  const add = (topic: string, partition: number) => {
    const set = topics.get(topic) ?? new Set<number>()
    set.add(partition)
    topics.set(topic, set)
  }
  for (const t of committed[0]?.topics ?? []) {
    for (const p of t.partitions) {
      if (p.committedOffset < 0n) continue
      committedAt.set(`${t.name}:${p.partitionIndex}`, p.committedOffset)
      add(t.name, p.partitionIndex)
    }
  }
  for (const m of members) for (const a of m.assignment) for (const p of a.partitions) add(a.topic, p)

  const marks = await watermarks(
    ctx,
    [...topics].map(([name, parts]) => ({ name, partitions: Math.max(...parts) + 1 })),
  ).catch(() => new Map())
  const offsets: GroupOffsetInfo[] = []
  let totalLag = 0n
  for (const [topic, parts] of [...topics].sort(([a], [b]) => a.localeCompare(b))) {
    for (const partition of [...parts].sort((a, b) => a - b)) {
      const key = `${topic}:${partition}`
      const latest: bigint = marks.get(topic)?.latest.get(partition) ?? 0n
      const at = committedAt.get(key)
      const lag = at === undefined ? null : latest > at ? latest - at : 0n
      if (lag !== null) totalLag += lag
      offsets.push({
        topic,
        partition,
        committed: at === undefined ? null : String(at),
        latest: String(latest),
        lag: lag === null ? null : String(lag),
        memberId: owner.get(key) ?? null,
      })
    }
  }
  return {
    ...base,
    state: normalizeState(raw?.state ?? base.state),
    protocol: raw?.protocol ?? '',
    members,
    offsets,
    totalLag: String(totalLag),
  }
}

/**
 * Moves a group's committed offsets on `topic` (all partitions, or `partitions`). The group must
 * exist and have no members: Kafka rejects commits from outside an active generation.
 */
export async function resetOffsets(
  ctx: AdminContext,
  group: string,
  topic: string,
  target: ResetTarget,
  options: { partitions?: number[] } = {},
): Promise<ResetResult> {
  const to = target?.to
  if (!['earliest', 'latest', 'timestamp', 'offset'].includes(to)) {
    throw new InvalidArgumentError(
      'to',
      `to must be earliest, latest, timestamp or offset, got ${JSON.stringify(to)}`,
    )
  }
  const explicit = to === 'offset' ? parseOffset((target as { offset: unknown }).offset, 'offset') : undefined
  const time =
    to === 'timestamp' ? parseTimestamp((target as { timestamp: unknown }).timestamp, 'timestamp') : undefined
  const base = await summary(ctx, group)
  if (base.state !== 'Empty') {
    throw new ConflictError(
      `group "${group}" is ${base.state}, not Empty: stop its consumers before resetting offsets`,
      { details: { group, state: base.state } },
    )
  }
  const count = await partitionCount(ctx, topic)
  const partitions = options.partitions ?? Array.from({ length: count }, (_, p) => p)
  for (const p of partitions) {
    if (!Number.isInteger(p) || p < 0 || p >= count) {
      throw new InvalidArgumentError(
        'partitions',
        `partition ${p} does not exist: "${topic}" has 0 to ${count - 1}`,
      )
    }
  }
  const marks = (await watermarks(ctx, [{ name: topic, partitions: count }])).get(topic)!
  let byTime: Map<number, bigint> | undefined
  if (time !== undefined) {
    const [result] = await bounded(ctx, 'finding offsets by time', () =>
      ctx.client.listOffsets({
        topics: [
          {
            name: topic,
            partitions: partitions.map((p) => ({ partitionIndex: p, timestamp: BigInt(time) })),
          },
        ],
      }),
    )
    byTime = new Map(result?.partitions.map((p) => [p.partitionIndex, p.offset]))
  }
  const targets = partitions.map((partition) => {
    const earliest = marks.earliest.get(partition) ?? 0n
    const latest = marks.latest.get(partition) ?? 0n
    let offset: bigint
    if (to === 'earliest') offset = earliest
    else if (to === 'latest') offset = latest
    else if (byTime) {
      const found = byTime.get(partition) ?? -1n
      offset = found < 0n ? latest : found
    } else {
      offset = explicit!
      if (offset < earliest || offset > latest) {
        throw new InvalidArgumentError(
          'offset',
          `offset ${offset} is outside ${topic}/${partition}, which holds offsets ${earliest} to ${latest}`,
        )
      }
    }
    return { partition, offset }
  })
  const before = await currentOffsets(ctx, group, topic)
  try {
    await bounded(ctx, `resetting offsets of "${group}"`, () =>
      ctx.client.alterConsumerGroupOffsets({
        groupId: group,
        topics: [{ name: topic, partitionOffsets: targets }],
      }),
    )
  } catch (error) {
    translate(error, { group, topic }, ctx)
  }
  return {
    group,
    topic,
    partitions: targets.map(({ partition, offset }) => {
      const previous = before.get(partition)
      return { partition, previous: previous === undefined ? null : String(previous), offset: String(offset) }
    }),
  }
}

async function currentOffsets(ctx: AdminContext, group: string, topic: string): Promise<Map<number, bigint>> {
  const out = new Map<number, bigint>()
  const [result] = await bounded(ctx, `reading offsets of "${group}"`, () =>
    ctx.client.listConsumerGroupOffsets({ groups: [group] }),
  )
  for (const t of result?.topics ?? []) {
    if (t.name !== topic) continue
    for (const p of t.partitions) if (p.committedOffset >= 0n) out.set(p.partitionIndex, p.committedOffset)
  }
  return out
}

/** Kafka answers in two spellings (STABLE / Stable) depending on the API; one is shown. */
function normalizeState(state: string): string {
  const map: Record<string, string> = {
    PREPARING_REBALANCE: 'PreparingRebalance',
    COMPLETING_REBALANCE: 'CompletingRebalance',
    STABLE: 'Stable',
    DEAD: 'Dead',
    EMPTY: 'Empty',
  }
  return map[state] ?? state
}

export function assertGroupId(group: unknown): asserts group is string {
  if (typeof group !== 'string' || group.length === 0 || group.length > 255) {
    throw new InvalidArgumentError('group', `group must be a non-empty string of at most 255 characters`)
  }
}
