/**
 * Live tail: catalog events as the gateway consumes them, pushed over its WebSocket stream,
 * newest on top. Filters by event type and subject are applied by the gateway; pausing keeps
 * counting but stops drawing; the connection comes back by itself after a restart.
 */
import { api, seg } from '../core/api.js'
import { h } from '../core/dom.js'
import { num, time } from '../core/format.js'
import { LiveStream } from '../core/live.js'
import { navigate } from '../core/router.js'
import { field } from '../ui/dialog.js'
import { empty, errorBox, loading } from '../ui/feedback.js'
import { icon } from '../ui/icons.js'
import { jsonView, preview } from '../ui/json-view.js'
import { pageHeader, section } from '../ui/page.js'

export const title = () => 'Live tail'

const MAX_ROWS = 500

export async function render({ main, query, signal }) {
  main.append(
    pageHeader({
      title: 'Live tail',
      subtitle: 'Catalog events as they are consumed, pushed over a WebSocket.',
    }),
  )
  const slot = h('div', null, loading())
  main.append(slot)
  let catalog
  try {
    catalog = (await api.get('/api/kafka/events', { signal })).eventTypes
  } catch (error) {
    if (error.name !== 'AbortError')
      slot.replaceChildren(errorBox(error, { title: 'Could not load the event catalog' }))
    return
  }
  const allTypes = Object.keys(catalog).sort()
  const initialTypes = split(query.types).filter((t) => allTypes.includes(t))
  if (query.topic && initialTypes.length === 0)
    initialTypes.push(...allTypes.filter((t) => catalog[t].topic === query.topic))
  const state = { paused: false, count: 0, pending: [], buffered: 0 }

  const status = h(
    'span',
    { class: 'badge badge-neutral live-status', role: 'status', 'aria-live': 'polite' },
    'Connecting…',
  )
  const counter = h('span', { class: 'muted' }, '0 events')
  const rows = h('tbody')
  const placeholder = h(
    'tr',
    { class: 'placeholder' },
    h(
      'td',
      { colspan: 6 },
      empty('Waiting for events…', 'New events on the catalog’s topics appear here as they are consumed.'),
    ),
  )
  rows.append(placeholder)

  const typeBoxes = allTypes.map((t) =>
    h(
      'label',
      { class: 'check chip' },
      h('input', { type: 'checkbox', name: 'types', value: t, checked: initialTypes.includes(t) }),
      t,
    ),
  )
  const subjects = h('input', {
    name: 'subjects',
    value: query.subjects ?? '',
    placeholder: 'u1, u2',
    autocomplete: 'off',
    spellcheck: 'false',
  })
  const stream = new LiveStream({
    types: initialTypes,
    subjects: split(query.subjects),
    onEvent: (frame) => {
      state.count += 1
      if (state.paused) {
        state.buffered += 1
        return
      }
      state.pending.push(frame)
      schedule()
    },
    onState: (s) => showState(status, s),
    probe: async () => {
      try {
        const st = await api.get('/api/kafka/status')
        return st.stream?.enabled === false ? 'the gateway’s live stream is turned off' : null
      } catch (error) {
        return error.needsKey ? error.message : null
      }
    },
  })
  signal.addEventListener('abort', () => stream.close(), { once: true })

  // Bursts are drawn once per animation frame, not once per event.
  let scheduled = false
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    requestAnimationFrame(() => {
      scheduled = false
      flush()
    })
  }
  const flush = () => {
    if (state.pending.length === 0) return
    placeholder.remove()
    const batch = state.pending.splice(0).reverse()
    rows.prepend(...batch.flatMap(eventRows))
    while (rows.children.length > MAX_ROWS * 2) rows.lastElementChild.remove()
    counter.textContent = `${num(state.count)} event${state.count === 1 ? '' : 's'}`
  }

  const pause = h('button', { type: 'button', class: 'btn', 'aria-pressed': 'false' }, icon('pause'), 'Pause')
  pause.addEventListener('click', () => {
    state.paused = !state.paused
    pause.setAttribute('aria-pressed', String(state.paused))
    pause.replaceChildren(
      icon(state.paused ? 'play' : 'pause'),
      state.paused ? `Resume${state.buffered ? ` (${state.buffered} skipped)` : ''}` : 'Pause',
    )
    if (!state.paused) state.buffered = 0
  })
  const clear = h('button', { type: 'button', class: 'btn btn-ghost' }, icon('trash'), 'Clear')
  clear.addEventListener('click', () => {
    rows.replaceChildren(placeholder)
    state.count = 0
    counter.textContent = '0 events'
  })

  const form = h(
    'form',
    {
      class: 'toolbar',
      'aria-label': 'Live tail filter',
      onsubmit: (e) => {
        e.preventDefault()
        const types = typeBoxes
          .map((l) => l.firstChild)
          .filter((b) => b.checked)
          .map((b) => b.value)
        const subs = split(subjects.value)
        stream.setFilter({ types, subjects: subs })
        navigate(
          '/live',
          { types: types.join(','), subjects: subs.join(',') },
          { replace: true, silent: true },
        )
      },
    },
    h(
      'fieldset',
      { class: 'chips grow' },
      h(
        'legend',
        { class: 'field-label' },
        'Event types',
        h('span', { class: 'field-hint' }, 'none checked = every type'),
      ),
      typeBoxes,
    ),
    field('Subjects', subjects, 'User ids, comma-separated; empty = everyone.'),
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Apply filter'),
  )

  slot.replaceChildren(
    section(null, form),
    section(
      null,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table live-table' },
          h('caption', { class: 'sr-only' }, 'Live events, newest first'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['', 'Time', 'Type', 'Subject', 'Where', 'Data'].map((c, i) =>
                h('th', { scope: 'col' }, i === 0 ? h('span', { class: 'sr-only' }, 'Details') : c),
              ),
            ),
          ),
          rows,
        ),
      ),
      { actions: [status, counter, pause, clear] },
    ),
  )
  stream.open()
}

