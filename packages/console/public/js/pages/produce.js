/**
 * Produce: publish a catalog event through the gateway, either with a form generated from the
 * type's JSON Schema or as raw JSON, plus the record's key, subject and CloudEvents extension
 * attributes. The gateway validates; its issues appear under the fields they name.
 */
import { api, seg } from '../core/api.js'
import { h } from '../core/dom.js'
import { navigate } from '../core/router.js'
import { describeSchema, sampleValue } from '../core/schema.js'
import { field } from '../ui/dialog.js'
import { empty, errorBox, loading, toast } from '../ui/feedback.js'
import { icon } from '../ui/icons.js'
import { pageHeader, section } from '../ui/page.js'
import { schemaForm, showIssues } from '../ui/schema-form.js'
import { about, produceModes, refused, remember, results } from './produce-side.js'

export const title = ({ params }) => (params.type ? `Produce · ${params.type}` : 'Produce')

export async function render({ main, params, query, signal }) {
  main.append(
    pageHeader({
      title: 'Produce',
      subtitle: 'Publish a catalog event: validated by its schema, wrapped in a CloudEvent.',
      actions: [produceModes('event')],
    }),
  )
  const slot = h('div', null, loading())
  main.append(slot)
  let catalog
  try {
    catalog = (await api.get('/api/kafka/events', { signal })).eventTypes
  } catch (error) {
    if (error.name !== 'AbortError')
      slot.replaceChildren(errorBox(error, { title: 'Could not load the event catalog' }))
    return
  }
  const types = Object.keys(catalog).sort()
  if (types.length === 0) {
    slot.replaceChildren(
      section(
        null,
        empty(
          'The catalog is empty',
          'Define events with defineEvent() and give them to the bus; they can be produced here.',
          h('a', { class: 'btn', href: '#/produce-raw' }, 'Produce a raw record instead'),
        ),
      ),
    )
    return
  }
  const type = types.includes(params.type) ? params.type : types[0]
  slot.replaceChildren(producer(type, catalog[type], types, query.mode === 'json' ? 'json' : 'form'))
}

