/**
 * JobQuest's event catalog: the eighteen definitions of seed 004, with their types for
 * publishers and handlers, and the catalog under an optional topic namespace.
 */
import {
  type AnyEventDefinition,
  type Catalog,
  createCatalog,
  defineEvent,
  type EventData,
  type EventInput,
} from '@spool/catalog'
import {
  DailyChallengeAvailable,
  DailyChallengeCompleted,
  JobApplied,
  JobStatusUpdated,
  LearningCompleted,
  LearningStarted,
  MissionCompleted,
  MissionFailed,
  MissionStarted,
} from './activity.ts'
import { AchievementUnlocked, LevelUp, XpEarned } from './gamification.ts'
import {
  NotificationRead,
  NotificationSent,
  SystemError,
  UserLogin,
  UserLogout,
  UserRegistered,
} from './platform.ts'

/** Every JobQuest event, in the seed's order. */
export const jobQuestEvents = [
  MissionStarted,
  MissionCompleted,
  MissionFailed,
  JobApplied,
  JobStatusUpdated,
  AchievementUnlocked,
  LevelUp,
  XpEarned,
  DailyChallengeCompleted,
  DailyChallengeAvailable,
  LearningStarted,
  LearningCompleted,
  NotificationSent,
  NotificationRead,
  UserRegistered,
  UserLogin,
  UserLogout,
  SystemError,
] as const

export type JobQuestDefinition = (typeof jobQuestEvents)[number]
/** `'mission.completed' | 'level.up' | …` */
export type EventType = JobQuestDefinition['type']
export type DefinitionOf<T extends EventType> = Extract<JobQuestDefinition, { type: T }>
/** What a handler receives in `data` (schema output: defaults filled). */
export type DataOf<T extends EventType> = EventData<DefinitionOf<T>>
/** What a publisher passes as `data` (schema input: fields with defaults optional). */
export type InputOf<T extends EventType> = EventInput<DefinitionOf<T>>

/**
 * The catalog, with every topic under `namespace` when one is given (`staging.mission-events`),
 * so several JobQuests — or test runs — can share one cluster without reading each other's events.
 *
 * @example
 * const catalog = jobQuestCatalog()
 * catalog.topics() // ['mission-events', 'job-applications', 'achievements', …]
 * catalog.describe()['mission.completed'].required // ['missionId', 'missionName', …]
 */
export function jobQuestCatalog(namespace = ''): Catalog<JobQuestDefinition> {
  if (namespace === '') return createCatalog(jobQuestEvents)
  const moved = jobQuestEvents.map((def: AnyEventDefinition) =>
    defineEvent({ ...def, topic: `${namespace}.${def.topic}` }),
  )
  return createCatalog(moved as unknown as typeof jobQuestEvents)
}
