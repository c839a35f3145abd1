import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes } from '@spool/protocol'
import { broker, wire } from '../helpers/wire.ts'

describe('DescribeCluster', () => {
  it('lists this node as the only broker and the controller', async (t) => {
    const b = await broker(t, { nodeId: 3 })
    const c = await wire(t, b)
    const res = await c.request(ApiKeys.DESCRIBE_CLUSTER, 2, {
      includeClusterAuthorizedOperations: true,
      endpointType: 1,
      includeFencedBrokers: true,
    })
    assert.equal(res.errorCode, 0)
    assert.equal(res.controllerId, 3)
    assert.equal(res.clusterId, b.broker.clusterId)
    assert.deepEqual(
      res.brokers.map((x) => [x.brokerId, x.host, x.port, x.isFenced]),
      [[3, '127.0.0.1', b.port, false]],
    )
    assert.ok(res.clusterAuthorizedOperations > 0)
    const controllers = await c.request(ApiKeys.DESCRIBE_CLUSTER, 1, {
      includeClusterAuthorizedOperations: false,
      endpointType: 2,
    })
    assert.equal(controllers.errorCode, ErrorCodes.UNSUPPORTED_ENDPOINT_TYPE)
  })
})
