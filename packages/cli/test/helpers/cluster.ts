/**
 * Test set-up done in process with the bus (creating topics, writing records, a failing consumer):
 * only the command under test runs as a child process, which keeps the suites quick.
 */
import type { TestContext } from 'node:test'
import { Admin, type Bus, createBus } from '@spool/bus'
import { uniqueName } from '@spool/testing'
import { pino } from 'pino'

export interface Cluster {
  admin: Admin
  bus: Bus
  /** Creates a topic (unique name from `prefix`) and writes `values` to it, in order. */
  topic(prefix: string, values?: string[], options?: { partitions?: number; key?: string }): Promise<string>
}

/**
 * @example
 * const cluster = connect(t, target.bootstrap!)
 * const topic = await cluster.topic('orders', ['a', 'b'])
 */
export function connect(t: TestContext, bootstrap: string): Cluster {
  const options = {
    brokers: bootstrap.split(','),
    clientId: 'spool-cli-test',
    offline: 'fail' as const,
    logger: pino({ level: 'silent' }),
    retry: { attempts: 1, topics: [] },
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
  }
  const admin = new Admin(options)
  const bus = createBus(options)
  t.after(async () => {
    await bus.close(2_000)
    await admin.close()
  })
  return {
    admin,
    bus,
    async topic(prefix, values = [], { partitions = 1, key } = {}) {
      const name = uniqueName(prefix)
      await admin.createTopic({ name, partitions })
      for (const value of values) await bus.sendMessage({ topic: name, key, value })
      return name
    },
  }
}
