/**
 * Tabs with the WAI-ARIA tabs pattern: a tablist of buttons (arrow keys move between them),
 * each controlling one tabpanel. The selected tab can live in the URL via `onSelect`.
 */
import { h, uid } from '../core/dom.js'

/** tabs({ label, items: [{ id, label, render: () => Node }], selected, onSelect }) */
export function tabs({ label, items, selected, onSelect }) {
  const base = uid('tabs')
  let current = items.some((i) => i.id === selected) ? selected : items[0].id
  const panel = h('div', { class: 'tab-panel', role: 'tabpanel', tabindex: '0' })
  const buttons = items.map((item) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `${base}-${item.id}`,
        class: 'tab',
        'aria-controls': `${base}-panel`,
        onclick: () => select(item.id, true),
        onkeydown: (e) => {
          const i = items.indexOf(item)
          const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null
          if (next === null) return
          e.preventDefault()
          const target = items[(next + items.length) % items.length]
          select(target.id, true)
          buttons[items.indexOf(target)].focus()
        },
      },
      item.label,
      item.count !== undefined ? h('span', { class: 'tab-count' }, item.count) : null,
    ),
  )
  panel.id = `${base}-panel`
  const select = (id, fromUser) => {
    current = id
    buttons.forEach((b, i) => {
      const on = items[i].id === id
      b.setAttribute('aria-selected', String(on))
      b.tabIndex = on ? 0 : -1
      if (on) panel.setAttribute('aria-labelledby', b.id)
    })
    panel.replaceChildren(items.find((i) => i.id === id).render())
    if (fromUser) onSelect?.(id)
  }
  const root = h(
    'div',
    { class: 'tabs' },
    h('div', { class: 'tablist', role: 'tablist', 'aria-label': label }, buttons),
    panel,
  )
  select(current, false)
  return root
}
