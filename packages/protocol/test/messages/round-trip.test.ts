import assert from 'node:assert/strict'
import { test } from 'node:test'
import { APIS, type ApiDef } from '../../src/messages/index.ts'
import { Reader } from '../../src/primitives/reader.ts'
import { decodeMessage, encodeMessage } from '../../src/schema/codec.ts'
import { parseVersions } from '../../src/schema/versions.ts'
import { SUPPORTED_VERSIONS } from '../../src/versions.ts'
import { pickLike, samples } from './sample.ts'

const apis = Object.values(APIS) as ApiDef[]

for (const api of apis) {
  test(`${api.name} (key ${api.apiKey}): every version round-trips, request and response`, () => {
    const { min, max } = parseVersions(api.request.validVersions)
    assert.deepEqual(parseVersions(api.response.validVersions), { min, max })
    for (let v = min; v <= max; v++) {
      for (const def of [api.request, api.response]) {
        for (const { variant, value } of samples(def, v)) {
          const where = `${def.name} v${v} (${variant})`
          const bytes = encodeMessage(def, v, value as never).toBuffer()
          const r = new Reader(bytes)
          const decoded = decodeMessage(def, v, r)
          assert.equal(r.remaining, 0, `${where}: trailing bytes`)
          assert.deepStrictEqual(pickLike(decoded, value), value, where)
          // Fields absent in this version come back as defaults and must re-encode to the same bytes.
          assert.ok(
            encodeMessage(def, v, decoded as never)
              .toBuffer()
              .equals(bytes),
            `${where}: re-encode differs`,
          )
          for (let cut = 0; cut < bytes.length; cut += Math.max(1, bytes.length >> 4)) {
            assert.throws(
              () => decodeMessage(def, v, bytes.subarray(0, cut)),
              { code: 'SPOOL_ERR_PROTOCOL' },
              where,
            )
          }
        }
      }
    }
  })
}

test('round trips cover exactly the supported versions of 31 APIs', () => {
  assert.equal(apis.length, 31)
  let versions = 0
  for (const api of apis) {
    const s = SUPPORTED_VERSIONS[api.apiKey as keyof typeof SUPPORTED_VERSIONS]
    assert.deepEqual(parseVersions(api.request.validVersions), { min: s.min, max: s.max })
    versions += s.max - s.min + 1
  }
  assert.equal(versions, 195)
})
