import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ApiKeys } from '@spool/protocol'
import { listGroupsHandler } from '../../src/handlers/16-list-groups.ts'
import { call, stableGroup } from './group-helpers.ts'

type List = typeof ApiKeys.LIST_GROUPS

describe('ListGroups handler', () => {
  for (const version of [0, 1, 2, 3, 4, 5]) {
    it(`v${version}: lists groups (state from v4, type from v5)`, async (t) => {
      const { broker } = await stableGroup(t)
      const res = await call<List>(listGroupsHandler, broker, version, { statesFilter: [], typesFilter: [] })
      assert.equal(res.errorCode, 0)
      assert.equal(res.groups[0]!.groupId, 'g')
      assert.equal(res.groups[0]!.protocolType, 'consumer')
      if (version >= 4) assert.equal(res.groups[0]!.groupState, 'Stable')
      if (version >= 5) assert.equal(res.groups[0]!.groupType, 'classic')
    })
  }

  it('v4+ filters by state, v5 by type', async (t) => {
    const { broker } = await stableGroup(t)
    const empty = await call<List>(listGroupsHandler, broker, 4, { statesFilter: ['Empty'] })
    assert.deepEqual(empty.groups, [])
    const stableOnly = await call<List>(listGroupsHandler, broker, 4, { statesFilter: ['stable'] })
    assert.equal(stableOnly.groups.length, 1)
    const consumerType = await call<List>(listGroupsHandler, broker, 5, { typesFilter: ['consumer'] })
    assert.deepEqual(consumerType.groups, [])
  })
})
