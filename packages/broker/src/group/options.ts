/**
 * The group coordinator's options: one type, one frozen default object (units in the comments),
 * validated once by {@link resolveGroupCoordinatorOptions}. Names in parentheses are Kafka's settings.
 */
import type { Logger } from 'pino'
import { invalidOption } from '../errors.ts'
import { type Clock, systemClock } from './clock.ts'
import type { GroupJournal } from './journal.ts'

export interface GroupCoordinatorOptions {
  /** Directory of the coordinator's journal; undefined keeps groups and offsets in memory only. */
  dir: string | undefined
  /** A journal to use instead of `dir` (tests, custom storage). */
  journal: GroupJournal | undefined
  /** Time and timers; a manual clock makes the state machine deterministic in tests. */
  clock: Clock
  /** pino logger; default silent. */
  logger: Logger | undefined
  /** Wait before the first rebalance of an empty group, ms (group.initial.rebalance.delay.ms). */
  groupInitialRebalanceDelay: number
  /** Smallest session timeout a member may ask for, ms (group.min.session.timeout.ms). */
  groupMinSessionTimeout: number
  /** Largest session timeout a member may ask for, ms (group.max.session.timeout.ms). */
  groupMaxSessionTimeout: number
  /** Members per group (group.max.size). */
  groupMaxSize: number
  /** A new member's parked JoinGroup expires after this, ms (group.classic.new.member.join.timeout.ms). */
  groupNewMemberJoinTimeout: number
  /** Longest commit metadata string, characters (offset.metadata.max.bytes). */
  offsetMetadataMaxBytes: number
  /** Offsets of an empty group expire this long after it emptied, ms (offsets.retention.minutes). */
  offsetsRetention: number
  /** How often expired offsets are removed, ms (offsets.retention.check.interval.ms). */
  offsetsRetentionCheckInterval: number
  /** The journal is rewritten from memory once it passes this size and twice the live state, bytes. */
  journalCompactBytes: number
}

export type GroupCoordinatorInput = Partial<GroupCoordinatorOptions>

/**
 * The defaults.
 *
 * @example
 * createGroupCoordinator({ ...defaultGroupCoordinatorOptions, dir: '/data/groups' })
 */
export const defaultGroupCoordinatorOptions: Readonly<GroupCoordinatorOptions> = Object.freeze({
  dir: undefined,
  journal: undefined,
  clock: systemClock,
  logger: undefined,
  // Kafka waits 3 s for more members of a starting application; a development broker should not.
  groupInitialRebalanceDelay: 0, // ms
  groupMinSessionTimeout: 6_000, // 6 s
  groupMaxSessionTimeout: 1_800_000, // 30 min
  groupMaxSize: 2_147_483_647,
  groupNewMemberJoinTimeout: 300_000, // 5 min
  offsetMetadataMaxBytes: 4_096,
  offsetsRetention: 604_800_000, // 7 days
  offsetsRetentionCheckInterval: 600_000, // 10 min
  journalCompactBytes: 16_777_216, // 16 MiB
})

const KNOWN = new Set(Object.keys(defaultGroupCoordinatorOptions))

const int = (name: string, v: unknown, min: number): void => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 2_147_483_647)
    throw invalidOption(name, `an integer from ${min} to 2147483647`, v)
}

/**
 * Fills in defaults, validates (naming the bad property) and freezes.
 *
 * @example
 * const options = resolveGroupCoordinatorOptions({ groupInitialRebalanceDelay: 3_000 })
 */
export function resolveGroupCoordinatorOptions(
  input: GroupCoordinatorInput = {},
): Readonly<GroupCoordinatorOptions> {
  for (const key of Object.keys(input)) {
    if (!KNOWN.has(key)) throw invalidOption(key, 'a known group coordinator option', 'an unknown property')
  }
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
  const o: GroupCoordinatorOptions = { ...defaultGroupCoordinatorOptions, ...defined }
  if (o.dir !== undefined && (typeof o.dir !== 'string' || o.dir === ''))
    throw invalidOption('dir', 'a directory path', o.dir)
  if (typeof o.clock?.now !== 'function' || typeof o.clock.setTimer !== 'function')
    throw invalidOption('clock', 'a Clock', o.clock)
  int('groupInitialRebalanceDelay', o.groupInitialRebalanceDelay, 0)
  int('groupMinSessionTimeout', o.groupMinSessionTimeout, 0)
  int('groupMaxSessionTimeout', o.groupMaxSessionTimeout, 0)
  if (o.groupMaxSessionTimeout < o.groupMinSessionTimeout)
    throw invalidOption('groupMaxSessionTimeout', 'at least groupMinSessionTimeout', o.groupMaxSessionTimeout)
  int('groupMaxSize', o.groupMaxSize, 1)
  int('groupNewMemberJoinTimeout', o.groupNewMemberJoinTimeout, 1)
  int('offsetMetadataMaxBytes', o.offsetMetadataMaxBytes, 0)
  if (!Number.isSafeInteger(o.offsetsRetention) || o.offsetsRetention < 1)
    throw invalidOption('offsetsRetention', 'a positive integer (ms)', o.offsetsRetention)
  int('offsetsRetentionCheckInterval', o.offsetsRetentionCheckInterval, 1)
  if (!Number.isSafeInteger(o.journalCompactBytes) || o.journalCompactBytes < 0)
    throw invalidOption('journalCompactBytes', 'a non-negative integer (bytes)', o.journalCompactBytes)
  return Object.freeze(o)
}
