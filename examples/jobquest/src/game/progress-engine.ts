/**
 * The progress engine: turns what users do into XP, levels and achievements.
 *
 * - mission.completed, daily.challenge.completed, learning.completed → XP (`xp.earned`)
 * - XP crossing a level threshold → `level.up`
 * - counters satisfying an achievement rule (first mission, a streak of 3, …) → `achievement.unlocked`
 * - mission.failed ends the focus streak; job.applied / job.status.updated count applications,
 *   interviews and offers.
 *
 * `apply` is synchronous, so two events of one user never interleave between reading and writing
 * the state. It remembers what each event produced: an event delivered again (a retry after the
 * publish of its results failed) changes nothing and yields the same results with the same ids,
 * which consumers of those results then see as duplicates.
 */
import type { JobQuestEvent } from '../events/base-event.ts'
import type { DataOf } from '../events/catalog.ts'
import type { StateDb } from '../state/state-db.ts'
import { newlyReached } from './achievements.ts'
import { levelForXp } from './levels.ts'
import type { ProgressStore } from './progress-store.ts'

type DerivedType = 'xp.earned' | 'level.up' | 'achievement.unlocked'

/** An event the engine wants published, with an id derived from the event that caused it. */
export type DerivedEvent = { [T in DerivedType]: { type: T; id: string; data: DataOf<T> } }[DerivedType]

interface XpGain {
  amount: number
  source: DataOf<'xp.earned'>['source']
  sourceId: string
}

/**
 * @example
 * const engine = new ProgressEngine(store, db)
 * engine.apply(missionCompletedEvent) // [{ type: 'xp.earned', … }, { type: 'achievement.unlocked', … }]
 */
export class ProgressEngine {
  readonly #store: ProgressStore
  readonly #db: StateDb
  readonly #remembered = new Map<string, DerivedEvent[]>()
  readonly #remember: number

  /** `remember`: how many events' results are kept to answer redeliveries (oldest forgotten first). */
  constructor(store: ProgressStore, db: StateDb, remember = 100_000) {
    this.#store = store
    this.#db = db
    this.#remember = remember
    for (const [id, derived] of db.load<DerivedEvent[]>('outcome')) this.#remembered.set(id, derived)
  }

  apply(event: JobQuestEvent): DerivedEvent[] {
    const known = this.#remembered.get(event.id)
    if (known) return known
    // The new state and the record that this event was counted are written together.
    return this.#db.transaction(() => {
      const derived = this.#compute(event)
      this.#store.save(event.userId)
      this.#remembered.set(event.id, derived)
      this.#db.save('outcome', event.id, derived)
      if (this.#remembered.size > this.#remember) {
        const oldest = this.#remembered.keys().next().value as string
        this.#remembered.delete(oldest)
        this.#db.delete('outcome', oldest)
      }
      return derived
    })
  }

  #compute(event: JobQuestEvent): DerivedEvent[] {
    const user = this.#store.user(event.userId)
    const stats = user.stats
    let gain: XpGain | undefined
    switch (event.type) {
      case 'mission.started':
        stats.missionsStarted++
        break
      case 'mission.completed':
        stats.missionsCompleted++
        stats.streak++
        stats.bestStreak = Math.max(stats.bestStreak, stats.streak)
        stats.focusMinutes += event.data.duration
        gain = { amount: event.data.xpEarned, source: 'mission', sourceId: event.data.missionId }
        break
      case 'mission.failed':
        stats.missionsFailed++
        stats.streak = 0
        break
      case 'daily.challenge.completed':
        stats.challengesCompleted++
        gain = { amount: event.data.xpEarned, source: 'daily-challenge', sourceId: event.data.challengeId }
        break
      case 'learning.completed':
        stats.lessonsCompleted++
        gain = { amount: event.data.xpEarned, source: 'learning', sourceId: event.data.resourceId }
        break
      case 'job.applied':
        stats.applications++
        break
      case 'job.status.updated':
        if (event.data.newStatus === 'interview') stats.interviews++
        if (event.data.newStatus === 'offer') stats.offers++
        break
      default:
        return []
    }
    user.updatedAt = event.timestamp
    const derived: DerivedEvent[] = []
    if (gain && gain.amount > 0) {
      const previousLevel = levelForXp(user.xp)
      user.xp += gain.amount
      derived.push({ type: 'xp.earned', id: `${event.id}:xp`, data: { ...gain, totalXp: user.xp } })
      const newLevel = levelForXp(user.xp)
      if (newLevel > previousLevel) {
        derived.push({
          type: 'level.up',
          id: `${event.id}:level`,
          data: { previousLevel, newLevel, totalXp: user.xp },
        })
      }
    }
    const unlocked = new Set(user.achievements.map((a) => a.id))
    for (const rule of newlyReached(stats, unlocked)) {
      const achievement = {
        id: rule.id,
        name: rule.name,
        description: rule.description,
        unlockedAt: event.timestamp,
      }
      this.#store.unlock(event.userId, achievement)
      derived.push({
        type: 'achievement.unlocked',
        id: `${event.id}:achievement:${rule.id}`,
        data: { achievementId: rule.id, achievementName: rule.name, description: rule.description },
      })
    }
    return derived
  }
}
