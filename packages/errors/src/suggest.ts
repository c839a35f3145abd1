/**
 * "Did you mean …?" for option keys and names: the closest known word within a small edit
 * distance (optimal string alignment: insertions, deletions, substitutions, adjacent swaps).
 */

/**
 * @example
 * editDistance('brokrs', 'brokers') // 1
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0)
    row[0] = i
    return row
  })
  for (let j = 0; j < cols; j++) d[0]![j] = j
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1)
      }
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/**
 * The known word closest to `word`, when it is close enough to be a typo (case ignored; at most
 * a third of the word's letters, and at most 3, differ); undefined otherwise.
 *
 * @example
 * closest('brokrs', ['brokers', 'clientId']) // 'brokers'
 */
export function closest(word: string, known: Iterable<string>): string | undefined {
  const lower = word.toLowerCase()
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)))
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return bestDistance <= limit ? best : undefined
}
