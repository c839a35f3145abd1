/**
 * Spool runs on Node.js 22.12 or newer (22, 24, 26): 22.12 is the first 22 that loads ES modules
 * from CommonJS (`require(esm)`) without a flag, which CommonJS services (NestJS compiled to
 * CommonJS) need. Every Spool package loads this module, so an older Node fails at import with a
 * message that says which versions are supported, instead of a missing API deep inside.
 */
import { SpoolError } from './error.ts'

/** The oldest Node.js Spool supports. */
export const minimumNode = '22.12.0'

/** Whether `version` (e.g. `process.versions.node`) is one Spool supports. */
export function isSupportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major > 22 || (major === 22 && minor >= 12)
}

/**
 * Throws `SPOOL_ERR_UNSUPPORTED` on a Node.js older than {@link minimumNode}.
 *
 * @example
 * assertSupportedNode('20.19.0') // throws: Spool needs Node.js 22.12 or newer (22, 24, 26); this is 20.19.0
 */
export function assertSupportedNode(version: string = process.versions.node): void {
  if (isSupportedNode(version)) return
  throw new SpoolError(
    'SPOOL_ERR_UNSUPPORTED',
    `Spool needs Node.js ${minimumNode} or newer (22, 24, 26); this is ${version}`,
    { details: { node: version, minimum: minimumNode } },
  )
}
