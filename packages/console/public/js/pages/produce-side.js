/**
 * What both Produce pages share: the switch between a catalog event and a raw record, the error
 * summary of a refused produce, and the side column (what the event type is, what was produced).
 */
import { ApiError, seg } from '../core/api.js'
import { h } from '../core/dom.js'
import { errorBox } from '../ui/feedback.js'
import { showIssues } from '../ui/issues.js'

// Results of this browser session, newest first (kept across page visits).
const recent = []

/** Links to the two ways of producing; `current` is 'event' or 'raw'. */
export function produceModes(current) {
  const link = (mode, href, label) =>
    h('a', { href, 'aria-current': mode === current ? 'page' : undefined }, label)
  return h(
    'nav',
    { class: 'segmented produce-modes', 'aria-label': 'What to produce' },
    link('event', '#/produce', 'Catalog event'),
    link('raw', '#/produce-raw', 'Raw record'),
  )
}

/**
 * Puts the gateway's issues under the fields of `form` they name and returns the summary box;
 * issues shown under their fields are not repeated in it.
 */
export function refused(form, error, title) {
  const unplaced = showIssues(form, error.issues ?? [])
  const placed = (error.issues?.length ?? 0) - unplaced.length
  const message =
    placed > 0 && unplaced.length === 0
      ? `${placed} field${placed === 1 ? ' is' : 's are'} not valid: see the message under ${placed === 1 ? 'it' : 'each'}.`
      : error.message
  const shown =
    error instanceof ApiError
      ? new ApiError(error.status, error.code, message, unplaced, error.details)
      : error
  return errorBox(shown, { title })
}

/** Records a produced event or raw record (the gateway's answer) at the top of the list. */
export function remember(sent) {
  recent.unshift({ ...sent, at: new Date().toISOString() })
  recent.length = Math.min(recent.length, 10)
}

export function about(type, info) {
  return h(
    'div',
    { class: 'stack' },
    info.description ? h('p', null, info.description) : h('p', { class: 'faint' }, 'No description.'),
    h(
      'dl',
      { class: 'kv' },
      h('dt', null, 'Topic'),
      h('dd', null, h('a', { href: `#/topics/${seg(info.topic)}` }, info.topic)),
      h('dt', null, 'Version'),
      h('dd', null, `v${info.version}`),
      h('dt', null, 'Required'),
      h('dd', null, info.required.length ? info.required.map((r) => h('code', { class: 'tag' }, r)) : '—'),
    ),
    h('a', { href: `#/catalog/${seg(type)}` }, 'Schema in the catalog'),
  )
}

export function results() {
  if (recent.length === 0)
    return h('p', { class: 'muted' }, 'What you produce appears here, with a link to each record.')
  return h(
    'ol',
    { class: 'produced-list' },
    recent.map((r) =>
      h(
        'li',
        { class: 'produced-item' },
        h(
          'div',
          null,
          h('span', { class: 'badge badge-accent' }, r.eventType ?? 'raw record'),
          r.spooled ? h('span', { class: 'badge badge-warn' }, 'spooled') : null,
        ),
        r.spooled
          ? h('p', { class: 'muted' }, 'Kafka is unreachable: the offline spool delivers it later.')
          : h(
              'a',
              {
                class: 'produced-link',
                href: `#/messages/${seg(r.topic)}?partition=${r.partition}&from=offset&offset=${r.offset}&limit=20&highlight=${r.partition}:${r.offset}`,
              },
              `${r.topic} · partition ${r.partition} · offset ${r.offset}`,
            ),
        r.id ? h('code', { class: 'faint produced-id' }, r.id) : null,
      ),
    ),
  )
}
