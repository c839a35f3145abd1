import assert from 'node:assert/strict'
import { request } from 'node:http'
import { it } from 'node:test'
import { bootstrapList, describeOnBrokers } from '@spool/testing'
import { catalog, makeBus, makeGateway, mission } from '../helpers.ts'

/** A raw HTTP request, so bodies can be any bytes (fetch would re-encode invalid UTF-8). */
function raw(
  url: string,
  body: Buffer | string,
  headers: Record<string, string>,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

describeOnBrokers('gateway: HTTP over real sockets', (target) => {
  it('publishes, refuses every kind of bad input with a 4xx, and keeps serving', async (t) => {
    const events = catalog('http')
    const bus = makeBus(t, {
      brokers: bootstrapList(target.bootstrap!),
      catalog: events.all,
      offline: 'spool',
      retries: 3,
    })
    const gateway = makeGateway(t, { bus })
    const address = await gateway.listen({ host: '127.0.0.1', port: 0 })
    const url = `${address}/api/kafka/events`
    const json = { 'content-type': 'application/json' }
    const good = JSON.stringify({ eventType: 'mission.completed', data: mission('u1'), userId: 'u1' })

    const cases: Array<[string, Buffer | string, Record<string, string>, number, string]> = [
      ['malformed JSON', '{"eventType":', json, 400, 'SPOOL_ERR_BAD_JSON'],
      ['wrong content type', good, { 'content-type': 'text/csv' }, 415, 'SPOOL_ERR_UNSUPPORTED_MEDIA_TYPE'],
      ['no content type', good, {}, 415, 'SPOOL_ERR_UNSUPPORTED_MEDIA_TYPE'],
      ['missing fields', '{}', json, 400, 'SPOOL_ERR_VALIDATION'],
      [
        'mistyped data',
        JSON.stringify({ eventType: 'mission.completed', data: { ...mission(), duration: 'long' } }),
        json,
        400,
        'SPOOL_ERR_VALIDATION',
      ],
      [
        'unknown event type',
        JSON.stringify({ eventType: 'nope', data: {} }),
        json,
        404,
        'SPOOL_ERR_UNKNOWN_EVENT',
      ],
      ['10 MB body', Buffer.alloc(10 * 1_048_576, 0x20), json, 413, 'SPOOL_ERR_PAYLOAD_TOO_LARGE'],
      [
        'invalid UTF-8',
        Buffer.from([0x7b, 0x22, 0x61, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
        json,
        400,
        'SPOOL_ERR_BAD_JSON',
      ],
    ]
    for (const [what, body, headers, status, code] of cases) {
      const res = await raw(url, body, headers).catch((e: Error) => ({
        status: 0,
        body: { error: { code: e.message } },
      }))
      assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`)
      assert.equal(res.body.status, 'error', what)
      assert.equal(res.body.error.code, code, what)
      assert.ok(res.body.error.message.length > 0, what)
    }
    const ok = await raw(url, good, json)
    assert.equal(ok.status, 202, JSON.stringify(ok.body))
    assert.match(ok.body.data.offset, /^\d+$/)
    assert.equal((await fetch(`${address}/health`)).status, 200)
  })
})