function eventRows(frame) {
  const e = frame.event
  const details = h('tr', { class: 'msg-details', hidden: true }, h('td', { colspan: 6 }))
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'icon-btn expander',
      'aria-expanded': 'false',
      'aria-label': `Details of event ${e.id}`,
    },
    icon('chevron'),
  )
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true'
    toggle.setAttribute('aria-expanded', String(open))
    details.hidden = !open
    if (open && !details.firstChild.firstChild) details.firstChild.append(jsonView(e, { label: 'Event' }))
  })
  const where = `#/messages/${seg(frame.topic)}?partition=${frame.partition}&from=offset&offset=${frame.offset}&limit=20&highlight=${frame.partition}:${frame.offset}`
  return [
    h(
      'tr',
      { class: 'live-row', dataset: { id: e.id } },
      h('td', { class: 'cell-toggle' }, toggle),
      h('td', { class: 'nowrap' }, time(e.time)),
      h('td', null, h('span', { class: 'badge badge-accent' }, e.type)),
      h('td', { class: 'cell-mono' }, e.subject ?? h('span', { class: 'faint' }, '—')),
      h(
        'td',
        { class: 'nowrap' },
        h('a', { href: where, class: 'cell-mono' }, `${frame.topic} · ${frame.partition} · ${frame.offset}`),
      ),
      h('td', { class: 'cell-value cell-mono value-preview' }, preview(JSON.stringify(e.data), 200)),
    ),
    details,
  ]
}

function showState(el, s) {
  const text = {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: s.retryIn
      ? `Reconnecting in ${Math.ceil(s.retryIn / 1000)} s (${s.reason ?? 'connection lost'})`
      : 'Reconnecting…',
    failed: `Stopped: ${s.reason}`,
    closed: 'Closed',
  }[s.state]
  el.className = `badge badge-${{ live: 'ok', failed: 'danger', closed: 'neutral' }[s.state] ?? 'warn'} live-status`
  el.replaceChildren(
    h('span', { class: s.state === 'live' ? 'dot pulse' : 'dot', 'aria-hidden': 'true' }),
    text,
  )
  el.dataset.state = s.state
}

const split = (text) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
