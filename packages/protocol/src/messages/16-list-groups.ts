/**
 * ListGroups (key 16), versions 0-5, flexible from 3.
 * v1 throttle time; v4 a states filter and each group's state (KIP-518); v5 a types filter and each
 * group's type ("classic", "consumer", "share", "streams"; KIP-848).
 */
import { defineMessage } from '../schema/types.ts'

export const ListGroupsRequest = defineMessage({
  apiKey: 16,
  name: 'ListGroupsRequest',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'statesFilter', type: '[]string', versions: '4+' },
    { name: 'typesFilter', type: '[]string', versions: '5+' },
  ],
})

export const ListGroupsResponse = defineMessage({
  apiKey: 16,
  name: 'ListGroupsResponse',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'groups',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'groupId', type: 'string', versions: '0+' },
        { name: 'protocolType', type: 'string', versions: '0+' },
        { name: 'groupState', type: 'string', versions: '4+', ignorable: true },
        { name: 'groupType', type: 'string', versions: '5+', ignorable: true },
      ],
    },
  ],
})
