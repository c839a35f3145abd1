/** Dead letters: each dead-letter topic with the topic its events came from and how many wait. */
import { seg } from '../core/api.js'
import { deadLetterSummary, PENDING_LIMIT } from '../core/dead-letters.js'
import { h } from '../core/dom.js'
import { num } from '../core/format.js'
import { empty } from '../ui/feedback.js'
import { icon } from '../ui/icons.js'
import { loader, pageHeader, refreshButton, section } from '../ui/page.js'
import { by, table } from '../ui/table.js'

export const title = () => 'Dead letters'

export function render({ main, signal }) {
  const body = h('div')
  main.append(
    pageHeader({
      title: 'Dead letters',
      subtitle: 'Events a handler could not process, kept with the error, ready to be sent back.',
      actions: [refreshButton(() => reload())],
    }),
    body,
  )
  const reload = loader(
    body,
    async () => {
      const { topics } = await deadLetterSummary({ maxAge: 0 })
      window.dispatchEvent(new Event('spool:refresh-dlq'))
      if (topics.length === 0) {
        return section(
          null,
          empty(
            'No dead-letter topics',
            'When a handler fails for good, its event lands in <topic>.dlq and shows up here.',
          ),
        )
      }
      return [
        section(
          null,
          table({
            caption: 'Dead-letter topics',
            sortBy: 'pending',
            sortDir: 'desc',
            columns: [
              {
                key: 'topic',
                label: 'Dead-letter topic',
                header: true,
                sort: by.text('topic'),
                render: (t) => h('a', { href: `#/dead-letters/${seg(t.topic)}` }, t.topic),
              },
              {
                key: 'originalTopic',
                label: 'From topic',
                sort: by.text('originalTopic'),
                render: (t) => h('a', { href: `#/topics/${seg(t.originalTopic)}` }, t.originalTopic),
              },
              {
                key: 'pending',
                label: 'Waiting',
                align: 'right',
                sort: by.number('pending'),
                render: (t) =>
                  t.pending > 0
                    ? h(
                        'span',
                        { class: 'badge badge-danger' },
                        `${num(t.pending)}${t.pending >= PENDING_LIMIT ? '+' : ''}`,
                      )
                    : h('span', { class: 'faint' }, '0'),
              },
              {
                key: 'messages',
                label: 'Retained',
                align: 'right',
                sort: by.big('messages'),
                render: (t) => num(t.messages),
              },
              {
                key: 'open',
                label: 'Actions',
                render: (t) =>
                  h(
                    'a',
                    {
                      class: 'btn btn-sm',
                      href: `#/dead-letters/${seg(t.topic)}`,
                      'aria-label': `Inspect ${t.topic}`,
                    },
                    icon('search'),
                    'Inspect',
                  ),
              },
            ],
            rows: topics,
          }),
        ),
        h(
          'p',
          { class: 'muted footnote' },
          'A redrive publishes the event again to the topic it came from, with its key, value and headers; the consumer group handles it like any new event.',
        ),
      ]
    },
    { signal },
  )
}
