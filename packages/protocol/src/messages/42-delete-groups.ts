/**
 * DeleteGroups (key 42), versions 0-3, flexible from 2.
 * v1 throttles after responding; v3 adds an error message per group.
 */
import { defineMessage } from '../schema/types.ts'

export const DeleteGroupsRequest = defineMessage({
  apiKey: 42,
  name: 'DeleteGroupsRequest',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [{ name: 'groupsNames', type: '[]string', versions: '0+' }],
})

export const DeleteGroupsResponse = defineMessage({
  apiKey: 42,
  name: 'DeleteGroupsResponse',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'results',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'groupId', type: 'string', versions: '0+' },
        { name: 'errorCode', type: 'int16', versions: '0+' },
        {
          name: 'errorMessage',
          type: 'string',
          versions: '3+',
          nullableVersions: '3+',
          default: null,
          ignorable: true,
        },
      ],
    },
  ],
})
