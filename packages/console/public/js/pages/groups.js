/** Consumer groups: every group with its state, members, topics and total lag. */
import { api, seg } from '../core/api.js'
import { h } from '../core/dom.js'
import { num } from '../core/format.js'
import { lagBar } from '../ui/charts.js'
import { badge } from '../ui/feedback.js'
import { every, loader, pageHeader, refreshButton, section } from '../ui/page.js'
import { by, filterBox, table } from '../ui/table.js'

export const title = () => 'Consumer groups'

const CONCURRENCY = 4 // describe calls in flight at once

export function render({ main, query, signal }) {
  const state = { text: query.q ?? '', internal: query.internal === 'true' }
  let groups = []
  const results = h('div')
  const body = h('div')
  const count = h('span', { class: 'muted', role: 'status' })
  const draw = () => {
    const rows = groups.filter((g) => g.id.toLowerCase().includes(state.text.toLowerCase()))
    count.textContent = `${rows.length} of ${groups.length} groups`
    const maxLag = Math.max(0, ...rows.map((g) => Number(g.totalLag ?? 0)))
    results.replaceChildren(
      table({
        caption: 'Consumer groups',
        sortBy: 'id',
        columns: [
          {
            key: 'id',
            label: 'Group',
            header: true,
            sort: by.text('id'),
            render: (g) => h('a', { href: `#/groups/${seg(g.id)}` }, g.id),
          },
          { key: 'state', label: 'State', sort: by.text('state'), render: (g) => badge(g.state) },
          {
            key: 'members',
            label: 'Members',
            align: 'right',
            sort: by.number('members'),
            render: (g) => num(g.members),
          },
          {
            key: 'topics',
            label: 'Topics',
            render: (g) =>
              g.topics?.length
                ? g.topics.map((t) => h('a', { class: 'tag', href: `#/topics/${seg(t)}` }, t))
                : h('span', { class: 'faint' }, '—'),
          },
          {
            key: 'totalLag',
            label: 'Lag',
            align: 'right',
            className: 'nowrap',
            sort: by.big('totalLag'),
            render: (g) =>
              g.totalLag === undefined
                ? h('span', { class: 'faint' }, '…')
                : [lagBar(g.totalLag, maxLag), num(g.totalLag)],
          },
          {
            key: 'protocol',
            label: 'Assignor',
            render: (g) => g.protocol || h('span', { class: 'faint' }, '—'),
          },
        ],
        rows,
        empty: groups.length ? 'No group matches the filter.' : 'No consumer groups yet.',
      }),
    )
  }
  main.append(
    pageHeader({
      title: 'Consumer groups',
      subtitle: 'Members, assignments and lag of every group.',
      actions: [refreshButton(() => reload())],
    }),
    section(null, body, {
      flush: true,
      actions: [
        filterBox({
          label: 'Filter groups',
          placeholder: 'Filter by group id…',
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
          'Show Spool’s reader groups',
        ),
        count,
      ],
    }),
  )
  const reload = loader(
    body,
    async () => {
      const list = (await api.get('/api/kafka/groups', { signal, query: { internal: state.internal } }))
        .groups
      const known = new Map(groups.map((g) => [g.id, g]))
      groups = list.map((g) => ({ ...known.get(g.id), ...g }))
      draw()
      // Members and lag arrive group by group; the table says it is still filling in.
      results.setAttribute('aria-busy', 'true')
      void describeAll(groups, signal).then(() => {
        if (signal.aborted) return
        draw()
        results.removeAttribute('aria-busy')
      })
      return results
    },
    { signal },
  )
  every(signal, 10_000, reload)
}

/** Fills members, topics and lag of each group, a few at a time. */
async function describeAll(groups, signal) {
  const queue = [...groups]
  const worker = async () => {
    for (let g = queue.shift(); g; g = queue.shift()) {
      try {
        const d = await api.get(`/api/kafka/groups/${seg(g.id)}`, { signal })
        g.members = d.members.length
        g.topics = [
          ...new Set(d.offsets.map((o) => o.topic).concat(d.members.flatMap((m) => m.subscription ?? []))),
        ].sort()
        g.totalLag = d.totalLag
        g.protocol = d.protocol
      } catch (error) {
        if (error.name === 'AbortError') return
        g.totalLag = null
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
}
