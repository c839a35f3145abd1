/**
 * One dead-letter topic: each failed event with why it failed (reason, error, stack, attempts),
 * where it came from, and a redrive of the selected entries or of every pending one.
 */
import { api, seg } from '../core/api.js'
import { invalidateDeadLetters } from '../core/dead-letters.js'
import { h } from '../core/dom.js'
import { navigate } from '../core/router.js'
import { confirmDialog } from '../ui/dialog.js'
import { empty, toast } from '../ui/feedback.js'
import { icon } from '../ui/icons.js'
import { loader, pageHeader, refreshButton, section } from '../ui/page.js'
import { key, list } from './dead-letter-list.js'

export const title = ({ params }) => params.topic

export function render({ main, params, query, signal }) {
  const topic = params.topic
  const showRedriven = query.redriven !== 'hide'
  const selected = new Set()
  let entries = []
  const body = h('div')
  const selectedLabel = h('span', { class: 'muted', role: 'status' })
  const redriveSelected = h(
    'button',
    { type: 'button', class: 'btn', disabled: true },
    icon('redrive'),
    'Redrive selected',
  )
  const redriveAll = h(
    'button',
    { type: 'button', class: 'btn btn-primary' },
    icon('redrive'),
    'Redrive all pending',
  )
  const sync = () => {
    selectedLabel.textContent = selected.size ? `${selected.size} selected` : ''
    redriveSelected.disabled = selected.size === 0
    redriveSelected.replaceChildren(
      icon('redrive'),
      selected.size ? `Redrive ${selected.size} selected` : 'Redrive selected',
    )
    const pending = entries.filter((e) => !e.redriven).length
    redriveAll.disabled = pending === 0
    redriveAll.replaceChildren(icon('redrive'), `Redrive all pending (${pending})`)
  }
  const redrive = async (select) => {
    const count = select ? select.length : entries.filter((e) => !e.redriven).length
    const done = await confirmDialog({
      title: `Redrive ${count} dead letter${count === 1 ? '' : 's'}?`,
      text: `Each is published again to ${entries[0]?.originalTopic ?? 'its original topic'} with its key, value and headers, and handled like a new event.`,
      confirmLabel: 'Redrive',
      tone: 'primary',
      onConfirm: () => api.post(`/api/kafka/dead-letters/${seg(topic)}/redrive`, select ? { select } : {}),
    })
    if (!done) return
    toast(`Redriven ${done.redriven} event${done.redriven === 1 ? '' : 's'}`)
    selected.clear()
    invalidateDeadLetters()
    window.dispatchEvent(new Event('spool:refresh-dlq'))
    reload()
  }
  redriveSelected.addEventListener('click', () =>
    redrive([...selected].map((k) => ({ partition: Number(k.split(':')[0]), offset: k.split(':')[1] }))),
  )
  redriveAll.addEventListener('click', () => redrive(null))

  const origin = h('span')
  main.append(
    pageHeader({
      title: topic,
      subtitle: origin,
      crumbs: [{ href: '#/dead-letters', label: 'Dead letters' }],
      actions: [refreshButton(() => reload()), redriveSelected, redriveAll],
    }),
    body,
  )
  const reload = loader(
    body,
    async () => {
      entries = (
        await api.get(`/api/kafka/dead-letters/${seg(topic)}`, {
          signal,
          query: { limit: 500, includeRedriven: true },
        })
      ).deadLetters
      const from = entries[0]?.originalTopic ?? topic.replace(/\.dlq$/, '')
      origin.replaceChildren('Events that failed on ', h('a', { href: `#/topics/${seg(from)}` }, from), '.')
      entries.sort(
        (a, b) => Date.parse(b.lastFailure ?? b.timestamp) - Date.parse(a.lastFailure ?? a.timestamp),
      )
      for (const k of [...selected]) if (!entries.some((e) => key(e) === k)) selected.delete(k)
      sync()
      const shown = showRedriven ? entries : entries.filter((e) => !e.redriven)
      const toggle = h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          checked: showRedriven,
          onchange: (e) =>
            navigate(
              `/dead-letters/${seg(topic)}`,
              { redriven: e.target.checked ? '' : 'hide' },
              { replace: true },
            ),
        }),
        'Show redriven entries',
      )
      if (entries.length === 0)
        return section(null, empty('No dead letters', 'Nothing has failed on this topic’s way. 🎉'))
      return section(null, list(shown, selected, sync), {
        actions: [selectedLabel, toggle],
      })
    },
    { signal },
  )
}
