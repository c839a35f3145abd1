/**
 * The content service (seed 000) end to end over real HTTP, on every broker target: quiz and
 * content CRUD publishing `content.{type}.{action}` with the seed's schema, quiz submissions on
 * `quiz.submission`, the `student.knowledge.updated` consumer, seed 000's KafkaService calls, and
 * health; then `npm start`'s entry point with its embedded broker and a graceful Ctrl-C.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import { Admin, createBus } from '@spool/bus'
import { bootstrapList, describeOnBrokers, type Target, uniqueName } from '@spool/testing'
import { compiled, http, load, quietLogger, tempDir, waitFor } from './helpers.ts'

async function startApp(t: TestContext, target: Target) {
  const { createApp } = await load()
  const app = await createApp(
    {
      env: false,
      brokers: bootstrapList(target.bootstrap!),
      clientId: 'content-service',
      offlinePath: join(tempDir(t), 'offline.db'),
      logger: quietLogger,
      heartbeatInterval: 500,
    },
    false,
  )
  t.after(() => app.close())
  await app.listen(0, '127.0.0.1')
  return `http://127.0.0.1:${app.getHttpServer().address().port}`
}

describeOnBrokers('example content-service', (target) => {
  it('quiz and content CRUD publish content.{type}.{action}; submissions publish quiz.submission; the knowledge consumer and health work', async (t) => {
    const url = await startApp(t, target)
    const admin = new Admin({ brokers: bootstrapList(target.bootstrap!), logger: quietLogger })
    t.after(() => admin.close())
    /** The records of `topic` about `id` (the seed's JSON value, the key and the CloudEvents headers). */
    const recordsOf = (topic: string, id: string, count = 1) =>
      waitFor(async () => {
        const { messages } = await admin.browse(topic, { from: 'earliest', filter: id })
        return messages.length >= count ? messages : undefined
      }, `${count} record(s) about ${id} on ${topic}`)
    const teacher = { 'x-user-id': 'teacher-1' }

    // Create a quiz -> content.quiz.created, in the seed's schema.
    const quiz = await http(`${url}/quizzes`, {
      method: 'POST',
      headers: teacher,
      body: {
        title: 'JavaScript Arrays',
        difficulty: 'easy',
        conceptId: 'concept-arrays',
        questions: [
          { prompt: '[].length?', choices: ['0', '1'], answer: 0 },
          { prompt: '[1,2].at(-1)?', choices: ['1', '2'], answer: 1 },
        ],
      },
    })
    assert.equal(quiz.status, 201)
    const quizId = quiz.body.id
    const [created] = await recordsOf('content.quiz.created', quizId)
    const value = JSON.parse(created!.value!)
    assert.deepEqual(
      { ...value, timestamp: typeof value.timestamp },
      {
        eventType: 'created',
        contentType: 'quiz',
        contentId: quizId,
        userId: 'teacher-1',
        timestamp: 'string',
        metadata: { title: 'JavaScript Arrays', difficulty: 'easy' },
      },
    )
    assert.ok(!Number.isNaN(Date.parse(value.timestamp)))
    assert.equal(created!.key, quizId, 'keyed by content id')
    assert.equal(created!.headers.ce_type, 'content.quiz.created')
    assert.equal(created!.headers.ce_source, '/content-service')
    assert.equal(created!.headers.ce_subject, quizId)

    // Update, submit, delete.
    const updated = await http(`${url}/quizzes/${quizId}`, {
      method: 'PATCH',
      headers: teacher,
      body: { difficulty: 'medium' },
    })
    assert.equal(updated.body.difficulty, 'medium')
    const [update] = await recordsOf('content.quiz.updated', quizId)
    assert.deepEqual(JSON.parse(update!.value!).metadata, {
      changed: ['difficulty'],
      title: 'JavaScript Arrays',
    })

    const studentId = uniqueName('student')
    const submission = await http(`${url}/quizzes/${quizId}/submissions`, {
      method: 'POST',
      body: { studentId, answers: [0, 0], completionTime: 42.5 },
    })
    assert.equal(submission.status, 201)
    assert.deepEqual(submission.body, {
      quizId,
      studentId,
      score: 50,
      correct: 1,
      total: 2,
      completionTime: 42.5,
    })
    const [submitted] = await recordsOf('quiz.submission', studentId)
    const event = JSON.parse(submitted!.value!)
    assert.deepEqual(
      { ...event, timestamp: undefined },
      {
        eventType: 'quiz_submitted',
        quizId,
        studentId,
        conceptId: 'concept-arrays',
        score: 50,
        answers: [0, 0],
        completionTime: 42.5,
        timestamp: undefined,
      },
    )
    assert.equal(submitted!.headers.ce_type, 'quiz.submitted')

    // Other content types: content.concept.created / .deleted.
    const concept = await http(`${url}/content/concept`, {
      method: 'POST',
      headers: teacher,
      body: { title: 'Arrays', tags: ['js'] },
    })
    assert.equal(concept.status, 201)
    assert.equal((await http(`${url}/content/concept/${concept.body.id}`)).body.title, 'Arrays')
    assert.equal(
      (await http(`${url}/content/concept/${concept.body.id}`, { method: 'DELETE', headers: teacher }))
        .status,
      204,
    )
    assert.equal((await http(`${url}/content/concept/${concept.body.id}`)).status, 404)
    const [conceptCreated] = await recordsOf('content.concept.created', concept.body.id)
    assert.deepEqual(JSON.parse(conceptCreated!.value!).metadata, { title: 'Arrays', tags: ['js'] })
    const [conceptDeleted] = await recordsOf('content.concept.deleted', concept.body.id)
    assert.equal(JSON.parse(conceptDeleted!.value!).eventType, 'deleted')
    assert.equal((await http(`${url}/quizzes/${quizId}`, { method: 'DELETE', headers: teacher })).status, 204)
    await recordsOf('content.quiz.deleted', quizId)

    // Bad requests name the field; nothing is published for them.
    const bad = await http(`${url}/quizzes`, {
      method: 'POST',
      headers: teacher,
      body: { difficulty: 'hardest' },
    })
    assert.equal(bad.status, 400)
    assert.deepEqual(
      bad.body.issues.map((i: any) => i.path),
      ['title', 'difficulty', 'questions'],
    )
    const badType = await http(`${url}/content/video`, {
      method: 'POST',
      headers: teacher,
      body: { title: 'x' },
    })
    assert.equal(badType.status, 400)
    assert.match(badType.body.message, /unknown content type "video"/)
    const noUser = await http(`${url}/content/resource`, { method: 'POST', body: { title: 'x' } })
    assert.deepEqual([noUser.status, noUser.body.message], [400, 'the x-user-id header is required'])

    // student.knowledge.updated, published by the knowledge service, reaches the consumer group.
    const { StudentKnowledgeUpdated, contentCatalog } = await load()
    const knowledge = createBus({
      brokers: bootstrapList(target.bootstrap!),
      clientId: 'knowledge-service',
      catalog: contentCatalog,
      envelope: 'binary',
      offlinePath: join(tempDir(t), 'knowledge.db'),
      logger: quietLogger,
    })
    t.after(() => knowledge.close())
    await knowledge.publish(StudentKnowledgeUpdated, {
      eventType: 'knowledge_updated',
      studentId,
      conceptId: 'concept-arrays',
      masteryLevel: 0.85,
      timestamp: new Date().toISOString(),
    })
    const progress = await waitFor(async () => {
      const r = await http(`${url}/students/${studentId}/progress`)
      return r.status === 200 ? r.body : undefined
    }, 'the student progress')
    assert.deepEqual(
      progress.concepts.map((c: any) => [c.conceptId, c.masteryLevel]),
      [['concept-arrays', 0.85]],
    )
    await assert.rejects(
      knowledge.publish(StudentKnowledgeUpdated, {
        eventType: 'knowledge_updated',
        studentId,
        conceptId: 'concept-arrays',
        masteryLevel: 1.5,
        timestamp: new Date().toISOString(),
      }),
      /data\.masteryLevel/,
    )

    // Health: the producer is connected, both consumer groups are active.
    assert.deepEqual((await http(`${url}/health`)).body, {
      status: 'up',
      kafka: {
        producerConnected: true,
        consumerGroups: ['content-service-consumer-group', 'custom-consumer-group'],
        brokers: bootstrapList(target.bootstrap!),
        spooled: 0,
      },
    })
  })

  it("seed 000's KafkaService: sendMessage with headers, sendMessages in a batch, subscribe in a custom consumer group", async (t) => {
    const url = await startApp(t, target)
    const admin = new Admin({ brokers: bootstrapList(target.bootstrap!), logger: quietLogger })
    t.after(() => admin.close())
    const before = (await http(`${url}/custom/received`)).body.length
    assert.equal((await http(`${url}/custom/events`, { method: 'POST' })).status, 202)
    const received = await waitFor(async () => {
      const r = (await http(`${url}/custom/received`)).body
      return r.length > before ? r : undefined
    }, 'the custom consumer')
    assert.deepEqual(received.at(-1), {
      topic: 'custom.topic',
      headers: { source: 'content-service', version: '1.0' },
      data: { data: 'custom event data' },
    })
    assert.equal((await http(`${url}/custom/batch`, { method: 'POST' })).status, 202)
    const batch = await waitFor(async () => {
      const { messages } = await admin.browse('batch.topic', { from: 'latest', limit: 2 })
      return messages.length === 2 ? messages : undefined
    }, 'the batch')
    assert.deepEqual(batch.map((m) => [m.key, JSON.parse(m.value!).id]).sort(), [
      ['key1', 1],
      ['key2', 2],
    ])
  })
})

describe('example content-service: npm start', () => {
  it('starts the embedded broker when KAFKA_BROKERS is unset, serves, and shuts down on SIGINT', async (t) => {
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
      () => /Content service listening on (http:\S+)/.exec(output)?.[1],
      'the service',
    )
    assert.match(output, /Embedded Kafka-compatible broker on 127\.0\.0\.1:\d+/)
    const health = (await http(`${url}/health`)).body
    assert.equal(health.kafka.producerConnected, true)
    const quiz = await http(`${url}/quizzes`, {
      method: 'POST',
      headers: { 'x-user-id': 'teacher-1' },
      body: { title: 'T', difficulty: 'hard', questions: [{ prompt: 'p', choices: ['a', 'b'], answer: 1 }] },
    })
    assert.equal(quiz.status, 201)
    const exited = once(child, 'exit')
    child.kill('SIGINT')
    assert.equal((await exited)[0], 0, output)
    assert.match(output, /Shutting down gracefully/)
  })
})
