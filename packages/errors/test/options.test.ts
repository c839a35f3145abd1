import assert from 'node:assert/strict'
import { test } from 'node:test'
import { z } from 'zod'
import { closest, editDistance, isSpoolError, parseOptions, SpoolError } from '../src/index.ts'

const schema = z.strictObject({
  brokers: z.array(z.string()).default(['127.0.0.1:9092']),
  clientId: z.string().default('spool'),
  retry: z.strictObject({ attempts: z.number().int().min(0).default(3) }).optional(),
})

test('an unknown key is named, with the nearest known key', () => {
  assert.throws(
    () => parseOptions('createBus', schema, { brokrs: ['x:1'] }),
    (err: unknown) =>
      isSpoolError(err) &&
      err.code === 'SPOOL_ERR_INVALID_OPTION' &&
      err.message === "createBus: unknown option 'brokrs' (did you mean 'brokers'?)",
  )
})

test('a nested unknown key is named with its path and suggestion', () => {
  assert.throws(
    () => parseOptions('createBus', schema, { retry: { atempts: 2 } }),
    /unknown option 'retry\.atempts' \(did you mean 'retry\.attempts'\?\)/,
  )
})

test('a key far from every known one gets no suggestion', () => {
  assert.throws(() => parseOptions('createBus', schema, { zzzzzzzz: 1 }), /unknown option 'zzzzzzzz'$/)
})

test('a wrong value names the option', () => {
  assert.throws(
    () => parseOptions('createBus', schema, { retry: { attempts: -1 } }),
    /option 'retry\.attempts'/,
  )
})

test('parsed options get defaults and are frozen', () => {
  const options = parseOptions('createBus', schema, {})
  assert.deepEqual(options, { brokers: ['127.0.0.1:9092'], clientId: 'spool' })
  assert.ok(Object.isFrozen(options) && Object.isFrozen(options.brokers))
})

test('edit distance counts an adjacent swap as one edit (optimal string alignment)', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3)
  assert.equal(editDistance('clinetId', 'clientId'), 1)
  assert.equal(closest('CLIENTID', ['clientId']), 'clientId')
})

test('isSpoolError recognises errors without instanceof and rejects look-alikes', () => {
  const err = new SpoolError('SPOOL_ERR_INVALID_OPTION', 'x')
  assert.equal(err.retryable, false)
  assert.ok(isSpoolError(err))
  assert.ok(!isSpoolError(Object.assign(new Error('x'), { code: 'SPOOL_ERR_INVALID_OPTION' })))
})

test('values passed through as given are not frozen; what parsing built is', () => {
  const store = { claim: () => 'claimed' }
  const withStore = z.strictObject({
    store: z.custom<typeof store>((v) => typeof (v as typeof store)?.claim === 'function'),
    topics: z.array(z.string()).default([]),
  })
  const topics = ['a']
  const options = parseOptions('memo', withStore, { store, topics })
  assert.equal(options.store, store)
  assert.ok(!Object.isFrozen(store), "the caller's store was frozen")
  assert.ok(!Object.isFrozen(topics), "the caller's array was frozen")
  assert.ok(Object.isFrozen(options) && Object.isFrozen(options.topics))
})

test('inside a union, the branch whose type matched is reported, with its path and suggestion', () => {
  const tls = z.strictObject({ ca: z.string().optional(), rejectUnauthorized: z.boolean().optional() })
  const withUnion = z.strictObject({
    ssl: z.union([z.boolean(), tls]).default(false),
    stream: z.union([z.literal(false), z.strictObject({ maxClients: z.int().default(3) })]).prefault({}),
  })
  assert.throws(
    () => parseOptions('createBus', withUnion, { ssl: { rejectUnauthorised: false } }),
    /^SpoolError: createBus: unknown option 'ssl\.rejectUnauthorised' \(did you mean 'ssl\.rejectUnauthorized'\?\)$/,
  )
  assert.throws(() => parseOptions('createBus', withUnion, { ssl: { ca: 5 } }), /option 'ssl\.ca' /)
  assert.throws(
    () => parseOptions('createBus', withUnion, { ssl: 'yes' }),
    /option 'ssl' must be boolean or object$/,
  )
  assert.throws(() => parseOptions('createGateway', withUnion, { stream: true }), /must be false or object$/)
  const auth = z.union([
    z.literal(false),
    z.strictObject({ keys: z.array(z.strictObject({ key: z.string(), roles: z.array(z.string()) })) }),
  ])
  assert.throws(
    () =>
      parseOptions('createGateway', z.strictObject({ auth }), { auth: { keys: [{ key: 'k', role: [] }] } }),
    /unknown option 'auth\.keys\[0\]\.role' \(did you mean 'auth\.keys\[0\]\.roles'\?\)$/,
  )
})

test('an unknown key is named before the required key it was probably meant to be', () => {
  const users = z.strictObject({
    users: z.array(z.strictObject({ username: z.string(), password: z.string() })),
  })
  assert.throws(
    () => parseOptions('startBroker', users, { users: [{ username: 'u', pasword: 'p' }] }),
    /^SpoolError: startBroker: unknown option 'users\[0\]\.pasword' \(did you mean 'users\[0\]\.password'\?\)$/,
  )
})
