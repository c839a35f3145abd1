import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes, SUPPORTED_VERSIONS } from '@spool/protocol'
import { broker, wire } from '../helpers/wire.ts'

describe('ApiVersions', () => {
  it('advertises exactly the ranges Kafka 4.4 does, for every API served', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    const res = await c.request(ApiKeys.API_VERSIONS, 4, {
      clientSoftwareName: 'spool-test',
      clientSoftwareVersion: '1.0',
    })
    assert.equal(res.errorCode, 0)
    for (const k of res.apiKeys) {
      const v = SUPPORTED_VERSIONS[k.apiKey as keyof typeof SUPPORTED_VERSIONS]
      assert.deepEqual([k.minVersion, k.maxVersion], [v.advertisedMin, v.advertisedMax], `key ${k.apiKey}`)
    }
    const keys = res.apiKeys.map((k) => k.apiKey)
    for (const key of [0, 1, 2, 3, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 32, 36, 37, 44, 60])
      assert.ok(keys.includes(key), `key ${key}`)
    assert.deepEqual(
      res.apiKeys
        .filter((k) => k.apiKey === 0 || k.apiKey === 22)
        .map((k) => [k.apiKey, k.minVersion, k.maxVersion]),
      [
        [0, 0, 13],
        [22, 0, 5],
      ],
    )
  })

  it('answers every version from 0 to 5', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    for (let v = 0; v <= 5; v++) {
      const res = await c.request(ApiKeys.API_VERSIONS, v, {
        clientSoftwareName: 'x',
        clientSoftwareVersion: '1',
      })
      assert.equal(res.errorCode, 0, `v${v}`)
    }
  })

  it('refuses a malformed client software name with INVALID_REQUEST (v3+)', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    const res = await c.request(ApiKeys.API_VERSIONS, 3, {
      clientSoftwareName: '-bad name',
      clientSoftwareVersion: '1',
    })
    assert.equal(res.errorCode, ErrorCodes.INVALID_REQUEST)
  })
})
