/** The table of a dead-letter topic: selectable entries, each with its event, error and headers. */
import { seg } from '../core/api.js'
import { h } from '../core/dom.js'
import { ago, time } from '../core/format.js'
import { badge } from '../ui/feedback.js'
import { icon } from '../ui/icons.js'
import { jsonView, valueView } from '../ui/json-view.js'
import { tabs } from '../ui/tabs.js'

/** partition:offset, the identity of a dead letter. */
export const key = (e) => `${e.partition}:${e.offset}`

/**
 * The table. `selected` is a Set of keys kept by the page; `sync` is called on every change of
 * selection.
 */
export function list(entries, selected, sync) {
  const boxes = []
  const all = h('input', {
    type: 'checkbox',
    'aria-label': 'Select every dead letter shown',
    onchange: (e) => {
      for (const b of boxes) {
        b.checked = e.target.checked
        b.onchange()
      }
    },
  })
  const body = h('tbody')
  for (const entry of entries) {
    const box = h('input', {
      type: 'checkbox',
      checked: selected.has(key(entry)),
      'aria-label': `Select dead letter ${key(entry)}`,
    })
    box.onchange = () => {
      if (box.checked) selected.add(key(entry))
      else selected.delete(key(entry))
      sync()
    }
    boxes.push(box)
    const details = h('tr', { class: 'msg-details', hidden: true }, h('td', { colspan: 8 }))
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'icon-btn expander',
        'aria-expanded': 'false',
        'aria-label': `Details of dead letter ${key(entry)}`,
      },
      icon('chevron'),
    )
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true'
      toggle.setAttribute('aria-expanded', String(open))
      details.hidden = !open
      if (open && !details.firstChild.firstChild) details.firstChild.append(detailOf(entry))
    })
    body.append(
      h(
        'tr',
        { class: ['dlq-row', entry.redriven && 'is-redriven'], dataset: { key: key(entry) } },
        h('td', { class: 'cell-toggle' }, box, toggle),
        h(
          'td',
          { class: 'nowrap', title: time(entry.lastFailure) },
          ago(entry.lastFailure ?? entry.timestamp),
        ),
        h('td', null, badge(entry.reason)),
        h(
          'td',
          { class: 'cell-clip dlq-error', title: entry.error?.message },
          entry.error?.message ?? '—',
          entry.error?.code ? h('code', { class: 'faint' }, ` ${entry.error.code}`) : null,
        ),
        h('td', { class: 'num' }, String(entry.attempts ?? '—')),
        h(
          'td',
          { class: 'nowrap' },
          entry.group ? h('a', { href: `#/groups/${seg(entry.group)}` }, entry.group) : '—',
        ),
        h(
          'td',
          { class: 'nowrap' },
          h(
            'a',
            {
              class: 'cell-mono',
              title: `${entry.originalTopic}, partition ${entry.originalPartition}, offset ${entry.originalOffset}`,
              href: `#/messages/${seg(entry.originalTopic)}?partition=${entry.originalPartition}&from=offset&offset=${entry.originalOffset}&limit=20&highlight=${entry.originalPartition}:${entry.originalOffset}`,
            },
            // The topic is the page's (one dead-letter topic per original topic): partition · offset.
            `${entry.originalPartition} · ${entry.originalOffset}`,
          ),
        ),
        h('td', null, entry.redriven ? badge('redriven') : badge('pending', 'warn')),
      ),
      details,
    )
  }
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table dlq-table' },
      h('caption', { class: 'sr-only' }, 'Dead letters, most recent failure first'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col', class: 'cell-toggle' }, all),
          ['Failed', 'Reason', 'Error', 'Attempts', 'Group', 'Original', 'Status'].map((c, i) =>
            h('th', { scope: 'col', class: i === 3 ? 'num' : '' }, c),
          ),
        ),
      ),
      body,
    ),
  )
}

function detailOf(entry) {
  const headers = Object.entries(entry.headers ?? {})
  return h(
    'div',
    { class: 'msg-detail' },
    tabs({
      label: `Dead letter ${key(entry)}`,
      items: [
        { id: 'value', label: 'Event', render: () => valueView(entry.value, { label: 'Event' }) },
        {
          id: 'error',
          label: 'Error',
          render: () =>
            h(
              'div',
              { class: 'stack' },
              h(
                'dl',
                { class: 'kv' },
                h('dt', null, 'Message'),
                h('dd', null, entry.error?.message ?? '—'),
                h('dt', null, 'Code'),
                h('dd', null, h('code', null, entry.error?.code ?? '—')),
                h('dt', null, 'First failure'),
                h('dd', null, time(entry.firstFailure)),
                h('dt', null, 'Last failure'),
                h('dd', null, time(entry.lastFailure)),
                h('dt', null, 'Dead-letter record'),
                h('dd', { class: 'cell-mono' }, `${entry.topic} · ${entry.partition} · ${entry.offset}`),
              ),
              entry.error?.stack
                ? h(
                    'pre',
                    { class: 'json plain stack-trace', tabindex: '0', 'aria-label': 'Stack trace' },
                    entry.error.stack,
                  )
                : null,
            ),
        },
        {
          id: 'headers',
          label: 'Headers',
          count: headers.length,
          render: () => jsonView(entry.headers ?? {}, { label: 'Headers' }),
        },
      ],
    }),
  )
}
