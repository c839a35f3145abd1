/**
 * Heartbeat (key 12), versions 0-4, flexible from 4.
 * v1 adds throttle time; v3 static membership (group instance id).
 */
import { defineMessage } from '../schema/types.ts'

export const HeartbeatRequest = defineMessage({
  apiKey: 12,
  name: 'HeartbeatRequest',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'groupId', type: 'string', versions: '0+' },
    { name: 'generationId', type: 'int32', versions: '0+' },
    { name: 'memberId', type: 'string', versions: '0+' },
    { name: 'groupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
  ],
})

export const HeartbeatResponse = defineMessage({
  apiKey: 12,
  name: 'HeartbeatResponse',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'errorCode', type: 'int16', versions: '0+' },
  ],
})
