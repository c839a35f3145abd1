/**
 * ApiVersions (key 18), versions 0-5, flexible from 3.
 * v1 adds throttle time; v3 adds the client software name/version and the feature tagged fields;
 * v4 allows SupportedFeatures.MinVersion 0; v5 lets the caller state its cluster and node id.
 * The response header is always v0, and a request in an unknown version is answered in v0 with
 * UNSUPPORTED_VERSION and the full key list (see framing.ts).
 */
import { defineMessage } from '../schema/types.ts'

export const ApiVersionsRequest = defineMessage({
  apiKey: 18,
  name: 'ApiVersionsRequest',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'clientSoftwareName', type: 'string', versions: '3+', ignorable: true },
    { name: 'clientSoftwareVersion', type: 'string', versions: '3+', ignorable: true },
    {
      name: 'clusterId',
      type: 'string',
      versions: '5+',
      nullableVersions: '5+',
      default: null,
      ignorable: true,
    },
    { name: 'nodeId', type: 'int32', versions: '5+', default: -1, ignorable: true },
  ],
})

export const ApiVersionsResponse = defineMessage({
  apiKey: 18,
  name: 'ApiVersionsResponse',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'errorCode', type: 'int16', versions: '0+' },
    {
      name: 'apiKeys',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'apiKey', type: 'int16', versions: '0+' },
        { name: 'minVersion', type: 'int16', versions: '0+' },
        { name: 'maxVersion', type: 'int16', versions: '0+' },
      ],
    },
    { name: 'throttleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'supportedFeatures',
      type: '[]struct',
      versions: '3+',
      taggedVersions: '3+',
      tag: 0,
      ignorable: true,
      fields: [
        { name: 'name', type: 'string', versions: '3+' },
        { name: 'minVersion', type: 'int16', versions: '3+' },
        { name: 'maxVersion', type: 'int16', versions: '3+' },
      ],
    },
    {
      name: 'finalizedFeaturesEpoch',
      type: 'int64',
      versions: '3+',
      taggedVersions: '3+',
      tag: 1,
      default: -1n,
      ignorable: true,
    },
    {
      name: 'finalizedFeatures',
      type: '[]struct',
      versions: '3+',
      taggedVersions: '3+',
      tag: 2,
      ignorable: true,
      fields: [
        { name: 'name', type: 'string', versions: '3+' },
        { name: 'maxVersionLevel', type: 'int16', versions: '3+' },
        { name: 'minVersionLevel', type: 'int16', versions: '3+' },
      ],
    },
    { name: 'zkMigrationReady', type: 'bool', versions: '3+', taggedVersions: '3+', tag: 3, ignorable: true },
  ],
})
