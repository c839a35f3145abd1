/**
 * Valid request frames for the fuzzer to mutate: a body for every API the codec knows, at every
 * version, generated from the schemas themselves (so a new API or version is covered without
 * touching this file), with values that make sense to a broker (small partitions, known topic and
 * group names, real record batches).
 *
 * Topic names come from a small `fz-` pool: a mutated DeleteTopics or DeleteRecords can only ever
 * touch those, never the data a fuzz test checks afterwards.
 */
import {
  APIS,
  type ApiDef,
  type ApiKey,
  encodeBatch,
  encodeRequest,
  type FieldDef,
  inVersions,
  SUPPORTED_VERSIONS,
} from '@spool/protocol'
import type { Rng } from './mutate.ts'

export const fuzzTopics = ['fz-a', 'fz-b', 'fz-c'] as const
const groups = ['fz-g1', 'fz-g2']

function stringFor(name: string, rng: Rng): string {
  const n = name.toLowerCase()
  if (n.includes('group')) return rng.pick(groups)
  if (n.includes('topic') || n === 'name' || n === 'resourcename') return rng.pick(fuzzTopics)
  if (n.includes('memberid')) return rng.chance(0.5) ? '' : 'fz-member'
  if (n === 'protocoltype') return 'consumer'
  if (n.includes('mechanism')) return 'PLAIN'
  if (n === 'value') return '3600000'
  if (n.includes('config') || n === 'key') return 'retention.ms'
  return rng.pick(['fz', 'range', 'x'])
}

function intFor(name: string, rng: Rng): number {
  const n = name.toLowerCase()
  if (n.includes('partition') && !n.includes('max')) return rng.int(3)
  if (n === 'numpartitions' || n === 'count') return 1 + rng.int(3)
  if (n === 'replicationfactor') return rng.pick([1, -1])
  if (n === 'acks') return rng.pick([-1, 1, 0])
  if (n.includes('sessiontimeout')) return 6_000 // the broker's minimum
  // A JoinGroup waits for the group's other members up to this; fuzzed members never rejoin.
  if (n.includes('rebalancetimeout')) return 100
  if (n.includes('maxbytes')) return 1 << 20
  if (n.includes('generation') || n.includes('epoch')) return -1
  if (n === 'replicaid' || n === 'brokerid') return -1
  if (n === 'resourcetype') return rng.pick([2, 4])
  return 0
}

function bigintFor(name: string, rng: Rng): bigint {
  const n = name.toLowerCase()
  if (n.includes('timestamp')) return rng.pick([-1n, -2n, BigInt(Date.now())])
  if (n.includes('producerid')) return -1n
  return BigInt(rng.int(3))
}

const batchFor = (rng: Rng): Buffer =>
  encodeBatch({
    records: Array.from({ length: 1 + rng.int(3) }, (_, i) => ({
      key: rng.chance(0.5) ? Buffer.from(`k${i}`) : null,
      value: Buffer.from(`fuzz-value-${i}`),
      headers: rng.chance(0.3) ? [{ key: 'h', value: Buffer.from('v') }] : [],
      timestamp: BigInt(Date.now()),
    })),
    compression: rng.pick(['none', 'none', 'gzip', 'snappy', 'lz4', 'zstd'] as const),
  })

function valueFor(field: FieldDef, version: number, rng: Rng): unknown {
  if (inVersions(field.nullableVersions, version) && rng.chance(0.1)) return null
  const type = field.type
  if (type.startsWith('[]')) {
    const element = type.slice(2)
    const length = 1 + (rng.chance(0.2) ? 1 : 0)
    return Array.from({ length }, () =>
      element === 'struct' ? bodyFor(field.fields ?? [], version, rng) : scalarFor(element, field.name, rng),
    )
  }
  if (type === 'struct') return bodyFor(field.fields ?? [], version, rng)
  return scalarFor(type, field.name, rng)
}

function scalarFor(type: string, name: string, rng: Rng): unknown {
  switch (type) {
    case 'bool':
      return rng.chance(0.5)
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
      return intFor(name, rng)
    case 'int64':
      return bigintFor(name, rng)
    case 'float64':
      return 0
    case 'string':
      return stringFor(name, rng)
    case 'bytes':
      return Buffer.from('fz')
    case 'records':
      return batchFor(rng)
    case 'uuid':
      return '00000000-0000-0000-0000-000000000000'
    default:
      return undefined
  }
}

function bodyFor(fields: readonly FieldDef[], version: number, rng: Rng): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const f of fields) if (inVersions(f.versions, version)) body[f.name] = valueFor(f, version, rng)
  return body
}

/** One valid frame (size prefix included) and what it is. */
export interface Template {
  readonly apiKey: number
  readonly version: number
  readonly bytes: Buffer
}

/**
 * `perVersion` valid frames for every API key and every version the codec has a schema for.
 * Correlation ids stay below 2^28 (the fuzz driver's sentinels use ids above that).
 */
export function templates(rng: Rng, perVersion = 2): Template[] {
  const out: Template[] = []
  let correlationId = 1
  for (const def of Object.values(APIS) as ApiDef[]) {
    const { min, max } = SUPPORTED_VERSIONS[def.apiKey as ApiKey]
    for (let version = min; version <= max; version++) {
      for (let i = 0; i < perVersion; i++) {
        const body = bodyFor(def.request.fields, version, rng)
        const bytes = encodeRequest(
          {
            apiKey: def.apiKey as ApiKey,
            apiVersion: version,
            correlationId: correlationId++,
            clientId: 'fuzz',
          },
          body as never,
        )
        out.push({ apiKey: def.apiKey, version, bytes })
      }
    }
  }
  return out
}
