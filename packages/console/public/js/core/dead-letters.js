/**
 * How many dead letters still wait for a redrive. The topic list counts every record a `.dlq`
 * topic retains, redriven or not (Kafka's log is append-only), so the pending ones are read from
 * each non-empty dead-letter topic.
 */
import { api, seg } from './api.js'

export const PENDING_LIMIT = 500 // entries read per topic; more shows as "500+"

const MAX_AGE = 20_000 // ms a summary is reused: reading a dead-letter topic is not free for the broker
let cached = null // { at, promise }

/**
 * Resolves to { topics: [{ topic, originalTopic, messages, pending }], pending, capped }.
 * Reuses a summary younger than `maxAge` ms (the navigation and the overview poll it); pass
 * `maxAge: 0` after a redrive or on the dead-letters page.
 */
export function deadLetterSummary({ maxAge = MAX_AGE } = {}) {
  if (cached && Date.now() - cached.at < maxAge) return cached.promise
  const entry = { at: Date.now(), promise: read() }
  cached = entry
  entry.promise.catch(() => {
    if (cached === entry) cached = null
  })
  return entry.promise
}

/** Forgets the cached summary (after a redrive). */
export function invalidateDeadLetters() {
  cached = null
}

// Not tied to one page's AbortSignal: several callers share the same read.
async function read() {
  const { topics } = await api.get('/api/kafka/dead-letters')
  const out = await Promise.all(
    topics.map(async (t) => {
      if (BigInt(t.messages) === 0n) return { ...t, pending: 0 }
      const { deadLetters } = await api.get(`/api/kafka/dead-letters/${seg(t.topic)}`, {
        query: { includeRedriven: false, limit: PENDING_LIMIT },
      })
      return { ...t, pending: deadLetters.length }
    }),
  )
  return {
    topics: out,
    pending: out.reduce((n, t) => n + t.pending, 0),
    capped: out.some((t) => t.pending >= PENDING_LIMIT),
  }
}
