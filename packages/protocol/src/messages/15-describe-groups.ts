/**
 * DescribeGroups (key 15), versions 0-6, flexible from 5.
 * v1 throttle time; v3 authorized operations; v4 group instance ids of members; v6 an error message
 * and GROUP_ID_NOT_FOUND for unknown groups (KIP-1043).
 */
import { defineMessage } from '../schema/types.ts'
import { AUTHORIZED_OPERATIONS_OMITTED } from './common.ts'

export const DescribeGroupsRequest = defineMessage({
  apiKey: 15,
  name: 'DescribeGroupsRequest',
  validVersions: '0-6',
  flexibleVersions: '5+',
  fields: [
    { name: 'groups', type: '[]string', versions: '0+' },
    { name: 'includeAuthorizedOperations', type: 'bool', versions: '3+' },
  ],
})

export const DescribeGroupsResponse = defineMessage({
  apiKey: 15,
  name: 'DescribeGroupsResponse',
  validVersions: '0-6',
  flexibleVersions: '5+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'groups',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'errorMessage', type: 'string', versions: '6+', nullableVersions: '6+', default: null },
        { name: 'groupId', type: 'string', versions: '0+' },
        { name: 'groupState', type: 'string', versions: '0+' },
        { name: 'protocolType', type: 'string', versions: '0+' },
        // Filled in only while the group is Stable.
        { name: 'protocolData', type: 'string', versions: '0+' },
        {
          name: 'members',
          type: '[]struct',
          versions: '0+',
          fields: [
            { name: 'memberId', type: 'string', versions: '0+' },
            {
              name: 'groupInstanceId',
              type: 'string',
              versions: '4+',
              nullableVersions: '4+',
              default: null,
              ignorable: true,
            },
            { name: 'clientId', type: 'string', versions: '0+' },
            { name: 'clientHost', type: 'string', versions: '0+' },
            { name: 'memberMetadata', type: 'bytes', versions: '0+' },
            { name: 'memberAssignment', type: 'bytes', versions: '0+' },
          ],
        },
        {
          name: 'authorizedOperations',
          type: 'int32',
          versions: '3+',
          default: AUTHORIZED_OPERATIONS_OMITTED,
        },
      ],
    },
  ],
})
