/**
 * SaslAuthenticate (key 36), versions 0-2, flexible from 2.
 * v1 adds the session lifetime (re-authentication, KIP-368).
 */
import { defineMessage } from '../schema/types.ts'

export const SaslAuthenticateRequest = defineMessage({
  apiKey: 36,
  name: 'SaslAuthenticateRequest',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [{ name: 'authBytes', type: 'bytes', versions: '0+' }],
})

export const SaslAuthenticateResponse = defineMessage({
  apiKey: 36,
  name: 'SaslAuthenticateResponse',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'authBytes', type: 'bytes', versions: '0+' },
    { name: 'sessionLifetimeMs', type: 'int64', versions: '1+', ignorable: true },
  ],
})
