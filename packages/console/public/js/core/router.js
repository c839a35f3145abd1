/**
 * Hash routing: `#/topics/orders?tab=configs` → the route `/topics/:topic` with
 * params { topic: 'orders' } and query { tab: 'configs' }. Hash routes need nothing from the
 * server, so the console works from any static host as well as from the gateway.
 */

/** Compiles '/topics/:topic' into a matcher. */
export function compile(pattern) {
  const names = []
  const source = pattern
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      names.push(part.slice(1))
      return '([^/]+)'
    })
    .join('/')
  const regex = new RegExp(`^${source}/?$`)
  return (path) => {
    const m = regex.exec(path)
    if (!m) return null
    return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])]))
  }
}

/** The current location as { path, query }. */
export function currentLocation() {
  const raw = location.hash.replace(/^#/, '') || '/'
  const [path, search = ''] = raw.split('?')
  return { path: path || '/', query: Object.fromEntries(new URLSearchParams(search)) }
}

/** Builds a hash href: href('/topics/:topic', { topic: 'a b' }, { tab: 'configs' }). */
export function href(path, query) {
  const qs = query
    ? new URLSearchParams(
        Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ''),
      ).toString()
    : ''
  return `#${path}${qs ? `?${qs}` : ''}`
}

/**
 * Goes to a route. `replace` keeps the history entry; `silent` only rewrites the URL (a page that
 * applied a change itself, such as a new live-tail filter, keeps running).
 */
export function navigate(path, query, { replace = false, silent = false } = {}) {
  const target = href(path, query)
  if (!replace && !silent) {
    if (location.hash === target) rerender()
    else location.hash = target
    return
  }
  history.replaceState(null, '', target)
  if (!silent) rerender()
}

/**
 * Starts routing: on each hash change, the previous page's AbortSignal fires (cancelling its
 * requests, timers and sockets) and the matching page renders into `outlet`.
 */
export function startRouter(routes, onRoute) {
  const table = routes.map((r) => ({ ...r, match: compile(r.path) }))
  let controller
  const run = () => {
    controller?.abort()
    controller = new AbortController()
    const { path, query } = currentLocation()
    for (const route of table) {
      const params = route.match(path)
      if (params) return onRoute({ route, params, query, path, signal: controller.signal })
    }
    return onRoute({ route: null, params: {}, query, path, signal: controller.signal })
  }
  window.addEventListener('hashchange', run)
  run()
}

/** Renders the current route again (after a retry, or a new API key). */
export function rerender() {
  window.dispatchEvent(new HashChangeEvent('hashchange'))
}
