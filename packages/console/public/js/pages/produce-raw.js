/**
 * Produce a raw record: any topic, an optional partition, key, value (text, or JSON checked
 * before it is sent) and headers, written exactly as given — no catalog schema, no CloudEvent
 * envelope. The gateway's issues appear under the fields they name.
 */
import { api, seg } from '../core/api.js'
import { h } from '../core/dom.js'
import { navigate } from '../core/router.js'
import { field } from '../ui/dialog.js'
import { empty, errorBox, loading, toast } from '../ui/feedback.js'
import { icon } from '../ui/icons.js'
import { showIssues } from '../ui/issues.js'
import { pageHeader, section } from '../ui/page.js'
import { produceModes, refused, remember, results } from './produce-side.js'

export const title = ({ params }) => (params.topic ? `Produce · ${params.topic}` : 'Produce a record')

export async function render({ main, params, signal }) {
  main.append(
    pageHeader({
      title: 'Produce',
      subtitle: 'Write a raw record to any topic: key, value and headers exactly as given.',
      actions: [produceModes('raw')],
    }),
  )
  const slot = h('div', null, loading())
  main.append(slot)
  let topics
  try {
    topics = (await api.get('/api/kafka/topics', { signal })).topics
  } catch (error) {
    if (error.name !== 'AbortError')
      slot.replaceChildren(errorBox(error, { title: 'Could not load the topics' }))
    return
  }
  if (topics.length === 0) {
    slot.replaceChildren(
      section(
        null,
        empty(
          'No topics yet',
          'Create a topic first; records can then be produced to it here.',
          h('a', { class: 'btn', href: '#/topics' }, 'Topics'),
        ),
      ),
    )
    return
  }
  const chosen = topics.find((t) => t.name === params.topic)
  slot.replaceChildren(recordForm(topics, chosen ?? topics[0], params.topic && !chosen ? params.topic : null))
}

