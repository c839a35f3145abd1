/**
 * A consumer's log lines name the lane's own Kafka group once: `group` is the group the lane joined
 * (`<group>` for the main lane, `<group>.retry` for the retry lane), never written twice in a line.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { pino } from 'pino'
import { events, makeBus, waitFor } from '../integration/helpers.ts'

describeOnBrokers('bus: consumer log lines', (target) => {
  it("say the lane's Kafka group once per line", async (t) => {
    const lines: string[] = []
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) })
    const { OrderPlaced } = events('logs')
    const group = uniqueName('log-readers')
    const bus = makeBus(t, target, [OrderPlaced], { logger, retry: { attempts: 1, topics: [1_000] } })
    bus.consumer({ group }).on(OrderPlaced, async () => {})
    await bus.start()
    const joined = () => lines.filter((l) => JSON.parse(l).msg === 'group joined')
    await waitFor(() => joined().length >= 2, 'both lanes joined their groups', 30_000)
    const groups = joined().map((line) => {
      assert.equal(line.match(/"group":/g)?.length, 1, line)
      return JSON.parse(line).group as string
    })
    assert.deepEqual(groups.sort(), [group, `${group}.retry`])
  })
})
