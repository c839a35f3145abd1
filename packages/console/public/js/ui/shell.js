/**
 * The frame around every page: the sidebar (collapsible on small screens), the top bar with
 * Kafka's health and the API key, and the dead-letter count in the navigation.
 */
import { api, getApiKey } from '../core/api.js'
import { deadLetterSummary } from '../core/dead-letters.js'
import { h } from '../core/dom.js'
import { num } from '../core/format.js'
import { toneOf } from './feedback.js'
import { icon } from './icons.js'
import { openKeyDialog } from './key-dialog.js'

export const nav = [
  { href: '#/', label: 'Overview', icon: 'overview', match: /^\/$/ },
  { href: '#/topics', label: 'Topics', icon: 'topics', match: /^\/topics/ },
  { href: '#/messages', label: 'Messages', icon: 'messages', match: /^\/messages/ },
  { href: '#/live', label: 'Live tail', icon: 'live', match: /^\/live/ },
  { href: '#/produce', label: 'Produce', icon: 'produce', match: /^\/produce/ },
  { href: '#/groups', label: 'Consumer groups', icon: 'groups', match: /^\/groups/ },
  { href: '#/catalog', label: 'Event catalog', icon: 'catalog', match: /^\/catalog/ },
  {
    href: '#/dead-letters',
    label: 'Dead letters',
    icon: 'deadLetters',
    match: /^\/dead-letters/,
    id: 'nav-dlq',
  },
]

/** Fills the static skeleton of index.html and returns its parts. */
export function mountShell() {
  const sidebar = document.getElementById('sidebar')
  const menuButton = document.getElementById('menu-button')
  const list = h(
    'ul',
    { class: 'nav-list' },
    nav.map((item) =>
      h(
        'li',
        null,
        h(
          'a',
          { class: 'nav-link', href: item.href, id: item.id },
          icon(item.icon, { size: 18 }),
          h('span', { class: 'nav-text' }, item.label),
          item.id ? h('span', { class: 'nav-count', hidden: true }) : null,
        ),
      ),
    ),
  )
  document.getElementById('nav').append(list)
  const setMenu = (open) => {
    sidebar.classList.toggle('open', open)
    menuButton.setAttribute('aria-expanded', String(open))
  }
  menuButton.addEventListener('click', () => setMenu(!sidebar.classList.contains('open')))
  list.addEventListener('click', (e) => {
    if (e.target.closest('a')) setMenu(false)
  })
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && sidebar.classList.contains('open')) setMenu(false)
  })
  const keyButton = document.getElementById('key-button')
  keyButton.addEventListener('click', () => openKeyDialog())
  window.addEventListener('spool:askkey', () => openKeyDialog())
  const showKeyState = () => {
    const set = getApiKey() !== ''
    keyButton.classList.toggle('key-set', set)
    keyButton.querySelector('.key-state').textContent = set ? 'API key set' : 'API key'
  }
  window.addEventListener('spool:apikey', showKeyState)
  showKeyState()
  startHealth()
}

/** Marks the current page's link (aria-current) from the route path. */
export function markActive(path) {
  for (const link of document.querySelectorAll('.nav-link')) {
    const item = nav.find((n) => n.href === link.getAttribute('href'))
    if (item?.match.test(path)) link.setAttribute('aria-current', 'page')
    else link.removeAttribute('aria-current')
  }
}

/** Polls readiness and the dead-letter total; shown in the top bar and the navigation. */
function startHealth() {
  const pill = document.getElementById('health')
  const check = async () => {
    let state
    let text
    try {
      const health = await api.get('/health/kafka')
      state = health.status
      const latency = health.broker?.latencyMs
      text = `Kafka ${health.status}${typeof latency === 'number' ? ` · ${latency < 1 ? '<1' : Math.round(latency)} ms` : ''}`
    } catch (error) {
      if (error.code === 'SPOOL_ERR_NOT_READY') [state, text] = ['down', 'Kafka down']
      else if (error.needsKey) [state, text] = ['degraded', 'API key needed']
      else [state, text] = ['down', 'Gateway unreachable']
    }
    pill.className = `health-pill badge badge-${toneOf(state)}`
    pill.replaceChildren(h('span', { class: 'dot', 'aria-hidden': 'true' }), text)
    pill.title = `Readiness of the gateway's Kafka connection: ${state}`
    await countDeadLetters()
  }
  void check()
  setInterval(() => {
    if (document.visibilityState === 'visible') void check()
  }, 10_000)
  window.addEventListener('spool:apikey', () => void check())
  window.addEventListener('spool:refresh-dlq', () => void countDeadLetters())
}

async function countDeadLetters(maxAge) {
  const badge = document.querySelector('#nav-dlq .nav-count')
  try {
    const { pending, capped } = await deadLetterSummary({ maxAge })
    badge.hidden = pending === 0
    badge.textContent = `${num(pending)}${capped ? '+' : ''}`
    badge.setAttribute(
      'aria-label',
      `${pending}${capped ? ' or more' : ''} dead letters waiting for a redrive`,
    )
  } catch {
    badge.hidden = true
  }
}
