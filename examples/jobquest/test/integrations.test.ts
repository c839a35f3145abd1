/**
 * Seed 004's integration points end to end, on the embedded broker and on real Kafka:
 * `serverKafka.publishX` for every type reaching `kafkaConsumer.registerEventHandler` handlers in
 * the BaseEvent shape, the activity logger (through the app's routes), the notification service,
 * and notifications streamed live to a browser by the gateway.
 */
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeOnBrokers } from '@spool/testing'
import type { JobQuest } from '../src/app.ts'
import type { JobQuestEvent } from '../src/events/base-event.ts'
import type { EventType } from '../src/events/catalog.ts'
import { EVENT_TYPES } from '../src/events/topics.ts'
import { http, newUser, openSse, startTestApp, waitFor } from './helpers.ts'

const allTypes = Object.values(EVENT_TYPES) as EventType[]

describeOnBrokers('example: jobquest integrations (seed 004)', (target) => {
  let app: JobQuest
  let close: () => Promise<void>
  /** Every event the consumer handled, by id. */
  const seen = new Map<string, JobQuestEvent>()
  before(async () => {
    ;({ app, close } = await startTestApp(target.bootstrap!))
    // Registered while the consumer runs: the seed's custom handlers.
    for (const type of allTypes) {
      app.kafkaConsumer.registerEventHandler(type, (event) => {
        seen.set(event.id, event)
      })
    }
  })
  after(() => close?.())

  const url = (path: string) => `${app.url}${path}`
  const handled = (ids: string[]) =>
    waitFor(
      () => ids.every((id) => seen.has(id)) && ids.map((id) => seen.get(id)!),
      `events ${ids.join(', ')}`,
    )

  it('serverKafka.publishX for every type reaches registerEventHandler handlers as BaseEvents', async () => {
    const user = newUser('linus')
    const k = app.serverKafka
    const metadata = { channel: 'web', attempt: 2, beta: true }
    const calls: Array<
      [EventType, Promise<{ id: string; type: string; topic: string }>, Record<string, unknown>]
    > = [
      [
        'mission.started',
        k.publishMissionStarted(user, 'm1', 'Focus', 'FOCUS', 25),
        { missionId: 'm1', missionName: 'Focus', missionType: 'FOCUS', duration: 25 },
      ],
      [
        'mission.completed',
        k.publishMissionCompleted(user, 'm1', 'Focus', 'FOCUS', 25, 50, { metadata }),
        { missionId: 'm1', missionName: 'Focus', missionType: 'FOCUS', duration: 25, xpEarned: 50 },
      ],
      [
        'mission.failed',
        k.publishMissionFailed(user, 'm2', 'Focus', 'FOCUS', 'abandoned'),
        { missionId: 'm2', missionName: 'Focus', missionType: 'FOCUS', reason: 'abandoned' },
      ],
      [
        'job.applied',
        k.publishJobApplied(user, 'j1', 'Engineer', 'Acme'),
        { jobId: 'j1', jobTitle: 'Engineer', company: 'Acme' },
      ],
      [
        'job.status.updated',
        k.publishJobStatusUpdated(user, 'j1', 'Engineer', 'applied', 'interview'),
        { jobId: 'j1', jobTitle: 'Engineer', previousStatus: 'applied', newStatus: 'interview' },
      ],
      [
        'achievement.unlocked',
        k.publishAchievementUnlocked(user, 'early-bird', 'Early Bird', 'A mission before 8'),
        { achievementId: 'early-bird', achievementName: 'Early Bird', description: 'A mission before 8' },
      ],
      ['level.up', k.publishLevelUp(user, 4, 5, 1000), { previousLevel: 4, newLevel: 5, totalXp: 1000 }],
      [
        'xp.earned',
        k.publishXpEarned(user, 25, 'bonus', 'welcome', 25),
        { amount: 25, source: 'bonus', sourceId: 'welcome', totalXp: 25 },
      ],
      [
        'daily.challenge.completed',
        k.publishDailyChallengeCompleted(user, 'd1', 'Two applications', 30),
        { challengeId: 'd1', challengeName: 'Two applications', xpEarned: 30 },
      ],
      [
        'daily.challenge.available',
        k.publishDailyChallengeAvailable(
          user,
          'd2',
          'Update CV',
          'Refresh it',
          20,
          '2030-01-02T00:00:00.000Z',
        ),
        {
          challengeId: 'd2',
          challengeName: 'Update CV',
          description: 'Refresh it',
          xpReward: 20,
          expiresAt: '2030-01-02T00:00:00.000Z',
        },
      ],
      [
        'learning.started',
        k.publishLearningStarted(user, 'r1', 'CV basics', 'article'),
        { resourceId: 'r1', resourceTitle: 'CV basics', resourceType: 'article' },
      ],
      [
        'learning.completed',
        k.publishLearningCompleted(user, 'r1', 'CV basics', 'article', 12, 20),
        {
          resourceId: 'r1',
          resourceTitle: 'CV basics',
          resourceType: 'article',
          timeSpent: 12,
          xpEarned: 20,
        },
      ],
      [
        'notification.sent',
        k.publishNotificationSent(user, 'n1', 'info', 'Hello', 'Welcome aboard'),
        { notificationId: 'n1', notificationType: 'info', title: 'Hello', message: 'Welcome aboard' },
      ],
      ['notification.read', k.publishNotificationRead(user, 'n1'), { notificationId: 'n1' }],
      [
        'user.registered',
        k.publishUserRegistered(user, 'linus@example.com', 'linus'),
        { email: 'linus@example.com', username: 'linus' },
      ],
      ['user.login', k.publishUserLogin(user, 'password'), { method: 'password' }],
      ['user.logout', k.publishUserLogout(user), { reason: 'user' }],
      [
        'system.error',
        k.publishSystemError(user, 'CV_PARSE', 'Unreadable file', { size: 0 }),
        { errorCode: 'CV_PARSE', message: 'Unreadable file', context: { size: 0 } },
      ],
    ]
    assert.deepEqual(
      calls.map(([type]) => type).sort(),
      [...allTypes].sort(),
      'one publish function per type',
    )
    const published = await Promise.all(calls.map(([, p]) => p))
    for (const [i, p] of published.entries()) {
      assert.equal(p.type, calls[i]![0])
      assert.equal(p.topic, app.catalog.require(p.type).topic)
    }

    const events = await handled(published.map((p) => p.id))
    for (const [i, event] of events.entries()) {
      const [type, , data] = calls[i]!
      assert.equal(event.type, type)
      assert.equal(event.userId, user)
      assert.match(event.timestamp, /^\d{4}-\d\d-\d\dT/)
      assert.deepEqual(event.data, data, type)
      assert.deepEqual(event.metadata, type === 'mission.completed' ? metadata : undefined, type)
    }

    // The engine counted what changes progress: XP from the mission, the challenge and the lesson.
    const progress = await waitFor(async () => {
      const { body } = await http(url(`/api/users/${user}/progress`))
      return body.data.achievements.length >= 5 && body.data
    }, 'the achievements')
    assert.equal(progress.xp, 50 + 30 + 20)
    assert.deepEqual(progress.achievements.map((a: any) => a.id).sort(), [
      'daily-challenger',
      'early-bird',
      'first-application',
      'first-interview',
      'first-mission',
    ])

    await assert.rejects(k.publishMissionCompleted(user, 'm3', 'Focus', 'FOCUS', 0, -1), {
      code: 'SPOOL_ERR_VALIDATION',
      message: /data\.duration.*data\.xpEarned/,
    })
    await assert.rejects(k.publishUserLogin('', 'password'), { code: 'JOBQUEST_ERR_NO_USER' })
    assert.throws(() => app.kafkaConsumer.registerEventHandler('mission.exploded' as EventType, () => {}), {
      code: 'JOBQUEST_ERR_UNKNOWN_EVENT',
    })
  })

  it('the activity logger publishes mission and job events (app routes) and achievements', async () => {
    const user = newUser('hopper')
    const base = url(`/api/users/${user}`)
    const mission = { missionName: 'Deep Work', missionType: 'FOCUS' }
    const responses = [
      await http(`${base}/missions/m1/start`, { body: { ...mission, duration: 50 } }),
      await http(`${base}/missions/m1/complete`, { body: { ...mission, duration: 50, xpEarned: 40 } }),
      await http(`${base}/missions/m2/fail`, { body: { ...mission, reason: 'interrupted' } }),
      await http(`${base}/jobs/j7/apply`, { body: { jobTitle: 'Data Engineer', company: 'Initech' } }),
    ]
    for (const r of responses) assert.equal(r.status, 202, JSON.stringify(r.body))
    const granted = await app.activityLogger.logAchievementUnlocked(user, {
      achievementId: 'early-bird',
      achievementName: 'Early Bird',
      description: 'Started a mission before 8',
    })
    const activities = [...responses.map((r) => r.body.data), granted]
    assert.deepEqual(
      activities.map((a) => a.type),
      ['mission.started', 'mission.completed', 'mission.failed', 'job.applied', 'achievement.unlocked'],
    )

    const events = await handled(activities.map((a) => a.eventId))
    assert.ok(events.every((e) => e.userId === user))
    assert.deepEqual(events[1]!.data, { missionId: 'm1', ...mission, duration: 50, xpEarned: 40 })
    assert.deepEqual(events[3]!.data, { jobId: 'j7', jobTitle: 'Data Engineer', company: 'Initech' })

    const progress = await waitFor(async () => {
      const { body } = await http(url(`/api/users/${user}/progress`))
      return body.data.achievements.length === 3 && body.data
    }, 'three achievements')
    assert.deepEqual(
      {
        started: progress.stats.missionsStarted,
        completed: progress.stats.missionsCompleted,
        failed: progress.stats.missionsFailed,
        streak: progress.stats.streak,
        applications: progress.stats.applications,
        xp: progress.xp,
      },
      { started: 1, completed: 1, failed: 1, streak: 0, applications: 1, xp: 40 },
    )
    assert.deepEqual(progress.achievements.map((a: any) => a.id).sort(), [
      'early-bird',
      'first-application',
      'first-mission',
    ])

    const log = (await http(url(`/api/users/${user}/activity`))).body.data.activities
    assert.deepEqual(
      log.map((a: any) => [a.type, a.eventId]),
      activities.map((a) => [a.type, a.eventId]),
    )
    assert.equal(log[1].description, 'Completed mission "Deep Work" (+40 XP)')

    const invalid = await http(`${base}/missions/m3/complete`, { body: { duration: 0 } })
    assert.equal(invalid.status, 400)
    assert.deepEqual(invalid.body.error.issues.map((i: any) => i.path).sort(), [
      'duration',
      'missionName',
      'missionType',
      'xpEarned',
    ])
  })

  it('notifications: show() publishes notification.sent, reading one publishes notification.read', async () => {
    const user = newUser('ada')
    const shown = await app.notifications.show(user, {
      type: 'success',
      title: 'CV saved',
      message: 'All good',
    })
    const [sent] = await handled([shown.id])
    assert.deepEqual(sent!.data, {
      notificationId: shown.id,
      notificationType: 'success',
      title: 'CV saved',
      message: 'All good',
    })
    const read = await http(url(`/api/users/${user}/notifications/${shown.id}/read`), {
      method: 'POST',
      body: {},
    })
    assert.equal(read.status, 200)
    await waitFor(
      () => [...seen.values()].some((e) => e.type === 'notification.read' && e.userId === user),
      'notification.read',
    )
    const inbox = (await http(url(`/api/users/${user}/activity`))).body.data.notifications
    assert.deepEqual(
      inbox.map((n: any) => [n.id, n.read]),
      [[shown.id, true]],
    )
    const missing = await http(url(`/api/users/${user}/notifications/nope/read`), {
      method: 'POST',
      body: {},
    })
    assert.equal(missing.status, 404)
    assert.equal(missing.body.error.code, 'SPOOL_ERR_NOT_FOUND')
  })

  it("a browser gets its user's notifications live from the gateway's stream", async (t) => {
    const user = newUser('grace')
    const other = newUser('eve')
    const sse = await openSse(url(`/api/kafka/stream?types=notification.sent&userId=${user}`))
    t.after(() => sse.close())
    await waitFor(() => sse.frames.some((f) => f.type === 'ready'), 'the stream to be ready', 30_000)
    for (const who of [other, user]) {
      const r = await http(url('/api/kafka/events'), {
        body: {
          eventType: 'mission.completed',
          data: { missionId: 'm1', missionName: 'Focus', missionType: 'FOCUS', duration: 25, xpEarned: 100 },
        },
        headers: { 'x-user-id': who },
      })
      assert.equal(r.status, 202)
    }
    const frames = await waitFor(() => {
      const events = sse.frames.filter((f) => f.type === 'event')
      return events.length >= 2 && events
    }, 'two notification frames')
    await new Promise((r) => setTimeout(r, 300))
    assert.equal(sse.frames.filter((f) => f.type === 'event').length, 2, "only this user's notifications")
    assert.deepEqual(
      frames.map((f: any) => [f.event.type, f.event.subject, f.event.data.title]),
      [
        ['notification.sent', user, 'Level 2!'],
        ['notification.sent', user, 'Achievement unlocked: First Steps'],
      ],
    )
  })
})
