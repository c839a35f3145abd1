/**
 * Which versions of each API this codec handles, and which a Kafka 4.x broker advertises.
 *
 * `min`/`max` are the schemas' validVersions (Kafka 4.x definitions). `advertisedMin`/`advertisedMax`
 * are what Apache Kafka 4.4 puts in its ApiVersions response, which differs in two places:
 * - Produce is advertised from v0 although v0-2 were removed, because older librdkafka disables
 *   compression when Produce's minimum is above 0 (KAFKA-18659); v0-2 requests are still rejected.
 * - InitProducerId v6 (two-phase commit) is defined but not yet stable, so v5 is advertised.
 */
import { APIS, type ApiDef, type ApiKey } from './messages/index.ts'
import { parseVersions } from './schema/versions.ts'

export interface SupportedVersions {
  readonly name: string
  readonly min: number
  readonly max: number
  readonly advertisedMin: number
  readonly advertisedMax: number
}

const ADVERTISED: Partial<Record<ApiKey, Partial<SupportedVersions>>> = {
  0: { advertisedMin: 0 },
  22: { advertisedMax: 5 },
}

/**
 * Supported versions by API key.
 *
 * @example
 * SUPPORTED_VERSIONS[ApiKeys.FETCH] // { name: 'Fetch', min: 4, max: 18, advertisedMin: 4, advertisedMax: 18 }
 */
export const SUPPORTED_VERSIONS: Readonly<Record<ApiKey, SupportedVersions>> = Object.freeze(
  Object.fromEntries(
    (Object.values(APIS) as ApiDef[]).map((a) => {
      const { min, max } = parseVersions(a.request.validVersions)
      const entry = { name: a.name, min, max, advertisedMin: min, advertisedMax: max }
      return [a.apiKey, Object.freeze({ ...entry, ...ADVERTISED[a.apiKey as ApiKey] })]
    }),
  ) as Record<ApiKey, SupportedVersions>,
)

/**
 * The ApiVersions response's `apiKeys` list, as Kafka 4.x advertises it.
 *
 * @example
 * encodeResponse(18, 3, correlationId, { errorCode: 0, apiKeys: advertisedApiVersions() })
 */
export function advertisedApiVersions(): { apiKey: number; minVersion: number; maxVersion: number }[] {
  return Object.entries(SUPPORTED_VERSIONS).map(([key, v]) => ({
    apiKey: Number(key),
    minVersion: v.advertisedMin,
    maxVersion: v.advertisedMax,
  }))
}

/** True if the codec has a schema for `apiKey` at `version`. */
export function isSupportedVersion(apiKey: number, version: number): boolean {
  const v = (SUPPORTED_VERSIONS as Record<number, SupportedVersions | undefined>)[apiKey]
  return v !== undefined && version >= v.min && version <= v.max
}
