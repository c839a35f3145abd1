/** The message browser's query form: topic, partition, where to start, how many, and a filter. */
import { seg } from '../core/api.js'
import { h } from '../core/dom.js'
import { navigate } from '../core/router.js'
import { field } from '../ui/dialog.js'
import { icon } from '../ui/icons.js'

const LIMITS = [20, 50, 100, 250, 500]

/** The form, filled from the URL's query; submitting it navigates to the new query. */
export function queryForm(topics, topic, query) {
  const from = query.from ?? 'latest'
  const topicSelect = h(
    'select',
    { name: 'topic' },
    topic ? null : h('option', { value: '' }, '— choose a topic —'),
    topics.map((t) => h('option', { value: t.name, selected: t.name === topic?.name }, t.name)),
  )
  const partition = h(
    'select',
    { name: 'partition' },
    h('option', { value: '' }, 'All partitions'),
    (topic?.partitionDetails ?? []).map((p) =>
      h(
        'option',
        { value: String(p.partition), selected: String(p.partition) === query.partition },
        `Partition ${p.partition}`,
      ),
    ),
  )
  const start = h(
    'select',
    { name: 'from' },
    [
      ['latest', 'Newest'],
      ['earliest', 'Oldest'],
      ['offset', 'Offset'],
      ['timestamp', 'Time'],
    ].map(([v, l]) => h('option', { value: v, selected: v === from }, l)),
  )
  const offset = h('input', {
    name: 'offset',
    inputmode: 'numeric',
    value: query.offset ?? '',
    placeholder: '0',
    autocomplete: 'off',
  })
  const stamp = h('input', {
    name: 'timestamp',
    type: 'datetime-local',
    step: '1',
    value: toLocalInput(query.timestamp),
  })
  const limit = h(
    'select',
    { name: 'limit' },
    LIMITS.map((n) =>
      h('option', { value: String(n), selected: String(n) === (query.limit ?? '50') }, String(n)),
    ),
  )
  const filter = h('input', {
    name: 'filter',
    type: 'search',
    value: query.filter ?? '',
    placeholder: 'text, or data.userId=u1, key=…, headers.name=…',
    autocomplete: 'off',
    spellcheck: 'false',
  })
  const offsetField = field('Start offset', offset)
  const timeField = field('Start time', stamp)
  const showStart = () => {
    offsetField.hidden = start.value !== 'offset'
    timeField.hidden = start.value !== 'timestamp'
  }
  start.addEventListener('change', showStart)
  showStart()
  topicSelect.addEventListener('change', () => {
    if (topicSelect.value) navigate(`/messages/${seg(topicSelect.value)}`)
  })
  const form = h(
    'form',
    {
      class: 'toolbar',
      role: 'search',
      'aria-label': 'Message query',
      onsubmit: (e) => {
        e.preventDefault()
        if (!topicSelect.value) return topicSelect.focus()
        navigate(`/messages/${seg(topicSelect.value)}`, {
          partition: partition.value,
          from: start.value,
          offset: start.value === 'offset' ? offset.value.trim() : '',
          timestamp: start.value === 'timestamp' && stamp.value ? new Date(stamp.value).toISOString() : '',
          limit: limit.value,
          filter: filter.value.trim(),
        })
      },
    },
    field('Topic', topicSelect),
    field('Partition', partition),
    field('Start from', start),
    offsetField,
    timeField,
    field('Limit', limit),
    h('div', { class: 'grow' }, field('Filter', filter)),
    h('button', { type: 'submit', class: 'btn btn-primary' }, icon('search'), 'Fetch'),
  )
  return form
}

function toLocalInput(iso) {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000)
  return local.toISOString().slice(0, 19)
}