function recordForm(topics, initial, missing) {
  let topic = initial
  const picker = h(
    'select',
    {
      id: 'raw-topic',
      name: 'topic',
      onchange: (e) => {
        topic = topics.find((t) => t.name === e.target.value)
        fillPartitions()
        navigate(`/produce-raw/${seg(topic.name)}`, undefined, { replace: true, silent: true })
      },
    },
    topics.map((t) => h('option', { value: t.name, selected: t === topic }, t.name)),
  )
  const partition = h('select', { name: 'partition' })
  const fillPartitions = () => {
    partition.replaceChildren(
      h('option', { value: '' }, 'Any (by key)'),
      ...Array.from({ length: topic.partitions }, (_, p) => h('option', { value: String(p) }, String(p))),
    )
  }
  fillPartitions()
  const key = h('input', { name: 'key', autocomplete: 'off', spellcheck: 'false', placeholder: 'none' })

  let format = 'json'
  const value = h('textarea', {
    id: 'raw-value',
    name: 'value',
    class: 'mono raw-editor raw-value',
    rows: 10,
    spellcheck: 'false',
    placeholder: '{ "orderId": "o-1" }',
  })
  const tombstone = h('input', {
    type: 'checkbox',
    name: 'tombstone',
    onchange: () => {
      value.disabled = tombstone.checked
    },
  })
  const formats = ['json', 'text'].map((f) =>
    h(
      'button',
      {
        type: 'button',
        'aria-pressed': String(f === format),
        onclick: () => {
          format = f
          for (const [i, b] of formats.entries())
            b.setAttribute('aria-pressed', String(['json', 'text'][i] === f))
        },
      },
      f === 'json' ? 'JSON' : 'Text',
    ),
  )

  const headers = h('div', { class: 'attr-rows' })
  const addHeader = () => {
    const row = h(
      'div',
      { class: 'attr-row' },
      h('input', {
        'aria-label': 'Header name',
        placeholder: 'source',
        class: 'attr-name',
        autocomplete: 'off',
      }),
      h('input', {
        'aria-label': 'Header value',
        placeholder: 'console',
        class: 'attr-value',
        autocomplete: 'off',
      }),
      h(
        'button',
        { type: 'button', class: 'icon-btn', 'aria-label': 'Remove header', onclick: () => row.remove() },
        icon('trash'),
      ),
    )
    headers.append(row)
    row.querySelector('input').focus()
  }

  const errors = h('div', { 'aria-live': 'polite' })
  const result = h('div', { class: 'produce-result', 'aria-live': 'polite' }, results())
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, icon('produce'), 'Produce record')
  const clear = () => {
    key.value = ''
    value.value = ''
    tombstone.checked = false
    value.disabled = false
    headers.replaceChildren()
    showIssues(el, [])
    errors.replaceChildren()
  }

  const collect = () => {
    const body = {}
    const issues = []
    if (key.value !== '') body.key = key.value
    if (partition.value !== '') body.partition = Number(partition.value)
    if (tombstone.checked) body.value = null
    else {
      if (format === 'json') {
        try {
          JSON.parse(value.value)
        } catch (error) {
          issues.push({
            path: 'value',
            message: `is not valid JSON (${error.message}); choose Text to send it as it is`,
          })
        }
      }
      // The text as typed, so the record holds exactly what is on screen.
      body.value = value.value
    }
    const names = {}
    for (const row of headers.children) {
      const name = row.querySelector('.attr-name').value.trim()
      const text = row.querySelector('.attr-value').value
      if (!name) {
        if (text) issues.push({ path: 'headers', message: 'a header has a value but no name' })
        continue
      }
      if (name in names) issues.push({ path: `headers.${name}`, message: 'is given twice' })
      names[name] = text
    }
    if (Object.keys(names).length) body.headers = names
    return { body, issues }
  }

  const el = h(
    'form',
    {
      class: 'produce-form raw-form',
      novalidate: true,
      'aria-label': 'Produce a raw record',
      onsubmit: async (e) => {
        e.preventDefault()
        errors.replaceChildren()
        const { body, issues } = collect()
        showIssues(el, issues)
        if (issues.length) return
        submit.disabled = true
        submit.setAttribute('aria-busy', 'true')
        try {
          const sent = await api.post(`/api/kafka/topics/${seg(topic.name)}/messages`, body)
          remember(sent)
          toast(sent.spooled ? 'Record kept in the offline spool' : `Record produced to ${sent.topic}`)
          result.replaceChildren(results())
        } catch (error) {
          errors.replaceChildren(refused(el, error, 'The record was not produced'))
        } finally {
          submit.disabled = false
          submit.removeAttribute('aria-busy')
        }
      },
    },
    h(
      'div',
      { class: 'form-section' },
      h('div', { class: 'form-section-head' }, h('h2', null, 'Record')),
      h(
        'div',
        { class: 'form-grid' },
        wrap('partition', field('Partition', partition, 'Any: by the key, or spread when there is none.')),
        wrap('key', field('Key', key, 'Empty: no key. One key always lands on one partition.')),
      ),
    ),
    h(
      'div',
      { class: 'form-section' },
      h(
        'div',
        { class: 'form-section-head' },
        h('h2', null, 'Value'),
        h(
          'div',
          { class: 'raw-value-tools' },
          h('label', { class: 'check' }, tombstone, 'Null (tombstone)'),
          h('div', { class: 'segmented', role: 'group', 'aria-label': 'Value format' }, formats),
        ),
      ),
      h(
        'div',
        { class: 'field', 'data-path': 'value' },
        h('label', { class: 'field-label', for: 'raw-value' }, 'Value'),
        h('div', { class: 'field-control' }, value),
        h(
          'p',
          { class: 'field-hint' },
          'JSON is checked before sending; the text is written exactly as typed.',
        ),
        h('p', { class: 'field-error', hidden: true }),
      ),
    ),
    h(
      'div',
      { class: 'form-section' },
      h(
        'fieldset',
        { class: 'fieldset', 'data-path': 'headers' },
        h('legend', null, 'Headers'),
        h('p', { class: 'field-hint' }, 'Name and text value of each record header.'),
        headers,
        h(
          'button',
          { type: 'button', class: 'btn btn-sm btn-ghost', onclick: addHeader },
          icon('plus'),
          'Add header',
        ),
        h('p', { class: 'field-error', hidden: true }),
      ),
    ),
    errors,
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn btn-ghost', onclick: clear }, 'Clear'),
      h('span', { class: 'topbar-spacer' }),
      submit,
    ),
  )

  return h(
    'div',
    { class: 'produce-layout' },
    section(null, [
      missing
        ? errorBox(new Error(`Topic "${missing}" does not exist. Pick one of the cluster's topics.`), {
            title: 'Unknown topic',
          })
        : null,
      h('div', { class: 'type-picker' }, field('Topic', picker)),
      el,
    ]),
    h(
      'div',
      { class: 'produce-side' },
      section('About raw records', about(), { id: 'about-raw' }),
      section('Produced', result, { id: 'produced' }),
    ),
  )
}

/** A field with a place for its own error message (issues are matched by `data-path`). */
function wrap(path, content) {
  return h(
    'div',
    { 'data-path': path, class: 'field-wrap' },
    content,
    h('p', { class: 'field-error', hidden: true }),
  )
}

function about() {
  return h(
    'div',
    { class: 'stack' },
    h('p', null, 'A raw record is written as it is: no schema check and no CloudEvent envelope.'),
    h(
      'p',
      { class: 'muted' },
      'A consumer group that handles catalog events on this topic dead-letters a record that is not one of its events.',
    ),
    h('a', { href: '#/produce' }, 'Publish a validated catalog event instead'),
  )
}
