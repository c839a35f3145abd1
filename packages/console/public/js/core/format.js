/**
 * Display formatting. Offsets and lags arrive as decimal strings (Kafka offsets are 64-bit), so
 * they are formatted with BigInt, never through Number.
 */
const nf = new Intl.NumberFormat()

/** 1234567 or '1234567' → '1,234,567' (locale grouping); null → '—'. */
export function num(value) {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return nf.format(BigInt(value))
  const n = Number(value)
  return Number.isFinite(n) ? nf.format(n) : String(value)
}

/** A compact count: 1_234_567 → '1.2M'. */
export function compact(value) {
  if (value === null || value === undefined) return '—'
  const n = Number(value)
  if (!Number.isFinite(n)) return String(value)
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(n)
}

/** A rate per second with sensible precision. */
export function rate(perSecond) {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—'
  if (perSecond === 0) return '0'
  if (perSecond < 10) return perSecond.toFixed(1)
  return compact(Math.round(perSecond))
}

/** Bytes in binary units: 1536 → '1.5 KiB'. */
export function bytes(value) {
  if (value === null || value === undefined) return '—'
  let n = Number(value)
  if (!Number.isFinite(n)) return '—'
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let i = 0
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024
    i += 1
  }
  return `${i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)} ${units[i]}`
}

const pad = (n, width = 2) => String(n).padStart(width, '0')

/** An ISO date or epoch ms → local 'YYYY-MM-DD HH:mm:ss.SSS' (sortable, unambiguous, like Kafka tools). */
export function time(value) {
  if (value === null || value === undefined || value === '') return '—'
  const d = new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value)
  if (Number.isNaN(d.getTime())) return String(value)
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

/** '3 s ago', '5 min ago', … relative to now. */
export function ago(value, now = Date.now()) {
  const t = new Date(value).getTime()
  if (Number.isNaN(t)) return '—'
  const s = Math.round((now - t) / 1000)
  if (s < 5) return 'just now'
  if (s < 60) return `${s} s ago`
  if (s < 3600) return `${Math.round(s / 60)} min ago`
  if (s < 86400) return `${Math.round(s / 3600)} h ago`
  return `${Math.round(s / 86400)} d ago`
}

/** Sum of decimal strings as a decimal string. */
export function sum(values) {
  let total = 0n
  for (const v of values) if (v !== null && v !== undefined && v !== '') total += BigInt(v)
  return total.toString()
}

/** Compares decimal strings numerically (for sorting offsets and lags). */
export function compareBig(a, b) {
  const x = BigInt(a ?? 0)
  const y = BigInt(b ?? 0)
  return x < y ? -1 : x > y ? 1 : 0
}

/** Shortens long ids in the middle: 'dev-xp-service-0788cc0a-…-aab224b1dd26'. */
export function middle(text, max = 36) {
  if (typeof text !== 'string' || text.length <= max) return text ?? ''
  const keep = Math.floor((max - 1) / 2)
  return `${text.slice(0, keep)}…${text.slice(-keep)}`
}

/** Parses JSON if it is JSON, else undefined. */
export function tryJson(text) {
  if (typeof text !== 'string') return undefined
  const t = text.trim()
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined
  try {
    return JSON.parse(t)
  } catch {
    return undefined
  }
}
