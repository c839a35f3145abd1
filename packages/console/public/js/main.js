/** Spool console: routes each hash to its page and keeps the shell in step. */
import { rerender, startRouter } from './core/router.js'
import * as catalog from './pages/catalog.js'
import * as deadLetterTopic from './pages/dead-letter-topic.js'
import * as deadLetters from './pages/dead-letters.js'
import * as group from './pages/group.js'
import * as groups from './pages/groups.js'
import * as live from './pages/live.js'
import * as messages from './pages/messages.js'
import * as notFound from './pages/not-found.js'
import * as overview from './pages/overview.js'
import * as produce from './pages/produce.js'
import * as produceRaw from './pages/produce-raw.js'
import * as topic from './pages/topic.js'
import * as topics from './pages/topics.js'
import { markActive, mountShell } from './ui/shell.js'

const routes = [
  { path: '/', page: overview },
  { path: '/topics', page: topics },
  { path: '/topics/:topic', page: topic },
  { path: '/messages', page: messages },
  { path: '/messages/:topic', page: messages },
  { path: '/live', page: live },
  { path: '/produce', page: produce },
  { path: '/produce/:type', page: produce },
  { path: '/produce-raw', page: produceRaw },
  { path: '/produce-raw/:topic', page: produceRaw },
  { path: '/groups', page: groups },
  { path: '/groups/:group', page: group },
  { path: '/catalog', page: catalog },
  { path: '/catalog/:type', page: catalog },
  { path: '/dead-letters', page: deadLetters },
  { path: '/dead-letters/:topic', page: deadLetterTopic },
]

mountShell()
const main = document.getElementById('main')
let lastPath = null

startRouter(routes, ({ route, params, query, path, signal }) => {
  markActive(path)
  const page = route?.page ?? notFound
  main.replaceChildren()
  main.setAttribute('aria-busy', 'true')
  // Which route is on screen (tests and bug reports read it).
  main.dataset.route = location.hash || '#/'
  const ctx = { main, params, query, path, signal }
  Promise.resolve(page.render(ctx))
    .catch((error) => {
      if (error?.name !== 'AbortError') throw error
    })
    .finally(() => main.removeAttribute('aria-busy'))
  document.title = `${page.title?.(ctx) ?? 'Spool'} · Spool console`
  // A new page (not a query change on the same one) moves focus to its title for screen readers.
  if (path !== lastPath && lastPath !== null) main.querySelector('h1')?.focus({ preventScroll: true })
  if (path !== lastPath) window.scrollTo(0, 0)
  lastPath = path
})

// A new API key changes what the gateway answers: re-render the current page with it.
window.addEventListener('spool:apikey', rerender)
