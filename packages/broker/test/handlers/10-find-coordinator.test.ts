import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ApiKeys, CoordinatorKeyType, ErrorCodes } from '@spool/protocol'
import { findCoordinatorHandler } from '../../src/handlers/10-find-coordinator.ts'
import { call, groupBroker } from './group-helpers.ts'

type Find = typeof ApiKeys.FIND_COORDINATOR

describe('FindCoordinator handler', () => {
  for (const version of [0, 1, 2, 3]) {
    it(`v${version}: a group's coordinator is this node at its advertised address`, async (t) => {
      const { broker } = await groupBroker(t)
      const res = await call<Find>(findCoordinatorHandler, broker, version, { key: 'g', keyType: 0 })
      assert.deepEqual([res.errorCode, res.nodeId, res.host, res.port], [0, 7, '127.0.0.1', 19092])
    })
  }

  it('v1-3: a transaction key is refused (transactions are not supported)', async (t) => {
    const { broker } = await groupBroker(t)
    const res = await call<Find>(findCoordinatorHandler, broker, 1, {
      key: 'tx',
      keyType: CoordinatorKeyType.TRANSACTION,
    })
    assert.equal(res.errorCode, ErrorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED)
    assert.equal(res.nodeId, -1)
    assert.match(res.errorMessage ?? '', /not supported/)
  })

  for (const version of [4, 5, 6]) {
    it(`v${version}: several keys, one answer each`, async (t) => {
      const { broker } = await groupBroker(t)
      const res = await call<Find>(findCoordinatorHandler, broker, version, {
        keyType: 0,
        coordinatorKeys: ['a', 'b'],
      })
      assert.deepEqual(
        res.coordinators.map((c) => [c.key, c.errorCode, c.nodeId, c.port]),
        [
          ['a', 0, 7, 19092],
          ['b', 0, 7, 19092],
        ],
      )
    })
  }

  it('v6: share-group keys are INVALID_REQUEST (share groups are not enabled)', async (t) => {
    const { broker } = await groupBroker(t)
    const res = await call<Find>(findCoordinatorHandler, broker, 6, {
      keyType: CoordinatorKeyType.SHARE,
      coordinatorKeys: ['g:topic:0'],
    })
    assert.equal(res.coordinators[0]!.errorCode, ErrorCodes.INVALID_REQUEST)
  })
})
