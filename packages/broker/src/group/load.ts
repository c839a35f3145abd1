/**
 * Rebuilding state from the journal, and the snapshot that replaces it when it is compacted.
 *
 * A loaded group with members is Stable in its last written generation (Kafka writes group
 * metadata only when a generation is synced, or the group empties); each member gets a fresh
 * session deadline, so clients that keep heartbeating across a broker restart carry on without
 * a rebalance, and those that went away are removed when their session expires.
 */
import { ClassicGroup } from './group.ts'
import type { GroupRecord, JournalRecord } from './journal.ts'
import { ClassicGroupMember } from './member.ts'
import { fromEntry } from './offset-store.ts'
import { rescheduleHeartbeat } from './rebalance.ts'
import type { Runtime } from './runtime.ts'

function restoreGroup(r: GroupRecord): ClassicGroup {
  const group = new ClassicGroup(r.id, r.ts, r.members.length > 0 ? 'Stable' : 'Empty')
  group.generationId = r.gen
  group.protocolType = r.ptype
  group.protocolName = r.pname
  for (const m of r.members) {
    const member = new ClassicGroupMember({
      memberId: m.id,
      groupInstanceId: m.iid,
      clientId: m.cid,
      clientHost: m.host,
      rebalanceTimeoutMs: m.rto,
      sessionTimeoutMs: m.sto,
      protocolType: r.ptype ?? '',
      protocols: r.pname === null ? [] : [{ name: r.pname, metadata: Buffer.from(m.sub, 'base64') }],
      assignment: Buffer.from(m.asg, 'base64'),
    })
    group.add(member)
  }
  group.leaderId = r.leader !== null && group.hasMember(r.leader) ? r.leader : group.leaderId
  group.subscribedTopics = group.computeSubscribedTopics()
  return group
}

/** Applies the journal to an empty runtime, then arms every loaded member's session deadline. */
export function replay(rt: Runtime, records: readonly JournalRecord[]): void {
  for (const r of records) {
    switch (r.t) {
      case 'group':
        rt.groups.set(r.id, restoreGroup(r))
        rt.groupRecords.set(r.id, r)
        break
      case 'group-del':
        rt.groups.delete(r.id)
        rt.groupRecords.delete(r.id)
        rt.offsets.deleteGroup(r.id)
        break
      case 'commit':
        // Offsets committed outside group management create a simple group, as in Kafka.
        if (!rt.groups.has(r.g)) rt.groups.set(r.g, new ClassicGroup(r.g, rt.clock.now()))
        for (const e of r.o) rt.offsets.put(r.g, e[0], e[1], fromEntry(e))
        break
      case 'offset-del':
        for (const [topic, partition] of r.o) rt.offsets.delete(r.g, topic, partition)
        break
    }
  }
  for (const group of rt.groups.values()) {
    for (const member of group.members.values()) rescheduleHeartbeat(rt, group, member)
  }
}

/**
 * What replaying the journal would restore, as the fewest records: each group's last metadata
 * record (not its in-flight rebalance) and one commit record per group with offsets.
 */
export function snapshot(rt: Runtime): JournalRecord[] {
  const records: JournalRecord[] = []
  for (const groupId of rt.groups.keys()) {
    const record = rt.groupRecords.get(groupId)
    if (record !== undefined) records.push(record)
    const entries = rt.offsets.entries(groupId)
    if (entries.length > 0) records.push({ t: 'commit', g: groupId, o: entries })
  }
  return records
}