function producer(type, info, types, initialMode) {
  const node = describeSchema(info.schema)
  const form = schemaForm(node, { path: 'data' })
  const raw = h('textarea', {
    id: 'raw-data',
    class: 'mono raw-editor',
    rows: 14,
    spellcheck: 'false',
    'data-path': 'data',
  })
  const rawField = h(
    'div',
    { class: 'field', 'data-path': 'data' },
    h('label', { class: 'field-label', for: 'raw-data' }, 'data (JSON)'),
    h('div', { class: 'field-control' }, raw),
    h('p', { class: 'field-error', hidden: true }),
  )
  let mode = initialMode
  const dataSlot = h('div')
  const modeButtons = ['form', 'json'].map((m) =>
    h(
      'button',
      { type: 'button', 'aria-pressed': String(m === mode), onclick: () => switchMode(m) },
      m === 'form' ? 'Form' : 'JSON',
    ),
  )
  const switchMode = (next) => {
    if (next === mode) return
    if (next === 'json') raw.value = JSON.stringify(form.collect().value ?? {}, null, 2)
    else {
      try {
        form.set(JSON.parse(raw.value || '{}'))
      } catch {
        toast('The JSON does not parse; the form keeps its values', { tone: 'error' })
      }
    }
    mode = next
    for (const [i, b] of modeButtons.entries())
      b.setAttribute('aria-pressed', String(['form', 'json'][i] === mode))
    dataSlot.replaceChildren(mode === 'form' ? form.element : rawField)
  }
  dataSlot.append(mode === 'form' ? form.element : rawField)

  const userId = h('input', { name: 'userId', autocomplete: 'off', spellcheck: 'false', placeholder: 'u1' })
  const key = h('input', {
    name: 'key',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'from the event type',
  })
  const attrs = h('div', { class: 'attr-rows' })
  const addAttr = (name = '', value = '') => {
    const row = h(
      'div',
      { class: 'attr-row' },
      h('input', {
        'aria-label': 'Attribute name',
        placeholder: 'origin',
        value: name,
        class: 'attr-name',
        autocomplete: 'off',
      }),
      h('input', {
        'aria-label': 'Attribute value',
        placeholder: 'web',
        value,
        class: 'attr-value',
        autocomplete: 'off',
      }),
      h(
        'button',
        { type: 'button', class: 'icon-btn', 'aria-label': 'Remove attribute', onclick: () => row.remove() },
        icon('trash'),
      ),
    )
    attrs.append(row)
  }

  const errors = h('div', { 'aria-live': 'polite' })
  const result = h('div', { class: 'produce-result', 'aria-live': 'polite' })
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, icon('produce'), 'Produce event')
  const example = info.example ?? sampleValue(node)
  const clear = () => {
    form.set(undefined)
    raw.value = ''
  }
  const fill = () => {
    form.set(example)
    raw.value = JSON.stringify(example, null, 2)
  }

  const el = h(
    'form',
    {
      class: 'produce-form',
      novalidate: true,
      'aria-label': `Produce ${type}`,
      onsubmit: async (e) => {
        e.preventDefault()
        errors.replaceChildren()
        form.clearIssues()
        showIssues(el, [])
        let data
        if (mode === 'form') {
          const out = form.collect()
          if (out.issues.length) {
            showIssues(el, out.issues)
            errors.replaceChildren(
              errorBox(new Error('Some fields are not valid; see below.'), { title: 'Check the form' }),
            )
            return
          }
          data = out.value
        } else {
          try {
            data = JSON.parse(raw.value)
          } catch (error) {
            showIssues(el, [{ path: 'data', message: `is not valid JSON (${error.message})` }])
            return
          }
        }
        const body = { eventType: type, data }
        if (userId.value.trim()) body.userId = userId.value.trim()
        if (key.value.trim()) body.key = key.value.trim()
        const metadata = {}
        for (const row of attrs.children) {
          const n = row.querySelector('.attr-name').value.trim()
          if (n) metadata[n] = row.querySelector('.attr-value').value
        }
        if (Object.keys(metadata).length) body.metadata = metadata
        submit.disabled = true
        submit.setAttribute('aria-busy', 'true')
        try {
          const sent = await api.post('/api/kafka/events', body)
          remember(sent)
          toast(sent.spooled ? `${type} kept in the offline spool` : `${type} produced to ${sent.topic}`)
          result.replaceChildren(results())
        } catch (error) {
          errors.replaceChildren(refused(el, error, 'The event was not produced'))
        } finally {
          submit.disabled = false
          submit.removeAttribute('aria-busy')
        }
      },
    },
    h(
      'div',
      { class: 'form-section' },
      h(
        'div',
        { class: 'form-section-head' },
        h('h2', null, 'Event data'),
        h('div', { class: 'segmented', role: 'group', 'aria-label': 'Editor' }, modeButtons),
      ),
      dataSlot,
    ),
    h(
      'div',
      { class: 'form-section' },
      h('div', { class: 'form-section-head' }, h('h2', null, 'Record')),
      h(
        'div',
        { class: 'form-grid' },
        h(
          'div',
          { 'data-path': 'userId', class: 'field-wrap' },
          field(
            'Subject (userId)',
            userId,
            'The CloudEvents subject; the key too when the type defines none.',
          ),
          h('p', { class: 'field-error', hidden: true }),
        ),
        h(
          'div',
          { 'data-path': 'key', class: 'field-wrap' },
          field('Key', key, 'Overrides the partition key.'),
          h('p', { class: 'field-error', hidden: true }),
        ),
      ),
      h(
        'fieldset',
        { class: 'fieldset', 'data-path': 'metadata' },
        h('legend', null, 'Extension attributes'),
        h('p', { class: 'field-hint' }, 'CloudEvents extensions: names of 1–20 lowercase letters or digits.'),
        attrs,
        h(
          'button',
          { type: 'button', class: 'btn btn-sm btn-ghost', onclick: () => addAttr() },
          icon('plus'),
          'Add attribute',
        ),
        h('p', { class: 'field-error', hidden: true }),
      ),
    ),
    errors,
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn btn-ghost', onclick: fill }, 'Fill with example'),
      h('button', { type: 'button', class: 'btn btn-ghost', onclick: clear }, 'Clear'),
      h('span', { class: 'topbar-spacer' }),
      submit,
    ),
  )

  const picker = h(
    'select',
    { id: 'event-type', onchange: (e) => navigate(`/produce/${seg(e.target.value)}`, { mode }) },
    types.map((t) => h('option', { value: t, selected: t === type }, t)),
  )
  result.append(results())
  return h(
    'div',
    { class: 'produce-layout' },
    section(null, [h('div', { class: 'type-picker' }, field('Event type', picker)), el]),
    h(
      'div',
      { class: 'produce-side' },
      section(`About ${type}`, about(type, info), { id: 'about-type' }),
      section('Produced', result, { id: 'produced' }),
    ),
  )
}
