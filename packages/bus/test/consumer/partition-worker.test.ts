import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PartitionWorker, type ProcessFn } from '../../src/consumer/partition-worker.ts'

interface Msg {
  offset: bigint
}

const msg = (offset: number): Msg => ({ offset: BigInt(offset) })
const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await turn()
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void
  let reject!: (e: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** A worker whose handled offsets, done count and errors are recorded. */
function worker(process: ProcessFn<Msg>, partition = 0) {
  const handled: number[] = []
  const errors: { error: unknown; offset: number }[] = []
  const state = { done: 0 }
  const w = new PartitionWorker<Msg>(
    'orders',
    partition,
    async (m) => {
      await process(m)
      handled.push(Number(m.offset))
    },
    (n) => {
      state.done += n
    },
    (error, m) => errors.push({ error, offset: Number(m.offset) }),
  )
  return { w, handled, errors, state }
}

test('records of one partition are handled strictly in order, one at a time', async () => {
  let active = 0
  let maxActive = 0
  const { w, handled, state } = worker(async (m) => {
    active++
    maxActive = Math.max(maxActive, active)
    await new Promise((r) => setTimeout(r, Number(m.offset) % 2 === 0 ? 3 : 0))
    active--
  })
  assert.equal(w.topic, 'orders')
  assert.equal(w.partition, 0)
  assert.equal(w.position, undefined)
  for (let i = 0; i < 8; i++) w.push(msg(i))
  assert.equal(w.busy, true)
  await w.idle()
  assert.deepEqual(handled, [0, 1, 2, 3, 4, 5, 6, 7])
  assert.equal(maxActive, 1)
  assert.equal(state.done, 8)
  assert.equal(w.position, 8n)
  assert.equal(w.busy, false)
  assert.equal(w.queued, 0)
})

test('workers of different partitions run concurrently', async () => {
  const gate = deferred()
  const a = worker(() => gate.promise, 0)
  const b = worker(async () => {}, 1)
  a.w.push(msg(0))
  a.w.push(msg(1))
  b.w.push(msg(0))
  b.w.push(msg(1))
  await b.w.idle()
  assert.deepEqual(b.handled, [0, 1], 'partition 1 finished while partition 0 is blocked')
  assert.deepEqual(a.handled, [])
  assert.equal(a.w.busy, true)
  assert.equal(a.w.queued, 1)
  gate.resolve()
  await a.w.idle()
  assert.deepEqual(a.handled, [0, 1])
})

test('records below the position (redelivered) are skipped but still counted done', async () => {
  const { w, handled, state } = worker(async () => {})
  for (const o of [10, 11, 12]) w.push(msg(o))
  await w.idle()
  assert.equal(w.position, 13n)
  for (const o of [11, 12, 13, 14]) w.push(msg(o))
  await w.idle()
  assert.deepEqual(handled, [10, 11, 12, 13, 14])
  assert.equal(state.done, 7)
  assert.equal(w.position, 15n)
})

test('revoke drops queued records, lets the current one finish, and forgets the position', async () => {
  const gate = deferred()
  const { w, handled, state } = worker(async (m) => {
    if (m.offset === 5n) await gate.promise
  })
  for (const o of [5, 6, 7]) w.push(msg(o))
  await turn()
  assert.equal(w.queued, 2)
  w.revoke()
  assert.equal(w.queued, 0)
  assert.equal(state.done, 2, 'dropped records are reported done for the buffer count')
  gate.resolve()
  await w.idle()
  assert.deepEqual(handled, [5])
  assert.equal(state.done, 3)
  assert.equal(w.position, undefined)
  // Assigned again later: delivery restarts from the committed offset, which may be lower.
  w.push(msg(6))
  await w.idle()
  assert.deepEqual(handled, [5, 6])
})

test('revoke of an idle worker forgets the position too', async () => {
  const { w, handled } = worker(async () => {})
  for (const o of [0, 1, 2]) w.push(msg(o))
  await w.idle()
  assert.equal(w.position, 3n)
  w.revoke()
  assert.equal(w.position, undefined)
  // The partition comes back and the group replays from offset 1 (for example after a reset).
  w.push(msg(1))
  await w.idle()
  assert.deepEqual(handled, [0, 1, 2, 1])
})

test('a record that fails while the partition is revoked is dropped, not retried', async (t) => {
  const gate = deferred()
  let calls = 0
  const { w, state } = worker(async () => {
    calls++
    await gate.promise
  })
  t.after(() => w.pause()) // ends a backoff loop should the record have been kept
  w.push(msg(0))
  w.push(msg(1))
  await turn()
  w.revoke()
  gate.reject(new Error('hand-off failed'))
  await turns()
  assert.equal(w.queued, 0, 'the revoked record went back into the queue')
  assert.equal(w.busy, false, 'the worker is backing off to retry a revoked record')
  assert.equal(calls, 1)
  assert.equal(state.done, 2)
})

test('a failing record is retried, never skipped, and later records wait behind it', async () => {
  let failures = 1
  const { w, handled, errors, state } = worker(async (m) => {
    if (m.offset === 0n && failures-- > 0) throw new Error('dead letters unreachable')
  })
  w.push(msg(0))
  w.push(msg(1))
  await turns()
  assert.equal(errors.length, 1)
  assert.equal(errors[0]!.offset, 0)
  assert.match(String(errors[0]!.error), /dead letters unreachable/)
  assert.deepEqual(handled, [], 'record 1 ran ahead of the failed record 0')
  assert.equal(w.queued, 2, 'the failed record is back at the head of the queue')
  assert.equal(w.busy, true, 'the worker waits before retrying')
  assert.equal(state.done, 0)
  await w.idle() // the backoff (half a second) passes and the retry succeeds
  assert.deepEqual(handled, [0, 1])
  assert.equal(state.done, 2)
  assert.equal(w.position, 2n)
})

test('pausing a worker that is backing off lets resume retry at once', async () => {
  let failures = 1
  const { w, handled, errors } = worker(async () => {
    if (failures-- > 0) throw new Error('not yet')
  })
  w.push(msg(0))
  await turns()
  assert.equal(errors.length, 1)
  const started = performance.now()
  w.pause()
  await w.idle()
  assert.ok(performance.now() - started < 200, 'pause did not cut the backoff short')
  assert.deepEqual(handled, [])
  assert.equal(w.queued, 1)
  w.resume()
  await w.idle()
  assert.deepEqual(handled, [0])
})

test('a record that fails while paused stays queued and is not reported as a failure', async () => {
  const gate = deferred()
  let calls = 0
  const { w, handled, errors } = worker(async () => {
    if (calls++ === 0) await gate.promise
  })
  w.push(msg(0))
  await turn()
  w.pause()
  gate.reject(new Error('aborted by shutdown'))
  await w.idle()
  assert.deepEqual(errors, [])
  assert.equal(w.queued, 1)
  w.resume()
  await w.idle()
  assert.deepEqual(handled, [0])
  assert.equal(calls, 2)
})

test('pause stops after the current record; resume continues in order', async () => {
  const gate = deferred()
  const { w, handled, state } = worker(async (m) => {
    if (m.offset === 0n) await gate.promise
  })
  w.push(msg(0))
  w.push(msg(1))
  await turn()
  w.pause()
  w.push(msg(2))
  gate.resolve()
  await w.idle()
  await turns()
  assert.deepEqual(handled, [0])
  assert.equal(w.queued, 2)
  assert.equal(w.busy, false)
  w.resume()
  await w.idle()
  assert.deepEqual(handled, [0, 1, 2])
  assert.equal(state.done, 3)
})

test('idle resolves at once when nothing runs, and only after the current record otherwise', async () => {
  const gate = deferred()
  const { w } = worker(() => gate.promise)
  await w.idle()
  w.push(msg(0))
  let settled = false
  const idle = w.idle().then(() => {
    settled = true
  })
  await turns()
  assert.equal(settled, false)
  gate.resolve()
  await idle
  assert.equal(settled, true)
})

test('clear drops queued records without forgetting the position', async () => {
  const gate = deferred()
  const { w, state } = worker(async (m) => {
    if (m.offset === 1n) await gate.promise
  })
  w.push(msg(0))
  w.push(msg(1))
  w.push(msg(2))
  await turns()
  assert.equal(w.clear(), 1)
  assert.equal(w.clear(), 0)
  gate.resolve()
  await w.idle()
  assert.equal(w.position, 2n)
  assert.equal(state.done, 3)
})

test('records whose processing is synchronous are handled at push, in order, without going busy', () => {
  const handled: number[] = []
  let done = 0
  const w = new PartitionWorker<Msg>(
    'orders',
    0,
    (m) => {
      handled.push(Number(m.offset))
    },
    (n) => {
      done += n
    },
    () => {},
  )
  w.push(msg(0))
  w.push(msg(1))
  w.push(msg(0)) // redelivered: below the position
  assert.deepEqual(handled, [0, 1], 'handled before push returned, no promise in between')
  assert.equal(done, 3)
  assert.equal(w.position, 2n)
  assert.equal(w.busy, false)
  assert.equal(w.queued, 0)
})

test('a synchronous record pushed from inside a handler waits its turn; a sync throw is a failure', async () => {
  const handled: number[] = []
  const errors: number[] = []
  let thrown = false
  const w: PartitionWorker<Msg> = new PartitionWorker<Msg>(
    'orders',
    0,
    (m) => {
      if (m.offset === 0n) w.push(msg(1)) // re-entrant push while handling offset 0
      if (m.offset === 2n && !thrown) {
        thrown = true
        throw new Error('sync failure')
      }
      handled.push(Number(m.offset))
    },
    () => {},
    (_error, m) => errors.push(Number(m.offset)),
  )
  w.push(msg(0))
  assert.deepEqual(handled, [0, 1], 'the record pushed from the handler ran after the current one')
  w.push(msg(2))
  w.push(msg(3))
  assert.deepEqual(errors, [], 'failures are reported once the rejected result settles')
  assert.equal(w.busy, true, 'a sync throw switches the worker to backing off')
  await w.idle()
  while (w.busy || w.queued > 0) await turn()
  assert.deepEqual(errors, [2])
  assert.deepEqual(handled, [0, 1, 2, 3], 'the failed record was retried before the next one')
  assert.equal(w.position, 4n)
})
