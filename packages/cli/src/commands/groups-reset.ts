/**
 * The dry run of `spool groups reset`: the offsets a reset would commit, computed with the same
 * rules and the same errors as `Admin.resetOffsets` (group must exist and be Empty, partitions
 * must exist, an explicit offset must lie in the log), without committing anything.
 */
import {
  type Admin,
  ConflictError,
  InvalidArgumentError,
  type ResetResult,
  type ResetTarget,
} from '@spool/bus'

/**
 * @example
 * const plan = await planReset(admin, 'billing', 'orders', { to: 'earliest' })
 * // { group: 'billing', topic: 'orders', partitions: [{ partition: 0, previous: '42', offset: '0' }] }
 */
export async function planReset(
  admin: Admin,
  group: string,
  topic: string,
  target: ResetTarget,
  only?: number[],
): Promise<ResetResult> {
  const described = await admin.describeGroup(group)
  if (described.state !== 'Empty') {
    throw new ConflictError(
      `group "${group}" is ${described.state}, not Empty: stop its consumers before resetting offsets`,
    )
  }
  const { partitionDetails } = await admin.describeTopic(topic)
  const count = partitionDetails.length
  const selected = only ?? partitionDetails.map((p) => p.partition)
  for (const p of selected) {
    if (p >= count) {
      throw new InvalidArgumentError(
        'partitions',
        `partition ${p} does not exist: "${topic}" has 0 to ${count - 1}`,
      )
    }
  }
  const committed = new Map(
    described.offsets.filter((o) => o.topic === topic).map((o) => [o.partition, o.committed]),
  )
  const out: ResetResult['partitions'] = []
  for (const partition of selected) {
    const info = partitionDetails.find((d) => d.partition === partition)!
    out.push({
      partition,
      previous: committed.get(partition) ?? null,
      offset: await targetOffset(admin, topic, partition, info.earliest, info.latest, target),
    })
  }
  return { group, topic, partitions: out }
}

async function targetOffset(
  admin: Admin,
  topic: string,
  partition: number,
  earliest: string,
  latest: string,
  target: ResetTarget,
): Promise<string> {
  switch (target.to) {
    case 'earliest':
      return earliest
    case 'latest':
      return latest
    case 'offset': {
      const wanted = BigInt(target.offset)
      if (wanted < BigInt(earliest) || wanted > BigInt(latest)) {
        throw new InvalidArgumentError(
          'offset',
          `offset ${wanted} is outside ${topic}/${partition}, which holds offsets ${earliest} to ${latest}`,
        )
      }
      return String(wanted)
    }
    case 'timestamp': {
      // The first record at or after the time; none (all older) means the end of the log.
      const page = await admin.browse(topic, { partition, timestamp: target.timestamp, limit: 1 })
      return page.messages[0]?.offset ?? latest
    }
  }
}
