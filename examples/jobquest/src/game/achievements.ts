/**
 * The achievements the progress engine awards, each a rule over a user's counters. A rule is
 * checked after every event that changes the counters; what it newly satisfies is unlocked once.
 */

/** What the engine counts per user. */
export interface Stats {
  missionsStarted: number
  missionsCompleted: number
  missionsFailed: number
  /** Missions completed in a row since the last failed one. */
  streak: number
  bestStreak: number
  focusMinutes: number
  challengesCompleted: number
  lessonsCompleted: number
  applications: number
  interviews: number
  offers: number
}

export const emptyStats: Readonly<Stats> = Object.freeze({
  missionsStarted: 0,
  missionsCompleted: 0,
  missionsFailed: 0,
  streak: 0,
  bestStreak: 0,
  focusMinutes: 0,
  challengesCompleted: 0,
  lessonsCompleted: 0,
  applications: 0,
  interviews: 0,
  offers: 0,
})

export interface AchievementRule {
  id: string
  name: string
  description: string
  reached(stats: Stats): boolean
}

export const achievementRules: readonly AchievementRule[] = Object.freeze([
  {
    id: 'first-mission',
    name: 'First Steps',
    description: 'Complete your first mission',
    reached: (s: Stats) => s.missionsCompleted >= 1,
  },
  {
    id: 'focus-streak-3',
    name: 'On a Roll',
    description: 'Complete 3 missions in a row without failing one',
    reached: (s: Stats) => s.streak >= 3,
  },
  {
    id: 'focus-streak-7',
    name: 'Unstoppable',
    description: 'Complete 7 missions in a row without failing one',
    reached: (s: Stats) => s.streak >= 7,
  },
  {
    id: 'deep-focus',
    name: 'Deep Focus',
    description: 'Spend 120 minutes in completed missions',
    reached: (s: Stats) => s.focusMinutes >= 120,
  },
  {
    id: 'first-application',
    name: 'Job Hunter',
    description: 'Apply to your first job',
    reached: (s: Stats) => s.applications >= 1,
  },
  {
    id: 'ten-applications',
    name: 'Persistent',
    description: 'Apply to 10 jobs',
    reached: (s: Stats) => s.applications >= 10,
  },
  {
    id: 'first-interview',
    name: 'Foot in the Door',
    description: 'Get invited to an interview',
    reached: (s: Stats) => s.interviews >= 1,
  },
  {
    id: 'first-offer',
    name: 'Hired!',
    description: 'Receive a job offer',
    reached: (s: Stats) => s.offers >= 1,
  },
  {
    id: 'daily-challenger',
    name: 'Challenger',
    description: 'Complete a daily challenge',
    reached: (s: Stats) => s.challengesCompleted >= 1,
  },
  {
    id: 'lifelong-learner',
    name: 'Lifelong Learner',
    description: 'Complete 5 learning resources',
    reached: (s: Stats) => s.lessonsCompleted >= 5,
  },
])

/**
 * The rules `stats` satisfies that are not in `unlocked` yet.
 *
 * @example
 * newlyReached({ ...emptyStats, missionsCompleted: 1, streak: 1 }, new Set()) // [first-mission]
 */
export function newlyReached(stats: Stats, unlocked: ReadonlySet<string>): AchievementRule[] {
  return achievementRules.filter((rule) => !unlocked.has(rule.id) && rule.reached(stats))
}
