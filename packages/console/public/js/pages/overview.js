/**
 * Overview: Kafka's health, the cluster, throughput (messages in and handled per second, from
 * samples taken while the page is open), the service's consumers with their controls, and the
 * busiest topics.
 */
import { api, seg } from '../core/api.js'
import { deadLetterSummary } from '../core/dead-letters.js'
import { h } from '../core/dom.js'
import { ago, num, rate } from '../core/format.js'
import { sparkline } from '../ui/charts.js'
import { badge, empty, toast } from '../ui/feedback.js'
import { icon } from '../ui/icons.js'
import { every, loader, pageHeader, refreshButton, section, stat } from '../ui/page.js'
import { by, table } from '../ui/table.js'

export const title = () => 'Overview'

const REFRESH = 4_000 // ms between samples
const KEEP = 40 // samples in the sparklines (about 2.5 min)
// Kept across visits so the charts do not start empty every time the page is opened.
const samples = []

export function render({ main, signal }) {
  const body = h('div')
  main.append(
    pageHeader({
      title: 'Overview',
      subtitle: 'Your Kafka cluster and this service at a glance.',
      actions: [refreshButton(() => reload())],
    }),
    body,
  )
  const reload = loader(body, () => draw(signal, reload), { signal })
  every(signal, REFRESH, reload)
}

async function draw(signal, reload) {
  const [cluster, topics, status, groups, dlq, health] = await Promise.all([
    api.get('/api/kafka/cluster', { signal }),
    api.get('/api/kafka/topics', { signal }),
    api.get('/api/kafka/status', { signal }),
    api.get('/api/kafka/groups', { signal }),
    deadLetterSummary(),
    api
      .get('/health/kafka', { signal })
      .catch((e) => (e.code === 'SPOOL_ERR_NOT_READY' ? { status: 'down', broker: {} } : Promise.reject(e))),
  ])
  const totalMessages = topics.topics.reduce((n, t) => n + BigInt(t.messages), 0n)
  const handled = status.consumers.reduce((n, c) => n + c.handled, 0)
  sample(Number(totalMessages), handled)
  const inRates = rates('messages')
  const outRates = rates('handled')
  const partitions = topics.topics.reduce((n, t) => n + t.partitions, 0)
  const byState = countBy(groups.groups, (g) => g.state)
  const latency = health.broker?.latencyMs

  const stats = h(
    'div',
    { class: 'stats stats-4' },
    stat('Kafka', badge(health.status), {
      hint:
        typeof latency === 'number'
          ? `round trip ${latency < 1 ? '<1' : Math.round(latency)} ms`
          : (health.broker?.error ?? ''),
    }),
    stat('Brokers', num(cluster.brokers.length), { hint: `controller ${cluster.controllerId ?? '—'}` }),
    stat('Topics', num(topics.topics.length), { hint: `${num(partitions)} partitions`, href: '#/topics' }),
    stat('Messages', num(totalMessages.toString()), { hint: 'retained, all topics' }),
    stat('Messages in / s', rate(inRates.at(-1)), {
      hint: inRates.length ? `peak ${rate(Math.max(...inRates))} / s` : 'measuring…',
      extra: sparkline(inRates, { label: 'messages in per second, recent samples' }),
    }),
    stat('Handled / s', rate(outRates.at(-1)), {
      hint: 'this service’s consumers',
      extra: sparkline(outRates, { label: 'events handled per second, recent samples' }),
    }),
    stat('Consumer groups', num(groups.groups.length), {
      hint: Object.entries(byState)
        .map(([s, n]) => `${n} ${s.toLowerCase()}`)
        .join(' · '),
      href: '#/groups',
    }),
    stat('Dead letters', `${num(dlq.pending)}${dlq.capped ? '+' : ''}`, {
      tone: dlq.pending > 0 ? 'danger' : undefined,
      hint: dlq.pending > 0 ? 'waiting for a redrive' : 'none waiting',
      href: '#/dead-letters',
    }),
  )

  return [
    h(
      'p',
      { class: 'muted cluster-line' },
      icon('broker'),
      ` Cluster `,
      h('code', null, cluster.clusterId ?? '—'),
      ` · updated ${ago(status.timestamp)}`,
    ),
    stats,
    h(
      'div',
      { class: 'grid-2' },
      section('This service’s consumers', consumersTable(status.consumers, reload), {
        id: 'ov-consumers',
        className: 'span-2',
        actions: [
          consumerAction('Stop all', 'stop', null, reload),
          consumerAction('Start all', 'start', null, reload),
        ],
      }),
      section('Busiest topics', topicsTable(topics.topics), {
        id: 'ov-topics',
        actions: [h('a', { href: '#/topics', class: 'btn btn-sm btn-ghost' }, 'All topics')],
      }),
      section('Brokers', brokersTable(cluster), { id: 'ov-brokers' }),
    ),
  ]
}

