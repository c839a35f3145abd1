/**
 * One record in the message browser: a summary row, and a details row (value, headers, record
 * metadata and the CloudEvent's attributes) opened with its toggle button.
 */
import { h, uid } from '../core/dom.js'
import { bytes, time, tryJson } from '../core/format.js'
import { icon } from '../ui/icons.js'
import { jsonView, preview, valueView } from '../ui/json-view.js'
import { tabs } from '../ui/tabs.js'

export const columns = 7

/** Returns [summaryRow, detailsRow]; `open` starts it expanded. */
export function messageRows(m, { open = false } = {}) {
  const detailsId = uid('msg')
  const event = cloudEvent(m.value)
  const details = h(
    'tr',
    { class: 'msg-details', id: detailsId, hidden: !open },
    h('td', { colspan: columns }, open ? detailsOf(m, event) : null),
  )
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'icon-btn expander',
      'aria-expanded': String(open),
      'aria-controls': detailsId,
      'aria-label': `Details of partition ${m.partition} offset ${m.offset}`,
      onclick: () => flip(),
    },
    icon('chevron'),
  )
  const flip = () => {
    const nowOpen = toggle.getAttribute('aria-expanded') !== 'true'
    toggle.setAttribute('aria-expanded', String(nowOpen))
    details.hidden = !nowOpen
    summary.classList.toggle('open', nowOpen)
    if (nowOpen && !details.firstChild.firstChild) details.firstChild.append(detailsOf(m, event))
  }
  const summary = h(
    'tr',
    {
      class: ['msg-row', open && 'open'],
      dataset: { partition: m.partition, offset: m.offset },
      onclick: (e) => {
        if (!e.target.closest('button, a') && !window.getSelection()?.toString()) flip()
      },
    },
    h('td', { class: 'cell-toggle' }, toggle),
    h('td', { class: 'num' }, String(m.partition)),
    h('td', { class: 'num' }, m.offset),
    h('td', { class: 'nowrap' }, time(m.timestamp)),
    h('td', { class: 'cell-mono cell-key' }, m.key ?? h('span', { class: 'faint' }, 'null')),
    h(
      'td',
      { class: 'cell-value' },
      event ? h('span', { class: 'badge badge-accent type-badge' }, event.type) : null,
      h(
        'span',
        { class: 'cell-mono value-preview' },
        preview(event ? JSON.stringify(event.data) : m.value, 200),
      ),
    ),
    h('td', { class: 'num nowrap' }, bytes(m.size)),
  )
  return [summary, details]
}

/** The record's value as a CloudEvent (structured mode), or null. */
export function cloudEvent(value) {
  const parsed = tryJson(value)
  return parsed && typeof parsed === 'object' && parsed.specversion && parsed.type ? parsed : null
}

function detailsOf(m, event) {
  const headers = Object.entries(m.headers ?? {})
  const meta = [
    ['Topic', m.topic],
    ['Partition', m.partition],
    ['Offset', m.offset],
    ['Timestamp', `${time(m.timestamp)} (${m.timestamp})`],
    ['Key', m.key ?? 'null'],
    ['Size', `${bytes(m.size)} (${m.size} bytes)`],
    ['Encoding', m.encoding],
  ]
  const items = []
  if (event) {
    items.push({
      id: 'event',
      label: 'Event',
      render: () =>
        h(
          'div',
          { class: 'event-view' },
          kv(Object.entries(event).filter(([k]) => k !== 'data' && k !== 'data_base64')),
          h('h3', { class: 'sub-title' }, 'data'),
          jsonView(event.data ?? null, { label: 'Event data' }),
        ),
    })
  }
  items.push(
    { id: 'value', label: 'Value', render: () => valueView(m.value, { encoding: m.encoding }) },
    {
      id: 'headers',
      label: 'Headers',
      count: headers.length,
      render: () => (headers.length ? kv(headers, true) : h('p', { class: 'muted' }, 'No headers.')),
    },
    { id: 'record', label: 'Record', render: () => kv(meta) },
  )
  return h('div', { class: 'msg-detail' }, tabs({ label: `Record ${m.partition}/${m.offset}`, items }))
}

function kv(entries, mono = false) {
  return h(
    'dl',
    { class: 'kv' },
    entries.map(([k, v]) => [
      h('dt', { class: mono ? 'cell-mono' : '' }, k),
      h('dd', { class: 'cell-mono' }, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)),
    ]),
  )
}
