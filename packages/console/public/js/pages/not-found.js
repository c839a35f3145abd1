/** Any hash that matches no page. */
import { h } from '../core/dom.js'
import { empty } from '../ui/feedback.js'
import { pageHeader, section } from '../ui/page.js'

export const title = () => 'Not found'

export function render({ main, path }) {
  main.append(
    pageHeader({ title: 'Page not found' }),
    section(
      null,
      empty(
        `Nothing at ${path}`,
        'The link may be old, or mistyped.',
        h('a', { class: 'btn', href: '#/' }, 'Go to the overview'),
      ),
    ),
  )
}
