/**
 * Builds the group coordinator: loads the journal (file in `dir`, or memory), rebuilds groups and
 * offsets, compacts the journal, and starts the offset-expiry cycle.
 */
import { ErrorCodes } from '@spool/protocol'
import { deleteGroups, describeGroups, listGroups } from './admin.ts'
import { heartbeat } from './heartbeat.ts'
import { joinGroup } from './join.ts'
import { createMemoryJournal, type GroupJournal } from './journal.ts'
import { openFileJournal } from './journal-file.ts'
import { leaveGroup } from './leave.ts'
import { replay, snapshot } from './load.ts'
import { OffsetStore } from './offset-store.ts'
import { commitOffsets, deleteOffsets, dropTopics, expireOffsets, fetchOffsets } from './offsets.ts'
import { type GroupCoordinatorInput, resolveGroupCoordinatorOptions } from './options.ts'
import { joinError } from './rebalance.ts'
import { type Runtime, silentLogger } from './runtime.ts'
import { syncError, syncGroup } from './sync.ts'
import { KeyedTimers } from './timers.ts'
import type { GroupCoordinator } from './types.ts'

const EXPIRY_KEY = 'offsets-expiry'

/**
 * Creates a group coordinator.
 *
 * @example
 * const groups = await createGroupCoordinator({ dir: join(dataDir, '__groups'), groupInitialRebalanceDelay: 0 })
 * const result = await groups.joinGroup({ groupId: 'orders', memberId: '', groupInstanceId: null,
 *   protocolType: 'consumer', protocols, sessionTimeoutMs: 45_000, rebalanceTimeoutMs: 300_000,
 *   clientId: 'svc', clientHost: '/127.0.0.1', apiVersion: 9 })
 */
export async function createGroupCoordinator(input: GroupCoordinatorInput = {}): Promise<GroupCoordinator> {
  const options = resolveGroupCoordinatorOptions(input)
  const log = options.logger ?? silentLogger
  let journal: GroupJournal
  if (options.journal !== undefined) journal = options.journal
  else if (options.dir !== undefined) {
    journal = await openFileJournal(options.dir, (report) =>
      log.warn({ ...report, dir: options.dir }, 'group journal had damaged lines; they were dropped'),
    )
  } else journal = createMemoryJournal()

  let compacting = false
  let liveBytes = 0
  const rt: Runtime = {
    options,
    clock: options.clock,
    timers: new KeyedTimers(options.clock, (error, key) =>
      log.error({ err: error, timer: key.replaceAll('\u0000', ' ') }, 'group timer failed'),
    ),
    groups: new Map(),
    offsets: new OffsetStore(),
    journal,
    groupRecords: new Map(),
    log,
    closed: false,
    afterWrite() {
      if (compacting || rt.closed) return
      if (journal.size < options.journalCompactBytes || journal.size < 2 * liveBytes) return
      compacting = true
      compact().finally(() => {
        compacting = false
      })
    },
  }

  const compact = async () => {
    const records = snapshot(rt)
    liveBytes = records.reduce((n, r) => n + JSON.stringify(r).length + 1, 0)
    try {
      await journal.rewrite(records)
    } catch (error) {
      if (!rt.closed) log.error({ err: error }, 'group journal compaction failed')
    }
  }

  replay(rt, await journal.load())
  await compact()
  log.info({ groups: rt.groups.size, offsets: rt.offsets.size }, 'group coordinator loaded')

  const scheduleExpiry = () =>
    rt.timers.schedule(EXPIRY_KEY, options.offsetsRetentionCheckInterval, () => {
      scheduleExpiry()
      expireOffsets(rt).catch((error) => log.error({ err: error }, 'offset expiry failed'))
    })
  scheduleExpiry()

  return {
    joinGroup: (req) => joinGroup(rt, req),
    syncGroup: (req) => syncGroup(rt, req),
    heartbeat: (req) => heartbeat(rt, req),
    leaveGroup: (req) => leaveGroup(rt, req),
    commitOffsets: (req) => commitOffsets(rt, req),
    fetchOffsets: (groupId, topics, requireStable = false) =>
      fetchOffsets(rt, groupId, topics, requireStable),
    deleteOffsets: (groupId, topics) => deleteOffsets(rt, groupId, topics),
    describeGroups: (ids) => describeGroups(rt, ids),
    listGroups: (filter) => listGroups(rt, filter),
    deleteGroups: (ids) => deleteGroups(rt, ids),
    onTopicsDeleted: (topics) => dropTopics(rt, topics),
    async close() {
      if (rt.closed) return
      rt.closed = true
      rt.timers.cancelAll()
      // Parked requests learn the coordinator moved (Kafka's answer when a coordinator unloads).
      for (const group of rt.groups.values()) {
        for (const member of group.members.values()) {
          group.completeJoin(member, joinError(member.memberId, ErrorCodes.NOT_COORDINATOR))
          group.completeSync(member, syncError(ErrorCodes.NOT_COORDINATOR))
        }
      }
      await journal.close()
    },
  }
}
