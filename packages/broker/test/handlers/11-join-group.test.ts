import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ApiKeys, ErrorCodes } from '@spool/protocol'
import { joinGroupHandler } from '../../src/handlers/11-join-group.ts'
import { call, groupBroker } from './group-helpers.ts'

type JoinKey = typeof ApiKeys.JOIN_GROUP
const protocols = [{ name: 'range', metadata: Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }]
const body = (memberId = '', extra: Record<string, unknown> = {}) => ({
  groupId: 'g',
  sessionTimeoutMs: 10_000,
  rebalanceTimeoutMs: 20_000,
  memberId,
  groupInstanceId: null,
  protocolType: 'consumer',
  protocols,
  reason: null,
  ...extra,
})

describe('JoinGroup handler', () => {
  it('v0: no member-id round, the session timeout stands in for the rebalance timeout', async (t) => {
    const { broker, clock } = await groupBroker(t)
    const pending = call<JoinKey>(joinGroupHandler, broker, 0, body())
    clock.advance(0)
    const res = await pending
    assert.equal(res.errorCode, ErrorCodes.NONE)
    assert.equal(res.generationId, 1)
    assert.equal(res.protocolName, 'range')
    assert.equal(res.leader, res.memberId)
    assert.match(res.memberId, /^test-client-/)
    assert.equal(res.members.length, 1)
  })

  for (const version of [4, 5, 6, 7, 8, 9]) {
    it(`v${version}: MEMBER_ID_REQUIRED, then the rejoin with that id joins`, async (t) => {
      const { broker, clock } = await groupBroker(t)
      const first = await call<JoinKey>(joinGroupHandler, broker, version, body())
      assert.equal(first.errorCode, ErrorCodes.MEMBER_ID_REQUIRED)
      assert.equal(first.generationId, -1)
      // Before v7 the protocol name cannot be null: '' is sent for none.
      assert.equal(first.protocolName, version < 7 ? '' : null)
      const pending = call<JoinKey>(joinGroupHandler, broker, version, body(first.memberId))
      clock.advance(0)
      const res = await pending
      assert.equal(res.errorCode, ErrorCodes.NONE)
      assert.equal(res.memberId, first.memberId)
      assert.equal(res.members[0]!.metadata.length, 10)
      if (version >= 7) assert.equal(res.protocolType, 'consumer')
    })
  }

  it('v5: a static member joins without the member-id round and shows its instance id', async (t) => {
    const { broker, clock } = await groupBroker(t)
    const pending = call<JoinKey>(joinGroupHandler, broker, 5, body('', { groupInstanceId: 'pod-0' }))
    clock.advance(0)
    const res = await pending
    assert.equal(res.errorCode, ErrorCodes.NONE)
    assert.match(res.memberId, /^pod-0-/)
    assert.equal(res.members[0]!.groupInstanceId, 'pod-0')
  })

  it('refuses a session timeout outside the broker bounds (INVALID_SESSION_TIMEOUT)', async (t) => {
    const { broker } = await groupBroker(t, { groupMinSessionTimeout: 6_000 })
    const res = await call<JoinKey>(joinGroupHandler, broker, 7, body('', { sessionTimeoutMs: 1_000 }))
    assert.equal(res.errorCode, ErrorCodes.INVALID_SESSION_TIMEOUT)
  })

  it('records client id and host (as Kafka prints it) for DescribeGroups', async (t) => {
    const { broker, clock, groups } = await groupBroker(t)
    const pending = call<JoinKey>(joinGroupHandler, broker, 3, body())
    clock.advance(0)
    await pending
    const member = groups.describeGroups(['g'])[0]!.members[0]!
    assert.equal(member.clientId, 'test-client')
    assert.equal(member.clientHost, '/127.0.0.1')
  })
})
