import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { closeCodes, defaultStreamOptions, StreamHub, type Subscriber } from '@spool/gateway'
import { makeBus, quietLogger } from '../helpers.ts'

const event = (type: string, subject?: string) => ({
  topic: 't',
  partition: 0,
  offset: 5n,
  event: {
    specversion: '1.0',
    id: 'x',
    source: '/s',
    type,
    time: '',
    subject,
    datacontenttype: 'application/json',
    dataversion: 1,
    data: { n: 1 },
  } as never,
})

function fake(types?: string[], subjects?: string[]) {
  const frames: string[] = []
  const closed: Array<[number, string]> = []
  let backlog = 0
  const s: Subscriber & { frames: string[]; closed: typeof closed; setBacklog(n: number): void } = {
    filter: { types: types && new Set(types), subjects: subjects && new Set(subjects) },
    send: (f) => frames.push(f),
    buffered: () => backlog,
    close: (code, reason) => closed.push([code, reason]),
    frames,
    closed,
    setBacklog: (n) => {
      backlog = n
    },
  }
  return s
}

describe('gateway stream: hub', () => {
  it('sends ready, then only the events a filter matches, serialized with string offsets', async (t) => {
    const hub = new StreamHub(makeBus(t, { catalog: [] }), defaultStreamOptions, quietLogger as never)
    const everything = fake()
    const mine = fake(['a.b'], ['u1'])
    assert.equal(await hub.subscribe(everything), true)
    assert.equal(await hub.subscribe(mine), true)
    assert.equal(JSON.parse(mine.frames[0]!).type, 'ready')
    assert.deepEqual(JSON.parse(mine.frames[0]!).filter, { types: ['a.b'], subjects: ['u1'] })
    hub.dispatch(event('a.b', 'u1'))
    hub.dispatch(event('a.b', 'u2'))
    hub.dispatch(event('c.d', 'u1'))
    hub.dispatch(event('a.b'))
    assert.equal(everything.frames.length, 1 + 4)
    assert.equal(mine.frames.length, 1 + 1)
    const frame = JSON.parse(mine.frames[1]!)
    assert.equal(frame.type, 'event')
    assert.equal(frame.offset, '5')
    assert.equal(frame.event.subject, 'u1')
    hub.refilter(mine, { types: undefined, subjects: new Set(['u2']) })
    hub.dispatch(event('a.b', 'u2'))
    assert.equal(JSON.parse(mine.frames.at(-1)!).event.subject, 'u2')
  })

  it('closes a client whose backlog would pass maxBufferedBytes with 4408, and keeps serving others', async (t) => {
    const hub = new StreamHub(
      makeBus(t, { catalog: [] }),
      { ...defaultStreamOptions, maxBufferedBytes: 2_000 },
      quietLogger as never,
    )
    const slow = fake()
    const fast = fake()
    await hub.subscribe(slow)
    await hub.subscribe(fast)
    slow.setBacklog(1_990)
    hub.dispatch(event('a.b'))
    assert.equal(slow.closed[0]?.[0], closeCodes.slowConsumer)
    assert.match(slow.closed[0]![1], /slow consumer/)
    assert.equal(hub.size, 1)
    hub.dispatch(event('a.b'))
    assert.equal(fast.frames.length, 3)
    assert.equal(slow.frames.length, 1, 'nothing more is queued for a dropped client')
  })

  it('refuses clients past maxClients with 1013 and everyone with 1001 after close', async (t) => {
    const hub = new StreamHub(
      makeBus(t, { catalog: [] }),
      { ...defaultStreamOptions, maxClients: 1 },
      quietLogger as never,
    )
    const first = fake()
    const second = fake()
    assert.equal(await hub.subscribe(first), true)
    assert.equal(await hub.subscribe(second), false)
    assert.equal(second.closed[0]?.[0], closeCodes.tryAgainLater)
    await hub.close()
    assert.equal(first.closed[0]?.[0], closeCodes.goingAway)
    const late = fake()
    assert.equal(await hub.subscribe(late), false)
    assert.equal(late.closed[0]?.[0], closeCodes.goingAway)
  })
})