function sample(messages, handled) {
  samples.push({ t: Date.now(), messages, handled })
  while (samples.length > KEEP + 1) samples.shift()
}

function rates(key) {
  const out = []
  for (let i = 1; i < samples.length; i++) {
    const dt = (samples[i].t - samples[i - 1].t) / 1000
    // Retention and restarts make counters drop: that is not negative traffic.
    if (dt > 0) out.push(Math.max(0, samples[i][key] - samples[i - 1][key]) / dt)
  }
  return out
}

function countBy(items, key) {
  const out = {}
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1
  return out
}

const pastTense = { start: 'started', stop: 'stopped', pause: 'paused', resume: 'resumed' }

function consumerAction(label, action, group, reload) {
  const names = { start: 'play', stop: 'stop', pause: 'pause', resume: 'play' }
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-sm',
      'aria-label': group ? `${label} ${group}` : label,
      onclick: async (e) => {
        const button = e.currentTarget
        button.disabled = true
        try {
          await api.post('/api/kafka/status', group ? { action, group } : { action })
          toast(`${group ?? 'All consumers'}: ${pastTense[action]}`)
        } catch (error) {
          toast(`${action} failed: ${error.message}`, { tone: 'error' })
        } finally {
          button.disabled = false
          reload()
        }
      },
    },
    icon(names[action]),
    label,
  )
}

export function consumersTable(consumers, reload) {
  if (consumers.length === 0)
    return empty('No consumers in this service', 'Consumers registered on the bus show up here.')
  return table({
    caption: 'Consumers of this service',
    columns: [
      {
        key: 'group',
        label: 'Group',
        header: true,
        render: (c) => h('a', { href: `#/groups/${seg(c.group)}` }, c.group),
        sort: by.text('group'),
      },
      { key: 'state', label: 'State', render: (c) => badge(c.state) },
      {
        key: 'topics',
        label: 'Topics',
        render: (c) => c.topics.map((t) => h('a', { class: 'tag', href: `#/topics/${seg(t)}` }, t)),
      },
      { key: 'lag', label: 'Lag', align: 'right', render: (c) => num(c.lag), sort: by.number('lag') },
      {
        key: 'handled',
        label: 'Handled',
        align: 'right',
        render: (c) => num(c.handled),
        sort: by.number('handled'),
      },
      { key: 'failed', label: 'Failed', align: 'right', render: (c) => num(c.failed) },
      {
        key: 'deadLettered',
        label: 'Dead-lettered',
        align: 'right',
        render: (c) => (c.deadLettered ? h('span', { class: 'tone-danger' }, num(c.deadLettered)) : '0'),
      },
      {
        key: 'lastError',
        label: 'Last error',
        render: (c) =>
          c.lastError
            ? h(
                'span',
                { class: 'cell-clip', title: c.lastError.message },
                c.lastError.message,
                h('span', { class: 'faint' }, ` · ${ago(c.lastError.at)}`),
              )
            : h('span', { class: 'faint' }, '—'),
      },
      {
        key: 'actions',
        label: 'Actions',
        render: (c) =>
          h(
            'div',
            { class: 'row-actions' },
            c.state === 'running'
              ? [
                  consumerAction('Pause', 'pause', c.group, reload),
                  consumerAction('Stop', 'stop', c.group, reload),
                ]
              : c.state === 'paused'
                ? [
                    consumerAction('Resume', 'resume', c.group, reload),
                    consumerAction('Stop', 'stop', c.group, reload),
                  ]
                : consumerAction('Start', 'start', c.group, reload),
          ),
      },
    ],
    rows: consumers,
  })
}

function topicsTable(topics) {
  const rows = [...topics].sort((a, b) => (BigInt(b.messages) > BigInt(a.messages) ? 1 : -1)).slice(0, 8)
  return table({
    caption: 'Topics with the most messages',
    columns: [
      {
        key: 'name',
        label: 'Topic',
        header: true,
        render: (t) => h('a', { href: `#/topics/${seg(t.name)}` }, t.name),
      },
      { key: 'partitions', label: 'Partitions', align: 'right' },
      { key: 'messages', label: 'Messages', align: 'right', render: (t) => num(t.messages) },
    ],
    rows,
    empty: 'No topics yet.',
  })
}

function brokersTable(cluster) {
  return table({
    caption: 'Brokers',
    columns: [
      {
        key: 'id',
        label: 'ID',
        header: true,
        render: (b) => [
          String(b.id),
          b.id === cluster.controllerId ? h('span', { class: 'badge badge-accent ml' }, 'controller') : null,
        ],
      },
      { key: 'host', label: 'Address', render: (b) => h('code', null, `${b.host}:${b.port}`) },
      { key: 'rack', label: 'Rack', render: (b) => b.rack ?? h('span', { class: 'faint' }, '—') },
    ],
    rows: cluster.brokers,
  })
}
