import assert from 'node:assert/strict'
import { it } from 'node:test'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { events, makeBus, waitFor } from './helpers.ts'

describeOnBrokers('bus: graceful shutdown', (target) => {
  it('loses nothing when producer and consumer shut down under load', async (t) => {
    const { OrderPlaced } = events('shutdown')
    const group = uniqueName('g')
    const producer = makeBus(t, target, [OrderPlaced])
    await producer.connect()
    const handled = new Set<number>()
    let inFlight = 0
    let maxInFlight = 0
    const handler = async (e: { data: { seq: number } }) => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      await new Promise((r) => setTimeout(r, 2))
      handled.add(e.data.seq)
      inFlight--
    }
    const first = makeBus(t, target, [OrderPlaced])
    first.consumer({ group }).on(OrderPlaced, handler)
    await first.start()

    // Publish continuously; close the producer bus while publishes are still being made.
    const acked: number[] = []
    const refused: number[] = []
    let seq = 0
    const publishing = (async () => {
      // Publish until the bus refuses (it is closed below while publishes are still being made).
      while (refused.length === 0 && seq < 500_000) {
        const batch = Array.from({ length: 20 }, () => seq++)
        await Promise.all(
          batch.map((s) =>
            producer
              .publish(OrderPlaced, { orderId: `o${s}`, customerId: `c${s % 7}`, total: 1, seq: s })
              .then(
                () => acked.push(s),
                (error: { code?: string }) => {
                  assert.equal(error.code, 'SPOOL_ERR_STATE')
                  refused.push(s)
                },
              ),
          ),
        )
      }
    })()
    await waitFor(() => handled.size > 300, 'consumption under way')
    await first.close(10_000) // graceful: finish in-flight handlers, commit, leave
    assert.equal(inFlight, 0, 'no handler was cut off')
    const afterFirst = handled.size
    await waitFor(() => acked.length > 1_500, 'more publishes')
    await producer.close()
    await publishing
    assert.ok(refused.length > 0, 'publishes after close are refused, not lost silently')
    assert.equal(acked.length + refused.length, seq)

    const second = makeBus(t, target, [OrderPlaced])
    second.consumer({ group }).on(OrderPlaced, handler)
    await second.start()
    await waitFor(
      () => acked.every((s) => handled.has(s)),
      `all ${acked.length} acknowledged events handled`,
      60_000,
    )
    assert.ok(afterFirst > 0)
    assert.ok(maxInFlight > 1, 'partitions were handled concurrently')
  })
})
