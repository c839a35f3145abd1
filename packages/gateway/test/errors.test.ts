import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConflictError, NotConnectedError, NotFoundError, PublishError, TimeoutError } from '@spool/bus'
import { UnknownEventError, ValidationError } from '@spool/catalog'
import { GatewayError, toHttpError } from '@spool/gateway'

describe('gateway: errors to HTTP', () => {
  it('maps stable codes of every part to statuses, keeping issues and details', () => {
    const cases: Array<[unknown, number, string]> = [
      [
        new ValidationError("Event 'x' data", [{ path: 'data.a', message: 'bad' }]),
        400,
        'SPOOL_ERR_VALIDATION',
      ],
      [new UnknownEventError('x', ['y']), 404, 'SPOOL_ERR_UNKNOWN_EVENT'],
      [new NotFoundError('group', 'g'), 404, 'SPOOL_ERR_NOT_FOUND'],
      [new ConflictError('busy'), 409, 'SPOOL_ERR_CONFLICT'],
      [new NotConnectedError('down'), 503, 'SPOOL_ERR_KAFKA_UNAVAILABLE'],
      [new TimeoutError('slow'), 504, 'SPOOL_ERR_TIMEOUT'],
      [new PublishError('Kafka refused: MESSAGE_TOO_LARGE'), 413, 'SPOOL_ERR_PUBLISH'],
      [new PublishError('refused'), 502, 'SPOOL_ERR_PUBLISH'],
      [
        Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }),
        413,
        'SPOOL_ERR_PAYLOAD_TOO_LARGE',
      ],
      [new GatewayError(401, 'SPOOL_ERR_UNAUTHORIZED', 'key'), 401, 'SPOOL_ERR_UNAUTHORIZED'],
    ]
    for (const [error, status, code] of cases) {
      const { statusCode, body } = toHttpError(error)
      assert.equal(statusCode, status, code)
      assert.equal(body.status, 'error')
      assert.equal(body.error.code, code)
    }
    assert.deepEqual(
      toHttpError(new ValidationError('x', [{ path: 'data.a', message: 'bad' }])).body.error.issues,
      [{ path: 'data.a', message: 'bad' }],
    )
    assert.deepEqual(toHttpError(new NotFoundError('topic', 't')).body.error.details, {
      resource: 'topic',
      name: 't',
    })
  })

  it('never leaks an unknown error: 500 with a generic message', () => {
    const { statusCode, body } = toHttpError(new TypeError('secret internals at /srv/app.js:12'))
    assert.equal(statusCode, 500)
    assert.equal(body.error.code, 'SPOOL_ERR_INTERNAL')
    assert.doesNotMatch(body.error.message, /secret/)
  })
})
