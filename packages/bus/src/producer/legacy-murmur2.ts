/**
 * The key hash of KafkaJS's `Partitioners.LegacyPartitioner` (the default of KafkaJS 1.x, which
 * many services still configure to keep their keys where they were). It is Kafka 0.10.2's murmur2
 * as it comes out with JavaScript numbers instead of 32-bit integers:
 *   - every multiplication by the mixing constant is a double product (rounded to 53 bits), which
 *     the next shift or xor then truncates to 32 bits;
 *   - the word loop runs `length / 4` times without rounding down, so a key whose length is not a
 *     multiple of 4 mixes one more, zero-padded word — and then its trailing bytes again, as murmur2
 *     does;
 * and the partition is `(hash & 0x7fffffff) % partitions`, over all partitions, as Java's. So the
 * same key lands on a different partition than with the Java client (and KafkaJS's
 * `DefaultPartitioner`, which is Java-compatible) for most keys.
 */

const SEED = 0x9747b28c
const M = 0x5bd1e995
const R = 24

/** Byte `i` of the key, 0 past its end (as an out-of-range read is in the JavaScript original). */
function byteAt(data: Uint8Array, i: number): number {
  return i < data.length ? data[i]! : 0
}

/**
 * KafkaJS's legacy murmur2 of a key's bytes (a signed 32-bit result).
 *
 * @example
 * legacyMurmur2(Buffer.from('user-1')) & 0x7fffffff // the raw partition before `% partitions`
 */
export function legacyMurmur2(data: Uint8Array): number {
  const length = data.length
  let h = SEED ^ length
  const words = Math.ceil(length / 4)
  for (let w = 0; w < words; w++) {
    const at = w * 4
    let k =
      byteAt(data, at) |
      (byteAt(data, at + 1) << 8) |
      (byteAt(data, at + 2) << 16) |
      (byteAt(data, at + 3) << 24)
    k *= M // a double, not a 32-bit product: this is where the legacy hash departs from Java's
    k ^= k >>> R
    k *= M
    h *= M
    h ^= k
  }
  // The trailing bytes, highest first, as murmur2's falling-through switch mixes them.
  const tail = length & ~3
  const rest = length % 4
  if (rest === 3) h ^= byteAt(data, tail + 2) << 16
  if (rest >= 2) h ^= byteAt(data, tail + 1) << 8
  if (rest >= 1) {
    h ^= byteAt(data, tail)
    h *= M
  }
  h ^= h >>> 13
  h *= M
  h ^= h >>> 15
  return h
}

/** The raw partition (before `% partitions`) KafkaJS's LegacyPartitioner gives a key. */
export function legacyPartition(key: Uint8Array): number {
  return legacyMurmur2(key) & 0x7fffffff
}
