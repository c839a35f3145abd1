import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import { ErrorCodes } from '@spool/protocol'
import { pino } from 'pino'
import { fileLogStore, memoryLogStore } from '../../src/log/index.ts'
import { resolveBrokerOptions } from '../../src/options.ts'
import { invalidTopicName, type TopicError, TopicManager } from '../../src/topics/manager.ts'
import { fileTopicStore, memoryTopicStore } from '../../src/topics/store.ts'

const logger = pino({ level: 'silent' })

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'spool-topics-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function open(dir: string) {
  const logs = fileLogStore({ dir: join(dir, 'logs') })
  const m = new TopicManager({
    options: resolveBrokerOptions({ dataDir: dir }),
    logs,
    store: fileTopicStore(dir),
    logger,
  })
  await m.open()
  return {
    m,
    close: async () => {
      await m.close()
      await logs.close()
    },
  }
}

describe('TopicManager', () => {
  it('persists topics (name, id, partitions, configs) across a restart', async (t) => {
    const dir = tempDir(t)
    const a = await open(dir)
    const created = await a.m.create({ name: 'keep', numPartitions: 2, configs: { 'retention.ms': '1000' } })
    await a.m.createPartitions('keep', 3, null)
    await a.m.alterConfigs('keep', [{ name: 'cleanup.policy', op: 0, value: 'compact' }])
    await a.m.create({ name: 'gone' })
    await a.m.delete('gone')
    await a.close()
    const b = await open(dir)
    t.after(() => b.close())
    const keep = b.m.get('keep')!
    assert.equal(keep.id, created.id)
    assert.equal(keep.partitions.length, 3)
    assert.deepEqual(keep.configs, { 'retention.ms': '1000', 'cleanup.policy': 'compact' })
    assert.equal(b.m.get('gone'), undefined)
    assert.equal(b.m.byId(created.id)?.name, 'keep')
  })

  it('creates a topic once under concurrent auto-creation', async () => {
    const m = new TopicManager({
      options: resolveBrokerOptions({}),
      logs: memoryLogStore(),
      store: memoryTopicStore(),
      logger,
    })
    await m.open()
    const all = await Promise.all([m.ensure('race'), m.ensure('race'), m.ensure('race')])
    assert.ok(all.every((x) => x === all[0]))
    assert.equal(m.list().length, 1)
  })

  it("applies Kafka's topic name rules", async () => {
    assert.equal(invalidTopicName('ok.name_1-2'), undefined)
    for (const bad of ['', '.', '..', 'a b', 'x'.repeat(250), 'ü'])
      assert.ok(invalidTopicName(bad), JSON.stringify(bad))
    const m = new TopicManager({
      options: resolveBrokerOptions({}),
      logs: memoryLogStore(),
      store: memoryTopicStore(),
      logger,
    })
    await m.open()
    await assert.rejects(
      m.create({ name: 'a/b' }),
      (e: TopicError) => e.errorCode === ErrorCodes.INVALID_TOPIC_EXCEPTION,
    )
  })
})
