/**
 * Message browser: read a topic by partition, from the newest or oldest records, an offset or a
 * time; filter by text or `path=value`; open a record for its pretty JSON, headers and CloudEvent
 * attributes; page forward across partitions. The form lives in the URL, so a view can be shared.
 */
import { api, seg } from '../core/api.js'
import { h } from '../core/dom.js'
import { num } from '../core/format.js'
import { byTime, hasMore, mergePages } from '../core/paging.js'
import { rerender } from '../core/router.js'
import { empty, errorBox, loading } from '../ui/feedback.js'
import { icon } from '../ui/icons.js'
import { pageHeader, section } from '../ui/page.js'
import { queryForm } from './message-query.js'
import { columns, messageRows } from './message-row.js'

export const title = ({ params }) => (params.topic ? `Messages · ${params.topic}` : 'Messages')

export async function render({ main, params, query, signal }) {
  const topicName = params.topic
  const results = h('div', { class: 'results' })
  main.append(
    pageHeader({
      title: 'Messages',
      subtitle: topicName ? null : 'Browse any topic by partition, offset or time.',
      crumbs: topicName
        ? [
            { href: '#/topics', label: 'Topics' },
            { href: `#/topics/${seg(topicName)}`, label: topicName },
          ]
        : [],
      actions: [h('a', { class: 'btn', href: '#/live' }, icon('live'), 'Live tail')],
    }),
  )
  const slot = h('div', null, loading())
  main.append(slot)
  let topics
  let topic = null
  try {
    ;[topics, topic] = await Promise.all([
      api.get('/api/kafka/topics', { signal }).then((r) => r.topics),
      topicName ? api.get(`/api/kafka/topics/${seg(topicName)}`, { signal }) : null,
    ])
  } catch (error) {
    if (error.name === 'AbortError') return
    slot.replaceChildren(errorBox(error, { title: 'Could not load the topic', onRetry: rerender }))
    return
  }
  slot.replaceChildren(section(null, queryForm(topics, topic, query)), results)
  if (!topic) {
    results.append(section(null, empty('Choose a topic', 'Pick a topic above to read its messages.')))
    return
  }
  await browse(results, topic, query, signal)
}

async function browse(results, topic, query, signal) {
  const from = query.from ?? 'latest'
  const limit = Number(query.limit ?? 50)
  const request = {
    partition: query.partition,
    limit,
    filter: query.filter,
    ...(from === 'offset'
      ? { offset: query.offset || '0' }
      : from === 'timestamp'
        ? { timestamp: query.timestamp }
        : { from }),
  }
  const newestFirst = from === 'latest'
  const ends = Object.fromEntries(topic.partitionDetails.map((p) => [p.partition, p.latest]))
  const highlight = query.highlight
  const body = h('tbody')
  const summary = h('p', { class: 'muted results-summary', role: 'status' })
  const more = h('div', { class: 'load-more' })
  const card = section(
    'Results',
    [
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table messages-table' },
          h('caption', { class: 'sr-only' }, `Messages of ${topic.name}`),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Details')),
              ['Partition', 'Offset', 'Timestamp', 'Key', 'Value', 'Size'].map((c, i) =>
                h('th', { scope: 'col', class: [0, 1, 5].includes(i) ? 'num' : '' }, c),
              ),
            ),
          ),
          body,
        ),
      ),
      more,
    ],
    { actions: [summary], flush: true },
  )
  results.replaceChildren(loading('Reading messages…'))
  let shown = 0
  let scanned = 0
  const add = (messages) => {
    for (const m of messages)
      body.append(...messageRows(m, { open: highlight === `${m.partition}:${m.offset}` }))
    shown += messages.length
  }
  try {
    const page = await api.get(`/api/kafka/topics/${seg(topic.name)}/messages`, { signal, query: request })
    scanned += page.scanned
    const first = [...page.messages].sort(byTime)
    if (newestFirst) first.reverse()
    add(first)
    let cursors = Object.fromEntries(page.next.map((n) => [n.partition, n.offset]))
    const describe = () => {
      summary.textContent = `${num(shown)} message${shown === 1 ? '' : 's'} · ${num(scanned)} record${scanned === 1 ? '' : 's'} scanned · ${newestFirst ? 'newest first' : 'oldest first'}`
    }
    describe()
    if (shown === 0) {
      body.append(
        h(
          'tr',
          null,
          h(
            'td',
            { colspan: columns, class: 'empty-row' },
            query.filter
              ? 'No message matches the filter in the records scanned.'
              : 'No messages in this range.',
          ),
        ),
      )
    }
    const drawMore = () => {
      more.replaceChildren()
      if (newestFirst || !hasMore(cursors, ends)) return
      const button = h(
        'button',
        {
          type: 'button',
          class: 'btn',
          onclick: async () => {
            button.disabled = true
            button.setAttribute('aria-busy', 'true')
            try {
              const pages = await Promise.all(
                Object.entries(cursors)
                  .filter(([p, offset]) => BigInt(offset) < BigInt(ends[p] ?? 0))
                  .map(async ([p, offset]) => {
                    const r = await api.get(`/api/kafka/topics/${seg(topic.name)}/messages`, {
                      signal,
                      query: { partition: p, offset, limit, filter: query.filter },
                    })
                    scanned += r.scanned
                    return {
                      partition: Number(p),
                      start: offset,
                      messages: r.messages,
                      next: r.next.find((n) => n.partition === Number(p))?.offset ?? offset,
                    }
                  }),
              )
              const merged = mergePages(pages, limit)
              add(merged.messages)
              cursors = { ...cursors, ...merged.cursors }
              describe()
              drawMore()
            } catch (error) {
              if (error.name !== 'AbortError')
                more.replaceChildren(errorBox(error, { title: 'Could not load more' }))
            }
          },
        },
        `Load ${limit} more`,
      )
      more.append(button)
    }
    drawMore()
    results.replaceChildren(card)
    body.querySelector('tr.open')?.scrollIntoView({ block: 'center' })
  } catch (error) {
    if (error.name === 'AbortError') return
    results.replaceChildren(
      errorBox(error, {
        title: 'Could not read messages',
        onRetry: () => browse(results, topic, query, signal),
      }),
    )
  }
}
