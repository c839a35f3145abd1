/**
 * Seed 004's REST API end to end, over real HTTP, on the embedded broker and on real Kafka:
 * the catalog listing, a completed mission turning into XP, a level up and achievements, invalid
 * events refused naming their fields, and the consumer stopped and restarted through the status
 * route.
 */
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeOnBrokers } from '@spool/testing'
import type { JobQuest } from '../src/app.ts'
import { http, newUser, startTestApp, waitFor } from './helpers.ts'

/** Every type of the seed with the fields a publisher must give. */
const required: Record<string, string[]> = {
  'mission.started': ['missionId', 'missionName', 'missionType', 'duration'],
  'mission.completed': ['missionId', 'missionName', 'missionType', 'duration', 'xpEarned'],
  'mission.failed': ['missionId', 'missionName', 'missionType', 'reason'],
  'job.applied': ['jobId', 'jobTitle', 'company'],
  'job.status.updated': ['jobId', 'jobTitle', 'previousStatus', 'newStatus'],
  'achievement.unlocked': ['achievementId', 'achievementName', 'description'],
  'level.up': ['previousLevel', 'newLevel', 'totalXp'],
  'xp.earned': ['amount', 'source', 'sourceId', 'totalXp'],
  'daily.challenge.completed': ['challengeId', 'challengeName', 'xpEarned'],
  'daily.challenge.available': ['challengeId', 'challengeName', 'description', 'xpReward', 'expiresAt'],
  'learning.started': ['resourceId', 'resourceTitle', 'resourceType'],
  'learning.completed': ['resourceId', 'resourceTitle', 'resourceType', 'timeSpent', 'xpEarned'],
  'notification.sent': ['notificationId', 'notificationType', 'title', 'message'],
  'notification.read': ['notificationId'],
  'user.registered': ['email', 'username'],
  'user.login': ['method'],
  'user.logout': [],
  'system.error': ['errorCode', 'message'],
}

const focus = (n: number, xpEarned: number) => ({
  missionId: `mission_${n}`,
  missionName: 'Focus Session',
  missionType: 'FOCUS',
  duration: 25,
  xpEarned,
})

