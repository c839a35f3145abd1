/**
 * Maps a caller's key to the key a persistent store keeps. Most keys are kept verbatim, which makes
 * the stored rows readable. A key is replaced by a SHA-256 digest when a backend could not keep it
 * faithfully: longer than a B-tree index entry comfortably holds (PostgreSQL refuses entries of
 * about 2.7 kB), holding NUL (PostgreSQL text cannot), or holding lone UTF-16 surrogates (UTF-8
 * encoding would turn distinct keys into the same bytes).
 */

import { createHash } from 'node:crypto'

/** Keys up to this many UTF-8 bytes are stored verbatim. */
export const maxVerbatimKeyBytes = 512

// A caller key that happens to start with the marker is hashed too, so a verbatim key can never
// equal the digest form of a different key.
const digestMarker = '#sha256:'

/** The key to store for `key`: itself when safe, else `#sha256:` and the digest of its UTF-16 code units. */
export function storageKey(key: string): string {
  const verbatim =
    !key.startsWith(digestMarker) &&
    !key.includes('\u0000') &&
    key.isWellFormed() &&
    Buffer.byteLength(key, 'utf8') <= maxVerbatimKeyBytes
  if (verbatim) return key
  // UTF-16 code units keep lone surrogates distinct, which UTF-8 would not.
  return digestMarker + createHash('sha256').update(Buffer.from(key, 'utf16le')).digest('hex')
}
