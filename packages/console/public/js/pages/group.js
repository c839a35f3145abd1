/**
 * One consumer group: state, members and their assignments, committed offset and lag per
 * partition; reset its offsets (when it has no members); start or stop it when it is one of this
 * service's consumers.
 */
import { api, seg } from '../core/api.js'
import { h } from '../core/dom.js'
import { middle, num } from '../core/format.js'
import { lagBar } from '../ui/charts.js'
import { badge, notice, toast } from '../ui/feedback.js'
import { icon } from '../ui/icons.js'
import { every, loader, pageHeader, refreshButton, section, stat } from '../ui/page.js'
import { by, table } from '../ui/table.js'
import { resetOffsets } from './reset-dialog.js'

export const title = ({ params }) => params.group

export function render({ main, params, signal }) {
  const id = params.group
  const body = h('div')
  const actions = h('div', { class: 'page-actions' })
  main.append(
    pageHeader({ title: id, crumbs: [{ href: '#/groups', label: 'Consumer groups' }], actions: [actions] }),
    body,
  )
  const reload = loader(
    body,
    async () => {
      const [group, status] = await Promise.all([
        api.get(`/api/kafka/groups/${seg(id)}`, { signal }),
        api.get('/api/kafka/status', { signal }).catch(() => null),
      ])
      const mine = status?.consumers.find((c) => c.group === id) ?? null
      actions.replaceChildren(...headerActions(group, mine, reload))
      return draw(group, mine)
    },
    { signal },
  )
  every(signal, 5_000, reload)
}

function headerActions(group, mine, reload) {
  const out = [refreshButton(reload)]
  if (mine) {
    if (mine.state === 'running') out.push(control('Stop consumers', 'stop', group.id, reload))
    else if (mine.state === 'paused')
      out.push(
        control('Resume', 'resume', group.id, reload),
        control('Stop consumers', 'stop', group.id, reload),
      )
    else out.push(control('Start consumers', 'start', group.id, reload))
  }
  out.push(
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-primary',
        onclick: async () => (await resetOffsets(group)) && reload(),
      },
      icon('reset'),
      'Reset offsets',
    ),
  )
  return out
}

function control(label, action, group, reload) {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn',
      onclick: async (e) => {
        e.currentTarget.disabled = true
        try {
          await api.post('/api/kafka/status', { action, group })
          toast(`${group}: consumers ${{ start: 'started', stop: 'stopped', resume: 'resumed' }[action]}`)
        } catch (error) {
          toast(`${label} failed: ${error.message}`, { tone: 'error' })
        }
        reload()
      },
    },
    icon(action === 'stop' ? 'stop' : 'play'),
    label,
  )
}

function draw(group, mine) {
  const maxLag = Math.max(0, ...group.offsets.map((o) => Number(o.lag ?? 0)))
  const clients = new Map(group.members.map((m) => [m.memberId, m.clientId]))
  const out = [
    h(
      'div',
      { class: 'stats' },
      stat('State', badge(group.state), {
        hint: group.protocolType ? `${group.protocolType} · ${group.groupType ?? 'classic'}` : '',
      }),
      stat('Members', num(group.members.length)),
      stat('Total lag', num(group.totalLag), {
        tone: BigInt(group.totalLag ?? 0) > 0n ? 'warn' : 'ok',
        hint: 'messages not yet committed',
      }),
      stat('Partitions', num(group.offsets.length), {
        hint: `${new Set(group.offsets.map((o) => o.topic)).size} topics`,
      }),
      stat('Assignor', group.protocol || '—'),
    ),
  ]
  if (group.state !== 'Empty' && group.state !== 'Dead') {
    out.push(
      notice(
        mine
          ? 'Offsets can be reset only while the group has no members. This service runs it: stop its consumers, reset, then start them again.'
          : 'Offsets can be reset only while the group has no members: stop every consumer of the group first.',
      ),
    )
  }
  if (mine?.lastError) {
    out.push(
      h(
        'div',
        { class: 'alert alert-warn', role: 'note' },
        icon('deadLetters', { size: 18 }),
        h('div', null, h('strong', null, 'Last handler error: '), mine.lastError.message),
      ),
    )
  }
  out.push(
    section(
      'Lag per partition',
      table({
        caption: `Committed offsets and lag of ${group.id}`,
        sortBy: 'topic',
        columns: [
          {
            key: 'topic',
            label: 'Topic',
            header: true,
            sort: (a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition,
            render: (o) => h('a', { href: `#/topics/${seg(o.topic)}` }, o.topic),
          },
          { key: 'partition', label: 'Partition', align: 'right', sort: by.number('partition') },
          {
            key: 'committed',
            label: 'Committed',
            align: 'right',
            render: (o) => (o.committed === null ? h('span', { class: 'faint' }, 'none') : num(o.committed)),
          },
          { key: 'latest', label: 'Latest', align: 'right', render: (o) => num(o.latest) },
          {
            key: 'lag',
            label: 'Lag',
            align: 'right',
            className: 'nowrap',
            sort: by.big('lag'),
            render: (o) =>
              o.lag === null ? h('span', { class: 'faint' }, '—') : [lagBar(o.lag, maxLag), num(o.lag)],
          },
          {
            key: 'memberId',
            label: 'Consumer',
            render: (o) =>
              o.memberId
                ? h(
                    'span',
                    { class: 'cell-mono', title: o.memberId },
                    clients.get(o.memberId) ?? middle(o.memberId, 28),
                  )
                : h('span', { class: 'faint' }, 'unassigned'),
          },
        ],
        rows: group.offsets,
        empty: 'This group has committed no offsets yet.',
      }),
      { id: 'grp-lag' },
    ),
    section(
      'Members',
      table({
        caption: `Members of ${group.id}`,
        columns: [
          {
            key: 'memberId',
            label: 'Member',
            header: true,
            render: (m) => h('span', { class: 'cell-mono', title: m.memberId }, middle(m.memberId, 40)),
          },
          { key: 'clientId', label: 'Client', render: (m) => h('code', null, m.clientId) },
          { key: 'clientHost', label: 'Host', render: (m) => m.clientHost },
          {
            key: 'groupInstanceId',
            label: 'Static id',
            render: (m) => m.groupInstanceId ?? h('span', { class: 'faint' }, '—'),
          },
          {
            key: 'assignment',
            label: 'Assignment',
            render: (m) =>
              m.assignment.length
                ? m.assignment.map((a) =>
                    h('div', null, h('span', { class: 'tag' }, a.topic), ` ${a.partitions.join(', ')}`),
                  )
                : h('span', { class: 'faint' }, 'nothing assigned'),
          },
        ],
        rows: group.members,
        empty: 'No members: the group is not consuming now.',
      }),
      { id: 'grp-members' },
    ),
  )
  return out
}
