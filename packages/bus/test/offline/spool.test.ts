import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import { OfflineSpool } from '../../src/offline/spool.ts'

function tempPath(t: TestContext, name = 'offline.db'): string {
  const dir = mkdtempSync(join(tmpdir(), 'spool-offline-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return join(dir, name)
}

function open(t: TestContext, path: string): OfflineSpool {
  const spool = new OfflineSpool(path)
  t.after(() => spool.close())
  return spool
}

const value = (s: string) => Buffer.from(s)

test('a new spool is empty', (t) => {
  const spool = open(t, tempPath(t))
  assert.equal(spool.depth, 0)
  assert.deepEqual(spool.peek(10), [])
})

test('append returns increasing ids and peek returns the oldest records in order', (t) => {
  const spool = open(t, tempPath(t))
  const first = spool.append([
    { topic: 'orders', value: value('a') },
    { topic: 'payments', value: value('b') },
  ])
  const second = spool.append([{ topic: 'orders', value: value('c') }])
  assert.equal(first.length, 2)
  assert.ok(first[0]! < first[1]! && first[1]! < second[0]!)
  assert.equal(spool.depth, 3)
  const rows = spool.peek(2)
  assert.deepEqual(
    rows.map((r) => [r.id, r.topic, r.value.toString()]),
    [
      [first[0], 'orders', 'a'],
      [first[1], 'payments', 'b'],
    ],
  )
  assert.deepEqual(
    spool.peek(10).map((r) => r.value.toString()),
    ['a', 'b', 'c'],
  )
})

test('remove deletes every record up to and including the id', (t) => {
  const spool = open(t, tempPath(t))
  const ids = spool.append(['a', 'b', 'c', 'd'].map((v) => ({ topic: 't', value: value(v) })))
  spool.remove(ids[1]!)
  assert.equal(spool.depth, 2)
  assert.deepEqual(
    spool.peek(10).map((r) => r.value.toString()),
    ['c', 'd'],
  )
  spool.remove(ids[1]!) // already gone: nothing changes
  assert.equal(spool.depth, 2)
  spool.remove(ids[3]!)
  assert.equal(spool.depth, 0)
  assert.deepEqual(spool.peek(10), [])
})

test('append of nothing is a no-op', (t) => {
  const spool = open(t, tempPath(t))
  assert.deepEqual(spool.append([]), [])
  assert.equal(spool.depth, 0)
})

test('binary keys and values, headers and partitions round trip exactly', (t) => {
  const spool = open(t, tempPath(t))
  const key = Buffer.from([0x00, 0xff, 0x10, 0x00, 0x80])
  const big = randomBytes(64 * 1024)
  const before = Date.now()
  spool.append([
    { topic: 'bin', key, value: big, headers: { 'ce-type': 'Paid', note: 'Zürich 東京 🚀' }, partition: 0 },
    { topic: 'bin', value: Buffer.alloc(0) },
    { topic: 'bin', key: Buffer.alloc(0), value: Buffer.from([0]), partition: 7 },
  ])
  const [a, b, c] = spool.peek(3)
  assert.ok(a && b && c)
  assert.ok(Buffer.isBuffer(a.key) && a.key.equals(key))
  assert.ok(Buffer.isBuffer(a.value) && a.value.equals(big))
  assert.deepEqual(a.headers, { 'ce-type': 'Paid', note: 'Zürich 東京 🚀' })
  assert.equal(a.partition, 0, 'partition 0 is not lost as "no partition"')
  assert.ok(a.createdAt >= before && a.createdAt <= Date.now())
  assert.equal(b.key, undefined)
  assert.equal(b.value.length, 0)
  assert.deepEqual(b.headers, {})
  assert.equal(b.partition, undefined)
  assert.ok(Buffer.isBuffer(c.key) && c.key.length === 0, 'an empty key stays a (empty) key')
  assert.equal(c.partition, 7)
})

test('records survive closing and reopening the same file; ids keep growing', (t) => {
  const path = tempPath(t, 'nested/dir/offline.db')
  const first = new OfflineSpool(path)
  assert.ok(existsSync(path), 'parent directories are created')
  const ids = first.append([
    { topic: 'orders', key: value('k1'), value: value('one'), headers: { h: '1' } },
    { topic: 'orders', key: value('k2'), value: value('two') },
    { topic: 'orders', value: value('three') },
  ])
  first.remove(ids[0]!)
  first.close()
  first.close() // closing twice is harmless

  const second = open(t, path)
  assert.equal(second.path, path)
  assert.equal(second.depth, 2)
  assert.deepEqual(
    second.peek(10).map((r) => [r.id, r.key?.toString(), r.value.toString()]),
    [
      [ids[1], 'k2', 'two'],
      [ids[2], undefined, 'three'],
    ],
  )
  second.remove(ids[2]!)
  const [next] = second.append([{ topic: 'orders', value: value('four') }])
  assert.ok(next! > ids[2]!, 'an id is never reused, even after the spool emptied')
})

test('a failing append stores none of its records', (t) => {
  const spool = open(t, tempPath(t))
  spool.append([{ topic: 't', value: value('kept') }])
  const broken = [
    { topic: 't', value: value('x') },
    { topic: 't', value: undefined as unknown as Buffer }, // value is NOT NULL
  ]
  assert.throws(() => spool.append(broken))
  assert.equal(spool.depth, 1)
  assert.deepEqual(
    spool.peek(10).map((r) => r.value.toString()),
    ['kept'],
  )
  spool.append([{ topic: 't', value: value('after') }])
  assert.equal(spool.depth, 2, 'the spool works after a rolled-back append')
})

test('an in-memory spool works for tests', (t) => {
  const spool = open(t, ':memory:')
  spool.append([{ topic: 't', value: value('m') }])
  assert.equal(spool.peek(1)[0]?.value.toString(), 'm')
})
