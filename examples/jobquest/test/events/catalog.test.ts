/** The catalog: seed 004's types and topics, valid examples, the namespace, the BaseEvent mapping. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type EventEnvelope, encodeEventSync } from '@spool/catalog'
import { toBaseEvent } from '../../src/events/base-event.ts'
import { jobQuestCatalog, jobQuestEvents } from '../../src/events/catalog.ts'
import { EVENT_TYPES, TOPICS } from '../../src/events/topics.ts'

describe('jobquest catalog', () => {
  it('has every seed type once and uses all eight seed topics', () => {
    const catalog = jobQuestCatalog()
    assert.equal(jobQuestEvents.length, 18)
    assert.deepEqual(
      catalog
        .list()
        .map((d) => d.type)
        .sort(),
      Object.values(EVENT_TYPES).sort(),
    )
    assert.deepEqual([...catalog.topics()].sort(), Object.values(TOPICS).sort())
    assert.deepEqual(
      catalog.byTopic('achievements').map((d) => d.type),
      ['achievement.unlocked', 'level.up', 'xp.earned'],
    )
    assert.deepEqual(
      catalog.byTopic('user-activities').map((d) => d.type),
      ['user.login', 'user.logout'],
    )
  })

  it('every definition carries a description and an example its own schema accepts', () => {
    for (const def of jobQuestEvents) {
      assert.ok(def.description && def.description.length > 10, def.type)
      const encoded = encodeEventSync(def, def.example as never, { source: '/test', subject: 'u1' })
      assert.equal(encoded.envelope.type, def.type)
    }
  })

  it('a namespace moves every topic and nothing else', () => {
    const moved = jobQuestCatalog('staging')
    assert.deepEqual(
      [...moved.topics()].sort(),
      Object.values(TOPICS)
        .map((t) => `staging.${t}`)
        .sort(),
    )
    assert.deepEqual(moved.describe()['mission.completed'], {
      ...jobQuestCatalog().describe()['mission.completed'],
      topic: 'staging.mission-events',
    })
  })

  it('maps a CloudEvent to the seed BaseEvent: subject → userId, time → timestamp, extensions → metadata', () => {
    const envelope = {
      specversion: '1.0',
      id: 'e1',
      source: '/jobquest',
      type: 'mission.completed',
      time: '2024-01-01T00:00:00.000Z',
      subject: 'u1',
      datacontenttype: 'application/json',
      dataversion: 1,
      partitionkey: 'u1',
      channel: 'web',
      attempt: 2,
      data: { missionId: 'm', missionName: 'n', missionType: 'FOCUS', duration: 25, xpEarned: 50 },
    } as EventEnvelope<any, 'mission.completed'>
    assert.deepEqual(toBaseEvent(envelope), {
      id: 'e1',
      type: 'mission.completed',
      userId: 'u1',
      timestamp: '2024-01-01T00:00:00.000Z',
      metadata: { channel: 'web', attempt: 2 },
      data: envelope.data,
    })
    const { channel: _c, attempt: _a, ...plain } = envelope
    assert.equal('metadata' in toBaseEvent(plain as typeof envelope)!, false)
    assert.equal(toBaseEvent({ ...envelope, subject: undefined }), undefined)
  })

  it('schemas refuse what the game must not accept', () => {
    const catalog = jobQuestCatalog()
    const invalid = (type: string, data: unknown) =>
      assert.throws(() => encodeEventSync(catalog.require(type), data as never, { source: '/t' }), {
        code: 'SPOOL_ERR_VALIDATION',
      })
    invalid('mission.completed', {
      missionId: 'm',
      missionName: 'n',
      missionType: 'F',
      duration: 25,
      xpEarned: 1e6,
    })
    invalid('level.up', { previousLevel: 2, newLevel: 2, totalXp: 100 })
    invalid('job.status.updated', {
      jobId: 'j',
      jobTitle: 't',
      previousStatus: 'applied',
      newStatus: 'hired',
    })
    invalid('user.registered', { email: 'not-an-email', username: 'x' })
  })
})
