/** Version ranges as written in schemas: '0+', '3-5', '7', 'none'. */
import { ProtocolError } from '../errors.ts'

export interface VersionRange {
  readonly min: number
  /** Inclusive; Infinity for open ranges. */
  readonly max: number
}

const NONE: VersionRange = Object.freeze({ min: 0, max: -1 })
const cache = new Map<string, VersionRange>()

/**
 * Parses a version range.
 *
 * @example
 * parseVersions('3+') // { min: 3, max: Infinity }
 */
export function parseVersions(spec: string): VersionRange {
  let range = cache.get(spec)
  if (range) return range
  const m = /^(\d+)(?:(\+)|-(\d+))?$/.exec(spec.trim())
  if (spec === 'none') range = NONE
  else if (!m) throw new ProtocolError(`Invalid version range '${spec}': expected 'N+', 'N-M', 'N' or 'none'`)
  else {
    const min = Number(m[1])
    const max = m[2] ? Infinity : m[3] !== undefined ? Number(m[3]) : min
    range = Object.freeze({ min, max })
  }
  cache.set(spec, range)
  return range
}

/** True if `version` falls in the range written as `spec` (undefined means 'none'). */
export function inVersions(spec: string | undefined, version: number): boolean {
  if (spec === undefined) return false
  const r = parseVersions(spec)
  return version >= r.min && version <= r.max
}
