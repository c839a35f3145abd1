/**
 * SyncGroup (key 14), versions 0-5, flexible from 4.
 * v1 throttle time; v3 static membership (group instance id); v5 protocol type and name in both
 * directions (the broker rejects a mismatch with INCONSISTENT_GROUP_PROTOCOL).
 */
import { defineMessage } from '../schema/types.ts'

export const SyncGroupRequest = defineMessage({
  apiKey: 14,
  name: 'SyncGroupRequest',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0+' },
    { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    {
      name: 'protocolType',
      type: 'string',
      versions: '5+',
      nullableVersions: '5+',
      default: null,
      ignorable: true,
    },
    {
      name: 'protocolName',
      type: 'string',
      versions: '5+',
      nullableVersions: '5+',
      default: null,
      ignorable: true,
    },
    {
      name: 'assignments',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'memberId', type: 'string', versions: '0+' },
        { name: 'assignment', type: 'bytes', versions: '0+' },
      ],
    },
  ],
})

export const SyncGroupResponse = defineMessage({
  apiKey: 14,
  name: 'SyncGroupResponse',
  validVersions: '0-5',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'protocolType',
      type: 'string',
      versions: '5+',
      nullableVersions: '5+',
      default: null,
      ignorable: true,
    },
    {
      name: 'protocolName',
      type: 'string',
      versions: '5+',
      nullableVersions: '5+',
      default: null,
      ignorable: true,
    },
    { name: 'assignment', type: 'bytes', versions: '0+' },
  ],
})
