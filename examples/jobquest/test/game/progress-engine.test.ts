/** Levels, achievement rules and the progress engine, without Kafka. */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { JobQuestEvent } from '../../src/events/base-event.ts'
import { achievementRules, emptyStats, newlyReached } from '../../src/game/achievements.ts'
import { levelForXp, levelProgress, xpForLevel } from '../../src/game/levels.ts'
import { ProgressEngine } from '../../src/game/progress-engine.ts'
import { ProgressStore } from '../../src/game/progress-store.ts'
import { StateDb } from '../../src/state/state-db.ts'

let n = 0
const event = <T extends JobQuestEvent['type']>(type: T, data: unknown, userId = 'u1') =>
  ({ id: `e${++n}`, type, userId, timestamp: '2024-01-01T00:00:00.000Z', data }) as unknown as JobQuestEvent
const completed = (xpEarned: number, duration = 25, userId = 'u1') =>
  event(
    'mission.completed',
    { missionId: `m${n}`, missionName: 'Focus', missionType: 'FOCUS', duration, xpEarned },
    userId,
  )

/** A store and an engine over `db` (memory by default). */
const game = (db = StateDb.open(':memory:')) => {
  const store = new ProgressStore(db)
  return { db, store, engine: new ProgressEngine(store, db) }
}

describe('levels', () => {
  it('level L starts at 50·L·(L−1) XP', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map(xpForLevel), [0, 100, 300, 600, 1000])
    assert.deepEqual([0, 99, 100, 299, 300, 999, 1000].map(levelForXp), [1, 1, 2, 2, 3, 4, 5])
    assert.deepEqual(levelProgress(150), {
      level: 2,
      levelStartXp: 100,
      nextLevelXp: 300,
      xpToNextLevel: 150,
      percent: 25,
    })
  })
})

describe('achievement rules', () => {
  it('have unique ids and unlock only what is newly reached', () => {
    assert.equal(new Set(achievementRules.map((r) => r.id)).size, achievementRules.length)
    const stats = { ...emptyStats, missionsCompleted: 3, streak: 3, applications: 1 }
    assert.deepEqual(
      newlyReached(stats, new Set(['first-mission'])).map((r) => r.id),
      ['focus-streak-3', 'first-application'],
    )
  })
})

describe('progress engine', () => {
  it('turns a completed mission into XP, a level up and the first achievement, with ids from the cause', () => {
    const { store, engine } = game()
    const e = completed(120)
    assert.deepEqual(engine.apply(e), [
      {
        type: 'xp.earned',
        id: `${e.id}:xp`,
        data: { amount: 120, source: 'mission', sourceId: 'm' + (n - 1), totalXp: 120 },
      },
      { type: 'level.up', id: `${e.id}:level`, data: { previousLevel: 1, newLevel: 2, totalXp: 120 } },
      {
        type: 'achievement.unlocked',
        id: `${e.id}:achievement:first-mission`,
        data: {
          achievementId: 'first-mission',
          achievementName: 'First Steps',
          description: 'Complete your first mission',
        },
      },
    ])
    assert.equal(store.view('u1').level, 2)
  })

  it('a redelivered event changes nothing and yields the same results', () => {
    const { store, engine } = game()
    const e = completed(50)
    const first = engine.apply(e)
    assert.deepEqual(engine.apply(e), first)
    assert.equal(store.view('u1').xp, 50)
    assert.equal(store.view('u1').stats.missionsCompleted, 1)
  })

  it('streaks: three in a row unlock On a Roll; a failed mission resets the streak', () => {
    const { store, engine } = game()
    engine.apply(completed(10, 10))
    engine.apply(completed(10, 10))
    engine.apply(event('mission.failed', { missionId: 'x', missionName: 'F', missionType: 'F', reason: 'r' }))
    engine.apply(completed(10, 10))
    engine.apply(completed(10, 10))
    assert.equal(store.view('u1').stats.streak, 2)
    const third = engine.apply(completed(10, 10))
    assert.deepEqual(
      third.filter((d) => d.type === 'achievement.unlocked').map((d) => d.data),
      [
        {
          achievementId: 'focus-streak-3',
          achievementName: 'On a Roll',
          description: 'Complete 3 missions in a row without failing one',
        },
      ],
    )
    assert.equal(store.view('u1').stats.bestStreak, 3)
  })

  it('counts XP from challenges and learning, applications, interviews and offers; users are separate', () => {
    const { store, engine } = game()
    engine.apply(event('daily.challenge.completed', { challengeId: 'd', challengeName: 'D', xpEarned: 30 }))
    engine.apply(
      event('learning.completed', {
        resourceId: 'r',
        resourceTitle: 'R',
        resourceType: 'video',
        timeSpent: 5,
        xpEarned: 80,
      }),
    )
    engine.apply(event('job.applied', { jobId: 'j', jobTitle: 'J', company: 'C' }))
    const offer = engine.apply(
      event('job.status.updated', {
        jobId: 'j',
        jobTitle: 'J',
        previousStatus: 'interview',
        newStatus: 'offer',
      }),
    )
    const view = store.view('u1')
    assert.equal(view.xp, 110)
    assert.equal(view.level, 2)
    assert.deepEqual(
      view.achievements.map((a) => a.id),
      ['daily-challenger', 'first-application', 'first-offer'],
    )
    assert.deepEqual(
      offer.map((d) => d.type),
      ['achievement.unlocked'],
    )
    assert.equal(store.view('someone-else').xp, 0)
    assert.deepEqual(
      engine.apply(event('user.login', { method: 'password' })),
      [],
      'other events change nothing',
    )
  })

  it('state survives a restart from its file: progress is kept and a redelivered event still counts once', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'jobquest-state-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const path = join(dir, 'state.db')
    const first = game(StateDb.open(path))
    const e = completed(150)
    const derived = first.engine.apply(e)
    first.db.close()

    const again = game(StateDb.open(path))
    t.after(() => again.db.close())
    assert.equal(again.store.view('u1').xp, 150)
    assert.deepEqual(
      again.store.view('u1').achievements.map((a) => a.id),
      ['first-mission'],
    )
    assert.deepEqual(again.engine.apply(e), derived)
    assert.equal(again.store.view('u1').xp, 150)
    again.engine.apply(completed(150))
    assert.equal(again.store.view('u1').level, 3)
  })
})
