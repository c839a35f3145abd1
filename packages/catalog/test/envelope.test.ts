import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildEnvelope, RESERVED_ATTRIBUTES } from '../src/envelope.ts'
import { InvalidOptionError } from '../src/errors.ts'
import { defaultEncodeOptions, JSON_CONTENT_TYPE, SPEC_VERSION } from '../src/index.ts'
import { MissionCompleted } from './fixtures.ts'

test('the envelope has the CloudEvents attributes in spec order, data last', () => {
  const envelope = buildEnvelope(
    MissionCompleted,
    { x: 1 },
    { source: '/s', id: 'i', extensions: { ext1: 'v' } },
    't',
    'k',
    'u',
  )
  assert.deepEqual(Object.keys(envelope), [
    'specversion',
    'id',
    'source',
    'type',
    'time',
    'subject',
    'datacontenttype',
    'dataversion',
    'partitionkey',
    'ext1',
    'data',
  ])
  assert.equal(envelope.specversion, SPEC_VERSION)
  assert.equal(envelope.datacontenttype, JSON_CONTENT_TYPE)
  assert.equal(envelope.type, 'mission.completed')
})

test('core attribute names cannot be used as extensions', () => {
  for (const name of RESERVED_ATTRIBUTES) {
    assert.throws(
      () =>
        buildEnvelope(
          MissionCompleted,
          {},
          { source: '/s', extensions: { [name]: 'x' } },
          't',
          undefined,
          undefined,
        ),
      (err: unknown) => err instanceof InvalidOptionError && err.property === `extensions.${name}`,
    )
  }
})

test('default mode is binary and the defaults are frozen', () => {
  assert.equal(defaultEncodeOptions.mode, 'binary')
  assert.ok(Object.isFrozen(defaultEncodeOptions))
})
