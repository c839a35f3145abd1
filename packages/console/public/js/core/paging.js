/**
 * Paging the message browser across partitions. The gateway pages one start offset at a time,
 * so "the next N messages of the topic" is N messages from each partition's cursor, merged by
 * time, keeping the first N; each partition's cursor then moves past what was kept.
 */

/** Orders records by time, then partition, then offset. */
export function byTime(a, b) {
  const ta = Date.parse(a.timestamp)
  const tb = Date.parse(b.timestamp)
  if (ta !== tb) return ta - tb
  if (a.partition !== b.partition) return a.partition - b.partition
  const oa = BigInt(a.offset)
  const ob = BigInt(b.offset)
  return oa < ob ? -1 : oa > ob ? 1 : 0
}

/**
 * Merges per-partition pages.
 * pages: [{ partition, messages, next }] where `next` is the offset after the partition's scan.
 * Returns { messages (the first `limit` by time), cursors: { [partition]: offset string } }.
 */
export function mergePages(pages, limit) {
  const all = pages.flatMap((p) => p.messages).sort(byTime)
  const kept = all.slice(0, limit)
  const cursors = {}
  for (const page of pages) {
    const mine = kept.filter((m) => m.partition === page.partition)
    const everyOne = mine.length === page.messages.length
    cursors[page.partition] = everyOne
      ? page.next
      : (BigInt(mine.length ? mine[mine.length - 1].offset : page.start) + (mine.length ? 1n : 0n)).toString()
  }
  return { messages: kept, cursors }
}

/** True when some partition's cursor has not reached its end offset. */
export function hasMore(cursors, ends) {
  return Object.entries(cursors).some(
    ([p, offset]) => ends[p] !== undefined && BigInt(offset) < BigInt(ends[p]),
  )
}
