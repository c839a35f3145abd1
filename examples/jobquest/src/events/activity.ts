/**
 * What users do: missions, job applications, daily challenges and learning. Every event is about
 * one user (seed 004's `BaseEvent.userId`), which travels as the CloudEvents `subject` and the
 * Kafka key, not inside `data` — so a user's events stay in order on their partition.
 */
import { defineEvent } from '@spool/catalog'
import { z } from 'zod'
import { EVENT_TYPES, TOPICS } from './topics.ts'

const id = z.string().min(1).max(200)
const name = z.string().min(1).max(300)
const minutes = z
  .number()
  .int()
  .positive()
  .max(24 * 60)
/** Rewards stay within what one action can earn, so a forged event cannot grant a fortune. */
const xp = z.number().int().nonnegative().max(10_000)

/** Data schemas the app's own routes reuse to check their bodies. */
export const missionStartedData = z.object({
  missionId: id,
  missionName: name,
  missionType: id,
  duration: minutes,
})
export const missionCompletedData = missionStartedData.extend({ xpEarned: xp })
export const missionFailedData = z.object({ missionId: id, missionName: name, missionType: id, reason: name })
export const jobAppliedData = z.object({ jobId: id, jobTitle: name, company: name })

export const MissionStarted = defineEvent({
  type: EVENT_TYPES.MISSION_STARTED,
  topic: TOPICS.MISSION_EVENTS,
  description: 'Published when a user starts a focus mission',
  schema: missionStartedData,
  example: { missionId: 'mission_123', missionName: 'Focus Session', missionType: 'FOCUS', duration: 25 },
})

export const MissionCompleted = defineEvent({
  type: EVENT_TYPES.MISSION_COMPLETED,
  topic: TOPICS.MISSION_EVENTS,
  description: 'Published when a user completes a mission',
  schema: missionCompletedData,
  example: {
    missionId: 'mission_123',
    missionName: 'Focus Session',
    missionType: 'FOCUS',
    duration: 25,
    xpEarned: 50,
  },
})

export const MissionFailed = defineEvent({
  type: EVENT_TYPES.MISSION_FAILED,
  topic: TOPICS.MISSION_EVENTS,
  description: 'Published when a user fails (abandons) a mission; it ends their focus streak',
  schema: missionFailedData,
  example: {
    missionId: 'mission_123',
    missionName: 'Focus Session',
    missionType: 'FOCUS',
    reason: 'abandoned',
  },
})

/** Where an application stands. */
export const jobStatuses = ['applied', 'screening', 'interview', 'offer', 'rejected', 'withdrawn'] as const

export const JobApplied = defineEvent({
  type: EVENT_TYPES.JOB_APPLIED,
  topic: TOPICS.JOB_APPLICATIONS,
  description: 'Published when a user applies to a job',
  schema: jobAppliedData,
  example: { jobId: 'job_42', jobTitle: 'Frontend Engineer', company: 'Acme' },
})

export const JobStatusUpdated = defineEvent({
  type: EVENT_TYPES.JOB_STATUS_UPDATED,
  topic: TOPICS.JOB_APPLICATIONS,
  description: "Published when a job application's status changes",
  schema: z.object({
    jobId: id,
    jobTitle: name,
    previousStatus: z.enum(jobStatuses),
    newStatus: z.enum(jobStatuses),
  }),
  example: {
    jobId: 'job_42',
    jobTitle: 'Frontend Engineer',
    previousStatus: 'applied',
    newStatus: 'interview',
  },
})

export const DailyChallengeCompleted = defineEvent({
  type: EVENT_TYPES.DAILY_CHALLENGE_COMPLETED,
  topic: TOPICS.DAILY_CHALLENGES,
  description: 'Published when a user completes a daily challenge',
  schema: z.object({ challengeId: id, challengeName: name, xpEarned: xp }),
  example: { challengeId: 'daily_2024_01_01', challengeName: 'Apply to two jobs', xpEarned: 30 },
})

export const DailyChallengeAvailable = defineEvent({
  type: EVENT_TYPES.DAILY_CHALLENGE_AVAILABLE,
  topic: TOPICS.DAILY_CHALLENGES,
  description: 'Published when a new daily challenge becomes available to a user',
  schema: z.object({
    challengeId: id,
    challengeName: name,
    description: z.string().max(2_000),
    xpReward: xp,
    expiresAt: z.iso.datetime(),
  }),
  example: {
    challengeId: 'daily_2024_01_01',
    challengeName: 'Apply to two jobs',
    description: 'Send two applications today',
    xpReward: 30,
    expiresAt: '2024-01-02T00:00:00.000Z',
  },
})

const resourceType = z.enum(['article', 'video', 'course', 'exercise'])

export const LearningStarted = defineEvent({
  type: EVENT_TYPES.LEARNING_STARTED,
  topic: TOPICS.LEARNING_PROGRESS,
  description: 'Published when a user starts a learning resource',
  schema: z.object({ resourceId: id, resourceTitle: name, resourceType }),
  example: { resourceId: 'res_7', resourceTitle: 'Writing a great CV', resourceType: 'article' },
})

export const LearningCompleted = defineEvent({
  type: EVENT_TYPES.LEARNING_COMPLETED,
  topic: TOPICS.LEARNING_PROGRESS,
  description: 'Published when a user completes a learning resource',
  schema: z.object({ resourceId: id, resourceTitle: name, resourceType, timeSpent: minutes, xpEarned: xp }),
  example: {
    resourceId: 'res_7',
    resourceTitle: 'Writing a great CV',
    resourceType: 'article',
    timeSpent: 12,
    xpEarned: 20,
  },
})
