/**
 * Per-user game state: XP, counters and unlocked achievements, read from memory and written
 * through to the state file. The progress engine writes it while consuming events;
 * GET /api/users/:userId/progress reads it.
 */
import type { StateDb } from '../state/state-db.ts'
import { emptyStats, type Stats } from './achievements.ts'
import { type LevelProgress, levelProgress } from './levels.ts'

export interface UnlockedAchievement {
  id: string
  name: string
  description: string
  unlockedAt: string
}

export interface UserProgress {
  userId: string
  xp: number
  stats: Stats
  achievements: UnlockedAchievement[]
  /** Time of the last event that changed this user's progress. */
  updatedAt: string | null
}

/** What the progress route returns: the state plus where the user stands in their level. */
export type ProgressView = UserProgress & LevelProgress

/**
 * @example
 * const store = new ProgressStore(StateDb.open(':memory:'))
 * store.user('u1').xp += 50
 * store.save('u1')
 * store.view('u1').level // 1
 */
export class ProgressStore {
  readonly #users = new Map<string, UserProgress>()
  readonly #db: StateDb

  constructor(db: StateDb) {
    this.#db = db
    for (const [userId, progress] of db.load<UserProgress>('user')) this.#users.set(userId, progress)
  }

  /** Writes the user's state through to the file (after changing what `user()` returned). */
  save(userId: string): void {
    const progress = this.#users.get(userId)
    if (progress) this.#db.save('user', userId, progress)
  }

  /** The user's state, created empty on first use. */
  user(userId: string): UserProgress {
    let progress = this.#users.get(userId)
    if (!progress) {
      progress = { userId, xp: 0, stats: { ...emptyStats }, achievements: [], updatedAt: null }
      this.#users.set(userId, progress)
    }
    return progress
  }

  /** A copy of the user's state with their level; a user with no events yet is at level 1 with 0 XP. */
  view(userId: string): ProgressView {
    const progress = this.#users.get(userId)
    const state: UserProgress = progress
      ? structuredClone(progress)
      : { userId, xp: 0, stats: { ...emptyStats }, achievements: [], updatedAt: null }
    return { ...state, ...levelProgress(state.xp) }
  }

  hasAchievement(userId: string, achievementId: string): boolean {
    return this.#users.get(userId)?.achievements.some((a) => a.id === achievementId) ?? false
  }

  /** Records an achievement; false when the user already had it. */
  unlock(userId: string, achievement: UnlockedAchievement): boolean {
    if (this.hasAchievement(userId, achievement.id)) return false
    this.user(userId).achievements.push(achievement)
    this.save(userId)
    return true
  }

  get size(): number {
    return this.#users.size
  }
}
