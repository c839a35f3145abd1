/** Building blocks every page uses: its header, sections, stat cards, polling and error handling. */
import { h } from '../core/dom.js'
import { errorBox, loading } from './feedback.js'
import { icon } from './icons.js'

/** The page's title (focused on navigation, for screen readers), breadcrumbs and actions. */
export function pageHeader({ title, subtitle, crumbs = [], actions = [] }) {
  return h(
    'header',
    { class: 'page-head' },
    h(
      'div',
      { class: 'page-head-text' },
      crumbs.length
        ? h(
            'nav',
            { class: 'crumbs', 'aria-label': 'Breadcrumb' },
            h(
              'ol',
              null,
              crumbs.map((c) => h('li', null, h('a', { href: c.href }, c.label))),
            ),
          )
        : null,
      h('h1', { class: 'page-title', tabindex: '-1' }, title),
      subtitle ? h('p', { class: 'page-subtitle' }, subtitle) : null,
    ),
    actions.length ? h('div', { class: 'page-actions' }, actions) : null,
  )
}

/** A titled card section. */
export function section(title, content, { actions, id, className, flush = false } = {}) {
  return h(
    'section',
    { class: ['card', className], 'aria-labelledby': id },
    title || actions
      ? h(
          'div',
          { class: 'card-head' },
          title ? h('h2', { id }, title) : h('span'),
          actions ? h('div', { class: 'card-actions' }, actions) : null,
        )
      : null,
    h('div', { class: ['card-body', flush && 'flush'] }, content),
  )
}

/** A number with a label, for the overview and detail headers. */
export function stat(label, value, { hint, tone, href, extra } = {}) {
  const body = [
    h('span', { class: 'stat-label' }, label),
    h('span', { class: ['stat-value', tone && `tone-${tone}`] }, value),
    hint ? h('span', { class: 'stat-hint' }, hint) : null,
    extra ?? null,
  ]
  return href ? h('a', { class: 'stat stat-link', href }, body) : h('div', { class: 'stat' }, body)
}

/** A refresh button for page headers. */
export function refreshButton(onClick, label = 'Refresh') {
  return h('button', { type: 'button', class: 'btn btn-ghost', onclick: onClick }, icon('refresh'), label)
}

/**
 * Renders `draw()`'s result into `slot`, showing a spinner the first time and the gateway's error
 * (with Retry) when it fails. Returns a function that reloads quietly (keeping the old content
 * until the new arrives). Aborted navigations are ignored.
 */
export function loader(slot, draw, { signal, label } = {}) {
  let first = true
  const run = async () => {
    if (first) slot.replaceChildren(loading(label))
    try {
      const content = await draw()
      if (signal?.aborted) return
      slot.replaceChildren(...[content].flat().filter(Boolean))
      first = false
    } catch (error) {
      if (error?.name === 'AbortError' || signal?.aborted) return
      slot.replaceChildren(errorBox(error, { title: 'Could not load this page', onRetry: run }))
      first = true
    }
  }
  // Started after the caller has its reload function in hand (draw may refer to it).
  queueMicrotask(run)
  return run
}

/** Calls `fn` every `ms` while the page is open and the tab visible. */
export function every(signal, ms, fn) {
  const timer = setInterval(() => {
    if (!signal.aborted && document.visibilityState === 'visible') fn()
  }, ms)
  signal.addEventListener('abort', () => clearInterval(timer), { once: true })
}
