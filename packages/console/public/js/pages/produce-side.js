/** The side column of the Produce page: what the event type is, and what was produced. */
import { seg } from '../core/api.js'
import { h } from '../core/dom.js'

// Results of this browser session, newest first (kept across page visits).
const recent = []

/** Records a produced event (the gateway's answer) at the top of the list. */
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
    return h('p', { class: 'muted' }, 'Events you produce appear here, with a link to each record.')
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
          h('span', { class: 'badge badge-accent' }, r.eventType),
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
        h('code', { class: 'faint produced-id' }, r.id),
      ),
    ),
  )
}
