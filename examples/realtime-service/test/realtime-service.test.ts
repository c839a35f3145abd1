/**
 * The realtime service (seed 001) end to end, on every broker target: notifications asked for
 * over HTTP go through Kafka (`session-notifications`, `concept-notifications`) and come back out
 * of the WebSocket gateway to exactly the users named — other users get nothing; bad DTOs are
 * refused naming the field; the Terminus health check reports the bus. Then `npm start`'s entry
 * point with its embedded broker and a graceful Ctrl-C.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { Admin } from '@spool/bus'
import { bootstrapList, describeOnBrokers, uniqueName } from '@spool/testing'
import { WebSocket } from 'ws'
import { compiled, connectUser, http, load, quietLogger, tempDir, waitFor } from './helpers.ts'

describeOnBrokers('example realtime-service', (target) => {
  it('notifications reach over WebSocket exactly the users named; bad DTOs are refused naming the field; health is up', async (t) => {
    const { createApp, KafkaService, MISSING_USER_ID } = await load()
    const app = await createApp(
      {
        env: false,
        brokers: bootstrapList(target.bootstrap!),
        clientId: 'realtime-service',
        offlinePath: join(tempDir(t), 'offline.db'),
        logger: quietLogger,
        heartbeatInterval: 500,
      },
      false,
    )
    t.after(() => app.close())
    await app.listen(0, '127.0.0.1')
    const url = `http://127.0.0.1:${app.getHttpServer().address().port}`
    const admin = new Admin({ brokers: bootstrapList(target.bootstrap!), logger: quietLogger })
    t.after(() => admin.close())

    const [u1, u2, u3] = [uniqueName('u1'), uniqueName('u2'), uniqueName('u3')]
    const alice = await connectUser(t, url, u1)
    const aliceSecondTab = await connectUser(t, url, u1)
    const bob = await connectUser(t, url, u2)
    const carol = await connectUser(t, url, u3)
    assert.deepEqual((await http(`${url}/notifications/connected-users`)).body.sort(), [u1, u2, u3].sort())

    // A connection must say who it is.
    const anonymous = new WebSocket(`${url.replace('http', 'ws')}/ws`)
    const [code] = await once(anonymous, 'close')
    assert.equal(code, MISSING_USER_ID)

    const sessionId = uniqueName('session')
    const scheduledTime = new Date(Date.now() + 5 * 60_000).toISOString()
    const accepted = await http(`${url}/notifications/session-starting-soon`, {
      method: 'POST',
      body: { sessionId, userIds: [u1, u2], message: 'Your session starts in 5 minutes', scheduledTime },
    })
    assert.equal(accepted.status, 202)
    assert.equal(accepted.body.topic, 'session-notifications')
    const expectedSession = {
      event: 'session.starting_soon',
      data: {
        notificationId: accepted.body.id,
        sessionId,
        message: 'Your session starts in 5 minutes',
        scheduledTime,
      },
    }
    for (const user of [alice, aliceSecondTab, bob]) {
      await waitFor(() => user.notifications().length === 1, 'the session notification')
      assert.deepEqual(user.notifications(), [expectedSession])
    }

    // The service's own API, as seed 001 calls it (a Date is fine for scheduledTime).
    const kafka = app.get(KafkaService)
    const mastered = await kafka.sendConceptMasteredNotification({
      conceptId: 'concept-456',
      userIds: [u3],
      conceptName: 'JavaScript Arrays',
      masteryLevel: 0.85,
    })
    await waitFor(() => carol.notifications().length === 1, 'the concept notification')
    assert.deepEqual(carol.notifications(), [
      {
        event: 'concept.mastered',
        data: {
          notificationId: mastered.id,
          conceptId: 'concept-456',
          conceptName: 'JavaScript Arrays',
          masteryLevel: 0.85,
        },
      },
    ])
    // A last notification to everyone: frames on one connection arrive in order, so once each has
    // it, each has everything it will ever get before it — and nothing that was not theirs.
    const last = await kafka.sendSessionStartSoonNotification({
      sessionId,
      userIds: [u1, u2, u3],
      message: 'Starting now',
      scheduledTime: new Date(),
    })
    for (const user of [alice, aliceSecondTab, bob, carol]) {
      await waitFor(() => user.notifications().some((f) => f.data.notificationId === last.id), 'the last one')
    }
    const ids = (user: typeof alice) => user.notifications().map((f) => f.data.notificationId)
    assert.deepEqual(ids(alice), [accepted.body.id, last.id])
    assert.deepEqual(ids(aliceSecondTab), [accepted.body.id, last.id])
    assert.deepEqual(ids(bob), [accepted.body.id, last.id])
    assert.deepEqual(ids(carol), [mastered.id, last.id], 'carol never got the first session notification')
    assert.ok(
      alice.notifications().every((f) => !('userIds' in f.data)),
      'recipients are not told who else was notified',
    )

    // Invalid DTOs: 400 naming each bad field; the direct call throws the same ValidationError.
    const bad = await http(`${url}/notifications/concept-mastered`, {
      method: 'POST',
      body: { conceptId: 'c1', userIds: [], masteryLevel: 1.5 },
    })
    assert.equal(bad.status, 400)
    assert.deepEqual(
      bad.body.issues.map((i: any) => i.path),
      ['data.userIds', 'data.conceptName', 'data.masteryLevel'],
    )
    const badDate = await http(`${url}/notifications/session-starting-soon`, {
      method: 'POST',
      body: { sessionId: 's', userIds: [u1], message: 'm', scheduledTime: 'tomorrow' },
    })
    assert.equal(badDate.status, 400)
    assert.match(badDate.body.message, /data\.scheduledTime/)
    await assert.rejects(
      kafka.sendSessionStartSoonNotification({
        sessionId: '',
        userIds: [u1],
        message: 'm',
        scheduledTime: new Date(),
      }),
      { code: 'SPOOL_ERR_VALIDATION', message: /data\.sessionId/ },
    )

    // What went over Kafka: one record per notification, keyed by session / concept.
    const { messages } = await admin.browse('session-notifications', { from: 'earliest', filter: sessionId })
    assert.equal(messages.length, 2)
    assert.ok(messages.every((m) => m.key === sessionId))
    const [concept] = (await admin.browse('concept-notifications', { from: 'earliest', filter: mastered.id }))
      .messages
    assert.equal(concept!.key, 'concept-456')

    // Terminus: up, with the producer and the forwarding group.
    const health = await http(`${url}/health`)
    assert.equal(health.status, 200)
    assert.equal(health.body.status, 'ok')
    const kafkaHealth = health.body.info.kafka
    assert.equal(kafkaHealth.status, 'up')
    assert.equal(kafkaHealth.producer.connected, true)
    assert.deepEqual(
      kafkaHealth.consumers.map((c: any) => [c.group, c.state, c.failed]),
      [['realtime-service', 'running', 0]],
    )
    assert.ok(kafkaHealth.consumers[0].handled >= 3)
  })
})

describe('example realtime-service: npm start', () => {
  it('starts the embedded broker when KAFKA_BROKERS is unset, forwards a notification, and shuts down on SIGINT', async (t) => {
    const main = await compiled('main')
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', SPOOL_BROKER_PORT: '0', LOG_LEVEL: 'warn' }
    delete env.KAFKA_BROKERS
    delete env.KAFKA_BROKER
    const child = spawn(process.execPath, [main], { cwd: tempDir(t), env, stdio: ['ignore', 'pipe', 'pipe'] })
    t.after(() => child.kill('SIGKILL'))
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    const url = await waitFor(
      () => /Realtime service listening on (http:\S+)/.exec(output)?.[1],
      'the service',
    )
    assert.match(output, /Embedded Kafka-compatible broker on 127\.0\.0\.1:\d+/)
    const user = await connectUser(t, url, 'u1')
    const accepted = await http(`${url}/notifications/concept-mastered`, {
      method: 'POST',
      body: { conceptId: 'c1', userIds: ['u1'], conceptName: 'Recursion', masteryLevel: 1 },
    })
    assert.equal(accepted.status, 202)
    await waitFor(() => user.notifications().length === 1, 'the notification')
    assert.equal(user.notifications()[0]!.data.conceptName, 'Recursion')
    const exited = once(child, 'exit')
    child.kill('SIGINT')
    assert.equal((await exited)[0], 0, output)
    assert.match(output, /Shutting down gracefully/)
  })
})
