/**
 * How the console tells a person what happened: error panels built from the gateway's
 * `{ code, message, issues }`, toasts, loading and empty states.
 */
import { ApiError } from '../core/api.js'
import { h } from '../core/dom.js'
import { icon } from './icons.js'

const hints = {
  NETWORK: 'Check that the gateway is running and reachable from this browser.',
  SPOOL_ERR_UNAUTHORIZED: 'This gateway requires an API key.',
  SPOOL_ERR_FORBIDDEN: 'The API key in use lacks the role this action needs.',
  SPOOL_ERR_KAFKA_UNAVAILABLE: 'The gateway cannot reach Kafka right now.',
  SPOOL_ERR_TIMEOUT: 'Kafka did not answer in time; try again.',
  SPOOL_ERR_CONFLICT: 'The resource is in a state that does not allow this.',
}

/** An alert panel for an error: code, message, each invalid field, and what to do next. */
export function errorBox(error, { title = 'Something went wrong', onRetry } = {}) {
  const e = error instanceof ApiError ? error : new ApiError(0, null, error?.message ?? String(error))
  const hint = hints[e.code]
  return h(
    'div',
    { class: 'alert alert-error', role: 'alert' },
    icon('deadLetters', { size: 20, className: 'icon alert-icon' }),
    h(
      'div',
      { class: 'alert-body' },
      h(
        'div',
        { class: 'alert-title' },
        title,
        e.code ? h('code', { class: 'err-code' }, e.status ? `${e.status} ${e.code}` : e.code) : null,
      ),
      h('p', { class: 'alert-message' }, e.message),
      e.issues?.length
        ? h(
            'ul',
            { class: 'issues', 'aria-label': 'Invalid fields' },
            e.issues.map((i) => h('li', null, h('code', null, i.path || '(body)'), ' ', i.message)),
          )
        : null,
      hint ? h('p', { class: 'alert-hint' }, hint) : null,
      h(
        'div',
        { class: 'alert-actions' },
        e.needsKey
          ? h(
              'button',
              {
                type: 'button',
                class: 'btn btn-sm',
                onclick: () => window.dispatchEvent(new Event('spool:askkey')),
              },
              icon('key'),
              'Set API key',
            )
          : null,
        onRetry
          ? h('button', { type: 'button', class: 'btn btn-sm', onclick: onRetry }, icon('refresh'), 'Retry')
          : null,
      ),
    ),
  )
}

/** A neutral informational panel. */
export function notice(text, { tone = 'info' } = {}) {
  return h(
    'div',
    { class: `alert alert-${tone}`, role: 'note' },
    icon('info', { size: 18 }),
    h('div', null, text),
  )
}

/** A loading placeholder announced to screen readers. */
export function loading(label = 'Loading…') {
  return h(
    'div',
    { class: 'loading', role: 'status', 'aria-live': 'polite' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    label,
  )
}

/** An empty state: what is missing and, optionally, the next step. */
export function empty(title, text, action) {
  return h(
    'div',
    { class: 'empty' },
    h('p', { class: 'empty-title' }, title),
    text ? h('p', null, text) : null,
    action,
  )
}

let region
/** A short message in the corner (polite live region); errors stay until dismissed. */
export function toast(text, { tone = 'ok', timeout = 4000 } = {}) {
  region ??= document.getElementById('toasts')
  const item = h(
    'div',
    { class: `toast toast-${tone}`, role: tone === 'error' ? 'alert' : 'status' },
    icon(tone === 'error' ? 'deadLetters' : 'check', { size: 18 }),
    h('span', null, text),
    h(
      'button',
      { type: 'button', class: 'icon-btn', 'aria-label': 'Dismiss', onclick: () => item.remove() },
      icon('close'),
    ),
  )
  region.append(item)
  if (tone !== 'error') setTimeout(() => item.remove(), timeout)
  return item
}

/** A coloured state badge (Stable, Empty, running, failed, …). */
export function badge(text, tone = toneOf(text)) {
  return h('span', { class: `badge badge-${tone}` }, text)
}

export function toneOf(state) {
  switch (String(state).toLowerCase()) {
    case 'stable':
    case 'running':
    case 'up':
    case 'live':
    case 'redriven':
      return 'ok'
    case 'empty':
    case 'idle':
    case 'stopped':
    case 'closed':
      return 'neutral'
    case 'preparingrebalance':
    case 'completingrebalance':
    case 'starting':
    case 'stopping':
    case 'paused':
    case 'degraded':
    case 'connecting':
    case 'reconnecting':
    case 'handler-failed':
      return 'warn'
    case 'dead':
    case 'failed':
    case 'down':
    case 'non-retryable':
    case 'invalid-event':
      return 'danger'
    default:
      return 'info'
  }
}
