/**
 * The gateway's HTTP API. Every reply is `{ status: 'success', data }` or
 * `{ status: 'error', error: { code, message, issues?, details? } }`; failures become ApiError so a
 * page can show the code, the message and each invalid field.
 */
const KEY_STORAGE = 'spool.console.apiKey'

/** A failed call: the gateway's error, or NETWORK when it could not be reached. */
export class ApiError extends Error {
  constructor(status, code, message, issues = [], details = undefined) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.issues = issues
    this.details = details
  }

  /** True when an API key (or a better one) would help. */
  get needsKey() {
    return this.status === 401 || this.status === 403
  }
}

export function getApiKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) ?? ''
  } catch {
    return ''
  }
}

/** Stores the key (empty removes it) and tells the app, which reloads the current page. */
export function setApiKey(key) {
  const value = key.trim()
  if (value === '') localStorage.removeItem(KEY_STORAGE)
  else localStorage.setItem(KEY_STORAGE, value)
  window.dispatchEvent(new CustomEvent('spool:apikey', { detail: { set: value !== '' } }))
}

function headers(body) {
  const out = { accept: 'application/json' }
  if (body !== undefined) out['content-type'] = 'application/json'
  const key = getApiKey()
  if (key) out['x-api-key'] = key
  return out
}

/** Calls the gateway; resolves to `data`, rejects with ApiError (or an AbortError when aborted). */
export async function request(method, path, { body, signal, query } = {}) {
  const url = query ? `${path}?${toQuery(query)}` : path
  let res
  try {
    res = await fetch(url, {
      method,
      headers: headers(body),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    })
  } catch (error) {
    if (error?.name === 'AbortError') throw error
    throw new ApiError(0, 'NETWORK', 'The gateway cannot be reached. Is it running?')
  }
  const text = await res.text()
  let payload
  try {
    payload = text ? JSON.parse(text) : undefined
  } catch {
    payload = undefined
  }
  if (payload?.status === 'success') return payload.data
  if (payload?.status === 'error' && payload.error) {
    const e = payload.error
    throw new ApiError(res.status, e.code, e.message, e.issues ?? [], e.details)
  }
  throw new ApiError(res.status, 'BAD_REPLY', `Unexpected reply (HTTP ${res.status}) from ${path}`)
}

export const api = {
  get: (path, options) => request('GET', path, options),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  del: (path, options) => request('DELETE', path, options),
}

/** Builds a query string, skipping empty values and repeating arrays. */
export function toQuery(query) {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) for (const v of value) params.append(name, String(v))
    else params.set(name, String(value))
  }
  return params.toString()
}

/** Path segment encoding for topic and group names. */
export const seg = (name) => encodeURIComponent(name)
