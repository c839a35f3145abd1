/**
 * What the game derives: XP earned, level ups and achievement unlocks, all on `achievements`.
 * JobQuest's progress engine publishes them while consuming mission, challenge, learning and job
 * events; anything else may publish them too (an admin granting an achievement).
 */
import { defineEvent } from '@spool/catalog'
import { z } from 'zod'
import { EVENT_TYPES, TOPICS } from './topics.ts'

const id = z.string().min(1).max(200)
const level = z.number().int().positive()
const totalXp = z.number().int().nonnegative()

/** Where XP comes from. */
export const xpSources = ['mission', 'daily-challenge', 'learning', 'bonus'] as const

export const AchievementUnlocked = defineEvent({
  type: EVENT_TYPES.ACHIEVEMENT_UNLOCKED,
  topic: TOPICS.ACHIEVEMENTS,
  description: 'Published when a user unlocks an achievement',
  schema: z.object({
    achievementId: id,
    achievementName: z.string().min(1).max(300),
    description: z.string().max(2_000),
  }),
  example: {
    achievementId: 'first-mission',
    achievementName: 'First Steps',
    description: 'Complete your first mission',
  },
})

export const LevelUp = defineEvent({
  type: EVENT_TYPES.LEVEL_UP,
  topic: TOPICS.ACHIEVEMENTS,
  description: 'Published when a user reaches a new level',
  schema: z
    .object({ previousLevel: level, newLevel: level, totalXp })
    .refine((d) => d.newLevel > d.previousLevel, {
      path: ['newLevel'],
      message: 'must be above previousLevel',
    }),
  example: { previousLevel: 1, newLevel: 2, totalXp: 120 },
})

export const XpEarned = defineEvent({
  type: EVENT_TYPES.XP_EARNED,
  topic: TOPICS.ACHIEVEMENTS,
  description: 'Published when a user earns XP points',
  schema: z.object({
    amount: z.number().int().positive(),
    source: z.enum(xpSources),
    sourceId: id,
    totalXp,
  }),
  example: { amount: 50, source: 'mission', sourceId: 'mission_123', totalXp: 120 },
})