describeOnBrokers('example: jobquest REST API (seed 004)', (target) => {
  let app: JobQuest
  let close: () => Promise<void>
  before(async () => {
    ;({ app, close } = await startTestApp(target.bootstrap!))
  })
  after(() => close?.())

  const url = (path: string) => `${app.url}${path}`
  const topic = (name: string) => `${app.options.namespace}.${name}`
  const progress = async (user: string) => (await http(url(`/api/users/${user}/progress`))).body.data
  /** The CloudEvents on `name` about `user`, oldest first, read with the gateway's message browser. */
  const eventsOn = async (name: string, user: string): Promise<any[]> => {
    const query = new URLSearchParams({ from: 'earliest', limit: '100', filter: `subject=${user}` })
    const { status, body } = await http(url(`/api/kafka/topics/${topic(name)}/messages?${query}`))
    assert.equal(status, 200, JSON.stringify(body))
    return body.data.messages.map((m: { value: string }) => JSON.parse(m.value))
  }
  const publish = (body: unknown, headers: Record<string, string> = {}) =>
    http(url('/api/kafka/events'), { body, headers })

  it('GET /api/kafka/events lists every type with its required fields, topic and schema', async () => {
    const { status, body } = await http(url('/api/kafka/events'))
    assert.equal(status, 200)
    assert.equal(body.status, 'success')
    const types = body.data.eventTypes
    assert.deepEqual(Object.keys(types).sort(), Object.keys(required).sort())
    for (const [type, fields] of Object.entries(required)) {
      assert.deepEqual(types[type].required, fields, type)
      assert.ok(types[type].description.startsWith('Published when'), type)
      assert.equal(types[type].schema.type, 'object', type)
    }
    assert.equal(types['mission.completed'].description, 'Published when a user completes a mission')
    assert.deepEqual(types['mission.completed'].example, focus(123, 50))
    const topics = new Set(
      Object.values(types).map((t: any) => t.topic.slice(app.options.namespace.length + 1)),
    )
    assert.deepEqual(
      [...topics].sort(),
      [
        'achievements',
        'daily-challenges',
        'job-applications',
        'learning-progress',
        'mission-events',
        'notifications',
        'system-events',
        'user-activities',
      ],
      'all eight seed topics carry events',
    )
  })

  it('POST mission.completed → xp.earned, level.up, achievement.unlocked, notifications; progress shows them', async () => {
    const user = newUser('ada')
    const { status, body } = await publish(
      { eventType: 'mission.completed', data: focus(1, 120) },
      { 'x-user-id': user },
    )
    assert.equal(status, 202, JSON.stringify(body))
    assert.equal(body.data.topic, topic('mission-events'))
    assert.equal(body.data.spooled, false)
    const id = body.data.id

    const after1 = await waitFor(async () => {
      const p = await progress(user)
      return p.achievements.length > 0 && p
    }, 'the first mission to be scored')
    assert.equal(after1.xp, 120)
    assert.equal(after1.level, 2)
    assert.equal(after1.stats.missionsCompleted, 1)
    assert.equal(after1.stats.streak, 1)
    assert.deepEqual(
      after1.achievements.map((a: any) => a.id),
      ['first-mission'],
    )

    // What the engine published: in order on the user's partition, with ids made from the cause.
    const derived = await waitFor(async () => {
      const events = await eventsOn('achievements', user)
      return events.length === 3 && events
    }, 'three derived events')
    assert.deepEqual(
      derived.map((e) => [e.type, e.id, e.subject]),
      [
        ['xp.earned', `${id}:xp`, user],
        ['level.up', `${id}:level`, user],
        ['achievement.unlocked', `${id}:achievement:first-mission`, user],
      ],
    )
    assert.deepEqual(derived[0].data, { amount: 120, source: 'mission', sourceId: 'mission_1', totalXp: 120 })
    assert.deepEqual(derived[1].data, { previousLevel: 1, newLevel: 2, totalXp: 120 })
    assert.equal(derived[2].data.achievementName, 'First Steps')

    // Level ups and achievements are consumed in turn and shown as notifications (notification.sent).
    const inbox = await waitFor(async () => {
      const { body } = await http(url(`/api/users/${user}/activity`))
      return body.data.notifications.length === 2 && body.data.notifications
    }, 'two notifications')
    assert.deepEqual(
      inbox.map((n: any) => [n.type, n.title]),
      [
        ['level-up', 'Level 2!'],
        ['achievement', 'Achievement unlocked: First Steps'],
      ],
    )
    const sent = await waitFor(async () => {
      const events = await eventsOn('notifications', user)
      return events.length === 2 && events
    }, 'two notification.sent events')
    assert.deepEqual(
      sent.map((e) => [e.type, e.data.notificationId]),
      inbox.map((n: any) => ['notification.sent', n.id]),
    )

    // Two more in a row (userId in the body this time): a streak of 3, 300 XP = level 3.
    for (const n of [2, 3]) {
      const r = await publish({ eventType: 'mission.completed', userId: user, data: focus(n, 90) })
      assert.equal(r.status, 202)
    }
    const after3 = await waitFor(async () => {
      const p = await progress(user)
      return p.stats.missionsCompleted === 3 && p
    }, 'three missions')
    assert.equal(after3.xp, 300)
    assert.equal(after3.level, 3)
    assert.deepEqual(
      after3.achievements.map((a: any) => a.id),
      ['first-mission', 'focus-streak-3'],
    )
    // A failed mission ends the streak.
    const failed = await publish({
      eventType: 'mission.failed',
      userId: user,
      data: {
        missionId: 'mission_4',
        missionName: 'Focus Session',
        missionType: 'FOCUS',
        reason: 'abandoned',
      },
    })
    assert.equal(failed.status, 202)
    const after4 = await waitFor(async () => {
      const p = await progress(user)
      return p.stats.missionsFailed === 1 && p
    }, 'the failed mission')
    assert.equal(after4.stats.streak, 0)
    assert.equal(after4.stats.bestStreak, 3)
    const levelUps = (await eventsOn('achievements', user)).filter((e) => e.type === 'level.up')
    assert.deepEqual(
      levelUps.map((e) => e.data.newLevel),
      [2, 3],
    )
  })

  it('invalid events are refused with 400 naming every bad field, and nothing is published', async () => {
    const user = newUser('mallory')
    const bad = await publish({
      eventType: 'mission.completed',
      userId: user,
      data: { missionId: '', missionName: 'Focus', duration: -5, xpEarned: 'lots' },
    })
    assert.equal(bad.status, 400)
    assert.equal(bad.body.error.code, 'SPOOL_ERR_VALIDATION')
    assert.deepEqual(bad.body.error.issues.map((i: any) => i.path).sort(), [
      'data.duration',
      'data.missionId',
      'data.missionType',
      'data.xpEarned',
    ])

    const noUser = await publish({
      eventType: 'mission.completed',
      data: { ...focus(1, 50), duration: 'long' },
    })
    assert.equal(noUser.status, 400)
    assert.deepEqual(
      noUser.body.error.issues.map((i: any) => i.path),
      ['userId', 'data.duration'],
    )

    const level = await publish({
      eventType: 'level.up',
      userId: user,
      data: { previousLevel: 3, newLevel: 2, totalXp: 10 },
    })
    assert.equal(level.status, 400)
    assert.deepEqual(level.body.error.issues, [
      { path: 'data.newLevel', message: 'must be above previousLevel' },
    ])

    const unknown = await publish({ eventType: 'mission.exploded', userId: user, data: {} })
    assert.equal(unknown.status, 404)
    assert.equal(unknown.body.error.code, 'SPOOL_ERR_UNKNOWN_EVENT')
    assert.match(unknown.body.error.message, /mission\.completed/)

    assert.deepEqual(await eventsOn('mission-events', user), [])
    assert.equal((await progress(user)).updatedAt, null)
  })

  it('POST /api/kafka/status stops the consumer (events wait in Kafka) and starts it again', async () => {
    const user = newUser('grace')
    const group = `${app.options.namespace}.jobquest-consumer`
    const before = await http(url('/api/kafka/status'))
    assert.equal(before.body.data.consumerRunning, true)
    assert.deepEqual(
      before.body.data.consumers.map((c: any) => [c.group, c.state, c.topics.length]),
      [[group, 'running', 8]],
    )

    const stopped = await http(url('/api/kafka/status'), { body: { action: 'stop' } })
    assert.equal(stopped.status, 200)
    assert.equal(stopped.body.data.consumerRunning, false)
    assert.equal(stopped.body.data.consumers[0].state, 'stopped')
    assert.equal(app.kafkaConsumer.isRunning(), false)

    const r = await publish({ eventType: 'mission.completed', userId: user, data: focus(1, 50) })
    assert.equal(r.status, 202)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    assert.equal((await progress(user)).xp, 0, 'nothing is consumed while stopped')

    const started = await http(url('/api/kafka/status'), { body: { action: 'start' } })
    assert.equal(started.status, 200)
    assert.equal(started.body.data.consumerRunning, true)
    await waitFor(async () => (await progress(user)).xp === 50, 'the waiting mission to be scored')

    // The seed's own calls do the same.
    await app.kafkaConsumer.stop()
    assert.equal((await http(url('/api/kafka/status'))).body.data.consumerRunning, false)
    await app.kafkaConsumer.start()
    assert.equal((await http(url('/api/kafka/status'))).body.data.consumerRunning, true)

    const unknown = await http(url('/api/kafka/status'), { body: { action: 'stop', group: 'nope' } })
    assert.equal(unknown.status, 404)
    assert.equal(unknown.body.error.code, 'SPOOL_ERR_NOT_FOUND')
  })

  it('an event about no user goes to the dead letters instead of blocking the consumer', async () => {
    const published = await app.bus.publish('mission.completed', focus(9, 10))
    const dlq = topic('mission-events.dlq')
    const dead = await waitFor(async () => {
      const { body } = await http(url(`/api/kafka/dead-letters/${dlq}`))
      return body?.data?.deadLetters?.find((d: any) => JSON.parse(d.value).id === published.id)
    }, 'the dead letter')
    assert.equal(dead.reason, 'non-retryable')
    assert.match(dead.error.message, /names no user/)
    assert.equal(dead.originalTopic, topic('mission-events'))
  })
})
