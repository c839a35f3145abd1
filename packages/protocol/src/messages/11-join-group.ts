/**
 * JoinGroup (key 11), versions 0-9, flexible from 6.
 * v1 rebalance timeout; v2 throttle time; v4 a first join without member id is answered with
 * MEMBER_ID_REQUIRED and an assigned id to rejoin with; v5 static membership (group instance id);
 * v7 the response carries the protocol type and a nullable protocol name; v8 a reason; v9 skipAssignment.
 */
import { defineMessage } from '../schema/types.ts'

export const JoinGroupRequest = defineMessage({
  apiKey: 11,
  name: 'JoinGroupRequest',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'sessionTimeoutMs', type: 'int32', versions: '0+' },
    // Absent before v1: the session timeout is used instead.
    { name: 'rebalanceTimeoutMs', type: 'int32', versions: '1+', default: -1, ignorable: true },
    { name: 'memberId', type: 'string', versions: '0+' },
    { name: 'groupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    { name: 'protocolType', type: 'string', versions: '0+' },
    {
      name: 'protocols',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'metadata', type: 'bytes', versions: '0+' },
      ],
    },
    {
      name: 'reason',
      type: 'string',
      versions: '8+',
      nullableVersions: '8+',
      default: null,
      ignorable: true,
    },
  ],
})

export const JoinGroupResponse = defineMessage({
  apiKey: 11,
  name: 'JoinGroupResponse',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '0+', default: -1 },
    {
      name: 'protocolType',
      type: 'string',
      versions: '7+',
      nullableVersions: '7+',
      default: null,
      ignorable: true,
    },
    { name: 'protocolName', type: 'string', versions: '0+', nullableVersions: '7+' },
    { name: 'leader', type: 'string', versions: '0+' },
    { name: 'skipAssignment', type: 'bool', versions: '9+' },
    { name: 'memberId', type: 'string', versions: '0+' },
    {
      name: 'members',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'memberId', type: 'string', versions: '0+' },
        {
          name: 'groupInstanceId',
          type: 'string',
          versions: '5+',
          nullableVersions: '5+',
          default: null,
          ignorable: true,
        },
        { name: 'metadata', type: 'bytes', versions: '0+' },
      ],
    },
  ],
})
