/** One topic: its partitions (leader, replicas, ISR, watermarks, size) and configs; delete it. */
import { api, seg } from '../core/api.js'
import { h } from '../core/dom.js'
import { bytes, num } from '../core/format.js'
import { confirmDialog } from '../ui/dialog.js'
import { badge, toast } from '../ui/feedback.js'
import { icon } from '../ui/icons.js'
import { loader, pageHeader, refreshButton, section, stat } from '../ui/page.js'
import { by, filterBox, table } from '../ui/table.js'
import { tabs } from '../ui/tabs.js'

export const title = ({ params }) => params.topic

export function render({ main, params, query, signal }) {
  const name = params.topic
  const internal = name.startsWith('__')
  const body = h('div')
  main.append(
    pageHeader({
      title: name,
      crumbs: [{ href: '#/topics', label: 'Topics' }],
      actions: [
        refreshButton(() => reload()),
        // Kafka's internal topics (__consumer_offsets, …) are Kafka's own bookkeeping: not browsed or written here.
        internal
          ? null
          : h('a', { class: 'btn', href: `#/messages/${seg(name)}` }, icon('messages'), 'Browse messages'),
        internal
          ? null
          : h(
              'a',
              { class: 'btn', href: `#/produce-raw/${seg(name)}` },
              icon('produce'),
              'Produce to this topic',
            ),
        h(
          'button',
          { type: 'button', class: 'btn btn-ghost danger-text', onclick: () => remove(name) },
          icon('trash'),
          'Delete',
        ),
      ],
    }),
    body,
  )
  const reload = loader(
    body,
    async () => draw(await api.get(`/api/kafka/topics/${seg(name)}`, { signal }), query),
    { signal },
  )
}

function draw(topic, query) {
  const isr = topic.partitionDetails.filter((p) => p.isr.length < p.replicas.length).length
  const size = topic.partitionDetails.some((p) => p.size !== undefined && p.size !== null)
    ? topic.partitionDetails.reduce((n, p) => n + (p.size ?? 0), 0)
    : null
  const stats = h(
    'div',
    { class: 'stats' },
    stat('Partitions', num(topic.partitions)),
    stat('Replication factor', num(topic.replicationFactor)),
    stat('Messages', num(topic.messages), { hint: 'latest − earliest, all partitions' }),
    stat('Size on disk', bytes(size ?? topic.size)),
    stat('Under-replicated', num(isr), {
      tone: isr ? 'warn' : undefined,
      hint: isr ? 'partitions with ISR < replicas' : 'all in sync',
    }),
  )
  return [
    h(
      'p',
      { class: 'muted topic-id' },
      'Topic ID ',
      h('code', null, topic.id ?? '—'),
      topic.internal ? [' · ', badge('internal', 'neutral')] : null,
    ),
    stats,
    section(
      null,
      tabs({
        label: 'Topic details',
        selected: query.tab,
        onSelect: (tab) => history.replaceState(null, '', `#/topics/${seg(topic.name)}?tab=${tab}`),
        items: [
          {
            id: 'partitions',
            label: 'Partitions',
            count: topic.partitionDetails.length,
            render: () => partitionsTable(topic),
          },
          {
            id: 'configs',
            label: 'Configuration',
            count: topic.configs.length,
            render: () => configsView(topic.configs),
          },
        ],
      }),
    ),
  ]
}

function partitionsTable(topic) {
  const ids = (list) => (list.length ? list.join(', ') : '—')
  return table({
    caption: `Partitions of ${topic.name}`,
    sortBy: 'partition',
    columns: [
      { key: 'partition', label: 'Partition', header: true, sort: by.number('partition') },
      { key: 'leader', label: 'Leader', align: 'right' },
      { key: 'replicas', label: 'Replicas', render: (p) => ids(p.replicas) },
      {
        key: 'isr',
        label: 'In-sync',
        render: (p) =>
          p.isr.length < p.replicas.length ? h('span', { class: 'tone-warn' }, ids(p.isr)) : ids(p.isr),
      },
      {
        key: 'earliest',
        label: 'Earliest offset',
        align: 'right',
        sort: by.big('earliest'),
        render: (p) => num(p.earliest),
      },
      {
        key: 'latest',
        label: 'Latest offset',
        align: 'right',
        sort: by.big('latest'),
        render: (p) => num(p.latest),
      },
      {
        key: 'messages',
        label: 'Messages',
        align: 'right',
        sort: by.big('messages'),
        render: (p) => num(p.messages),
      },
      { key: 'size', label: 'Size', align: 'right', render: (p) => bytes(p.size) },
      {
        key: 'browse',
        label: 'Browse',
        render: (p) =>
          topic.internal
            ? null
            : h(
                'a',
                {
                  href: `#/messages/${seg(topic.name)}?partition=${p.partition}&from=earliest`,
                  'aria-label': `From start of partition ${p.partition}`,
                },
                'From start',
              ),
      },
    ],
    rows: topic.partitionDetails,
  })
}

function configsView(configs) {
  if (configs.length === 0) {
    return h(
      'div',
      { class: 'empty' },
      h('p', { class: 'empty-title' }, 'No configuration reported'),
      h('p', null, 'This broker does not describe topic configs; its defaults apply.'),
    )
  }
  const state = { text: '', changed: false }
  const out = h('div')
  const draw = () => {
    const rows = configs.filter((c) => c.name.includes(state.text) && (!state.changed || !c.isDefault))
    out.replaceChildren(
      table({
        caption: 'Topic configuration',
        sortBy: 'name',
        columns: [
          {
            key: 'name',
            label: 'Name',
            header: true,
            sort: by.text('name'),
            render: (c) => h('code', null, c.name),
          },
          {
            key: 'value',
            label: 'Value',
            render: (c) =>
              c.sensitive
                ? h('span', { class: 'faint' }, '(sensitive)')
                : h('code', { class: c.isDefault ? 'faint' : '' }, c.value ?? '—'),
          },
          {
            key: 'source',
            label: 'Source',
            render: (c) => h('span', { class: c.isDefault ? 'faint' : '' }, c.source),
          },
          { key: 'readOnly', label: 'Read-only', render: (c) => (c.readOnly ? 'yes' : '') },
        ],
        rows,
      }),
    )
  }
  draw()
  return h(
    'div',
    null,
    h(
      'div',
      { class: 'toolbar tab-toolbar' },
      filterBox({
        label: 'Filter configuration',
        placeholder: 'Filter by name…',
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
          onchange: (e) => {
            state.changed = e.target.checked
            draw()
          },
        }),
        'Only values changed from the default',
      ),
    ),
    out,
  )
}

async function remove(name) {
  const done = await confirmDialog({
    title: `Delete topic ${name}?`,
    text: 'Every message in it is deleted, for every consumer. This cannot be undone.',
    confirmLabel: 'Delete topic',
    typeToConfirm: name,
    onConfirm: () => api.del(`/api/kafka/topics/${seg(name)}`),
  })
  if (done) {
    toast(`Topic ${name} deleted`)
    location.hash = '#/topics'
  }
}
