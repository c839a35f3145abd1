/** Topics: every topic with partitions, replication, messages and size; create a topic. */
import { api, seg } from '../core/api.js'
import { h } from '../core/dom.js'
import { bytes, num } from '../core/format.js'
import { field, formDialog } from '../ui/dialog.js'
import { toast } from '../ui/feedback.js'
import { icon } from '../ui/icons.js'
import { loader, pageHeader, refreshButton, section } from '../ui/page.js'
import { by, filterBox, table } from '../ui/table.js'

export const title = () => 'Topics'

export function render({ main, query, signal }) {
  const state = { text: query.q ?? '', internal: query.internal === 'true' }
  let topics = []
  const body = h('div')
  const results = h('div')
  const count = h('span', { class: 'muted', role: 'status' })
  const draw = () => {
    const text = state.text.toLowerCase()
    const rows = topics.filter((t) => t.name.toLowerCase().includes(text))
    count.textContent = `${rows.length} of ${topics.length} topics`
    results.replaceChildren(
      table({
        caption: 'Topics',
        sortBy: 'name',
        columns: [
          {
            key: 'name',
            label: 'Name',
            header: true,
            sort: by.text('name'),
            render: (t) =>
              h(
                'span',
                { class: 'topic-name' },
                h('a', { href: `#/topics/${seg(t.name)}` }, t.name),
                t.internal ? h('span', { class: 'badge badge-neutral' }, 'internal') : null,
                t.name.endsWith('.dlq') ? h('span', { class: 'badge badge-danger' }, 'dead letters') : null,
                /\.retry(\.|$)/.test(t.name) ? h('span', { class: 'badge badge-warn' }, 'retry') : null,
              ),
          },
          { key: 'partitions', label: 'Partitions', align: 'right', sort: by.number('partitions') },
          {
            key: 'replicationFactor',
            label: 'Replication',
            align: 'right',
            sort: by.number('replicationFactor'),
          },
          {
            key: 'messages',
            label: 'Messages',
            align: 'right',
            sort: by.big('messages'),
            render: (t) => num(t.messages),
          },
          {
            key: 'size',
            label: 'Size',
            align: 'right',
            sort: by.number('size'),
            render: (t) => bytes(t.size),
          },
          {
            key: 'browse',
            label: 'Actions',
            render: (t) =>
              t.internal
                ? null
                : h(
                    'a',
                    {
                      class: 'btn btn-sm btn-ghost',
                      href: `#/messages/${seg(t.name)}`,
                      'aria-label': `Browse messages of ${t.name}`,
                    },
                    icon('messages'),
                    'Messages',
                  ),
          },
        ],
        rows,
        empty: topics.length
          ? 'No topic matches the filter.'
          : 'No topics yet. Create one, or publish an event.',
      }),
    )
  }
  main.append(
    pageHeader({
      title: 'Topics',
      subtitle: 'Partitions, offsets and sizes of every topic in the cluster.',
      actions: [
        refreshButton(() => reload()),
        h(
          'button',
          { type: 'button', class: 'btn btn-primary', onclick: () => createTopic(reload) },
          icon('plus'),
          'Create topic',
        ),
      ],
    }),
    section(null, body, {
      flush: true,
      actions: [
        filterBox({
          label: 'Filter topics',
          placeholder: 'Filter by name…',
          value: state.text,
          onInput: (v) => {
            state.text = v
            draw()
          },
        }),
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            checked: state.internal,
            onchange: (e) => {
              state.internal = e.target.checked
              reload()
            },
          }),
          'Show internal topics',
        ),
        count,
      ],
    }),
  )
  const reload = loader(
    body,
    async () => {
      topics = (await api.get('/api/kafka/topics', { signal, query: { internal: state.internal } })).topics
      draw()
      return results
    },
    { signal },
  )
}

async function createTopic(reload) {
  const name = h('input', {
    name: 'name',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'orders',
  })
  const partitions = h('input', { name: 'partitions', inputmode: 'numeric', value: '3' })
  const replication = h('input', { name: 'replicationFactor', inputmode: 'numeric', value: '1' })
  const retention = h('input', { name: 'retention', inputmode: 'numeric', placeholder: 'broker default' })
  const created = await formDialog({
    title: 'Create topic',
    body: [
      field('Name', name, 'Letters, digits, dots, underscores and hyphens; up to 249 characters.'),
      h(
        'div',
        { class: 'form-grid' },
        field('Partitions', partitions),
        field('Replication factor', replication),
      ),
      field('Retention (ms)', retention, 'retention.ms; empty keeps the broker default. 604800000 = 7 days.'),
    ],
    submitLabel: 'Create topic',
    onSubmit: async () => {
      const body = { name: name.value.trim() }
      if (partitions.value) body.partitions = Number(partitions.value)
      if (replication.value) body.replicationFactor = Number(replication.value)
      if (retention.value) body.configs = { 'retention.ms': retention.value.trim() }
      return api.post('/api/kafka/topics', body)
    },
  })
  if (created) {
    toast(`Topic ${created.name} created`)
    location.hash = `#/topics/${seg(created.name)}`
    reload()
  }
}
