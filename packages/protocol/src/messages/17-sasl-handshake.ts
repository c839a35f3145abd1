/**
 * SaslHandshake (key 17), versions 0-1, never flexible.
 * v0: the SASL tokens follow as raw size-prefixed frames; v1: they travel in SaslAuthenticate.
 */
import { defineMessage } from '../schema/types.ts'

export const SaslHandshakeRequest = defineMessage({
  apiKey: 17,
  name: 'SaslHandshakeRequest',
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [{ name: 'mechanism', type: 'string', versions: '0+' }],
})

export const SaslHandshakeResponse = defineMessage({
  apiKey: 17,
  name: 'SaslHandshakeResponse',
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    { name: 'mechanisms', type: '[]string', versions: '0+' },
  ],
})
