import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ApiKeys, AUTHORIZED_OPERATIONS_OMITTED, ErrorCodes } from '@spool/protocol'
import { describeGroupsHandler } from '../../src/handlers/15-describe-groups.ts'
import { call, groupBroker, stableGroup } from './group-helpers.ts'

type Describe = typeof ApiKeys.DESCRIBE_GROUPS

describe('DescribeGroups handler', () => {
  for (const version of [0, 1, 2, 3, 4, 5, 6]) {
    it(`v${version}: a stable group with its member, metadata and assignment`, async (t) => {
      const { broker, memberId } = await stableGroup(t)
      const res = await call<Describe>(describeGroupsHandler, broker, version, {
        groups: ['g'],
        includeAuthorizedOperations: version >= 3,
      })
      const g = res.groups[0]!
      assert.deepEqual(
        [g.errorCode, g.groupState, g.protocolType, g.protocolData],
        [0, 'Stable', 'consumer', 'range'],
      )
      const m = g.members[0]!
      assert.equal(m.memberId, memberId)
      assert.equal(m.clientId, 'test-client')
      assert.equal(m.clientHost, '/127.0.0.1')
      assert.equal(m.memberMetadata.toString(), 'sub')
      assert.equal(m.memberAssignment.toString(), 'asg')
      assert.equal(m.groupInstanceId, version >= 4 ? 'pod-1' : null)
      if (version >= 3) assert.notEqual(g.authorizedOperations, AUTHORIZED_OPERATIONS_OMITTED)
    })
  }

  it('an unknown group is Dead before v6 and GROUP_ID_NOT_FOUND from v6', async (t) => {
    const { broker } = await groupBroker(t)
    const v5 = await call<Describe>(describeGroupsHandler, broker, 5, { groups: ['nope'] })
    assert.deepEqual([v5.groups[0]!.errorCode, v5.groups[0]!.groupState], [0, 'Dead'])
    const v6 = await call<Describe>(describeGroupsHandler, broker, 6, { groups: ['nope'] })
    assert.equal(v6.groups[0]!.errorCode, ErrorCodes.GROUP_ID_NOT_FOUND)
    assert.match(v6.groups[0]!.errorMessage ?? '', /nope/)
  })
})
