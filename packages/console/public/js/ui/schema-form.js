/**
 * A form generated from a catalog event's JSON Schema. Every control carries `data-path`, the
 * same dotted path the gateway uses in its validation issues (`data.tags.0`), so each issue is
 * shown under the field it is about.
 *
 *   const form = schemaForm(describeSchema(schema), { path: 'data' })
 *   const { value, issues } = form.collect()
 *   form.showIssues(apiError.issues)
 */
import { h, uid } from '../core/dom.js'
import { coerce, typeLabel } from '../core/schema.js'
import { icon } from './icons.js'
import { clearIssues, showIssues } from './issues.js'

export { showIssues }

/** Builds the controls for `node` at `path`; returns { element, collect, set, showIssues, clearIssues }. */
export function schemaForm(node, { path = 'data' } = {}) {
  const control = build(node, path, { name: path, required: true, root: true })
  const element = h('div', { class: 'schema-form' }, control.element)
  return {
    element,
    collect() {
      const issues = []
      const out = control.collect(issues)
      return { value: out.present ? out.value : node.kind === 'object' ? {} : undefined, issues }
    },
    set: (value) => control.set(value),
    showIssues: (issues) => showIssues(element, issues),
    clearIssues: () => clearIssues(element),
  }
}

function build(node, path, ctx) {
  if (node.kind === 'object') return objectControl(node, path, ctx)
  if (node.kind === 'array') return arrayControl(node, path, ctx)
  return leafControl(node, path, ctx)
}

function labelOf(ctx, node) {
  // An array's items are always sent; marking each one required would only add noise.
  const marked = ctx.required && !ctx.item
  return h(
    'span',
    { class: 'field-name' },
    node.title ?? ctx.name,
    marked ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null,
    marked ? h('span', { class: 'sr-only' }, ' (required)') : null,
  )
}

function objectControl(node, path, ctx) {
  const children = node.fields.map((f) => ({
    name: f.name,
    control: build(f.node, `${path}.${f.name}`, { name: f.name, required: f.required }),
  }))
  const grid = h(
    'div',
    { class: 'form-grid' },
    children.map((c) => c.control.element),
  )
  const element = ctx.root
    ? grid
    : h(
        'fieldset',
        { class: 'fieldset', 'data-path': path },
        h('legend', null, labelOf(ctx, node), h('span', { class: 'type-hint' }, ' object')),
        node.description ? h('p', { class: 'field-hint' }, node.description) : null,
        grid,
        h('p', { class: 'field-error', hidden: true }),
      )
  return {
    element,
    collect(issues) {
      const value = {}
      let any = false
      for (const c of children) {
        const out = c.control.collect(issues)
        if (out.present) {
          value[c.name] = out.value
          any = true
        }
      }
      // An optional object left entirely blank is left out rather than sent half-empty.
      return { present: any || ctx.required, value }
    },
    set(value) {
      for (const c of children) c.control.set(value?.[c.name])
    },
  }
}

function arrayControl(node, path, ctx) {
  const list = h('ol', { class: 'array-items' })
  let items = []
  const add = (value) => {
    const index = items.length
    const control = build(node.items, `${path}.${index}`, {
      name: `${ctx.name}[${index}]`,
      required: true,
      item: true,
    })
    const row = h(
      'li',
      { class: 'array-item' },
      control.element,
      h(
        'button',
        {
          type: 'button',
          class: 'icon-btn',
          'aria-label': `Remove item ${index + 1} of ${ctx.name}`,
          onclick: () => {
            const values = collectAll().filter((_, i) => i !== index)
            reset(values)
          },
        },
        icon('trash'),
      ),
    )
    items.push({ control, row })
    list.append(row)
    control.set(value)
  }
  const collectAll = () => items.map((i) => i.control.collect([]).value)
  const reset = (values) => {
    items = []
    list.replaceChildren()
    for (const v of values ?? []) add(v)
  }
  const element = h(
    'fieldset',
    { class: 'fieldset fieldset-array', 'data-path': path },
    h('legend', null, labelOf(ctx, node), h('span', { class: 'type-hint' }, ` ${typeLabel(node)}`)),
    node.description ? h('p', { class: 'field-hint' }, node.description) : null,
    list,
    h(
      'button',
      { type: 'button', class: 'btn btn-sm btn-ghost', onclick: () => add(undefined) },
      icon('plus'),
      `Add ${ctx.name} item`,
    ),
    h('p', { class: 'field-error', hidden: true }),
  )
  return {
    element,
    collect(issues) {
      const value = items.map((i) => i.control.collect(issues).value)
      return { present: ctx.required || value.length > 0, value }
    },
    set: (value) => reset(Array.isArray(value) ? value : []),
  }
}

function leafControl(node, path, ctx) {
  const id = uid('fld')
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const input = inputFor(node, ctx, id)
  input.dataset.path = path
  input.setAttribute('aria-describedby', `${hintId} ${errorId}`)
  let nullBox = null
  if (node.nullable) {
    nullBox = h('input', {
      type: 'checkbox',
      'aria-label': `${ctx.name} is null`,
      onchange: () => {
        input.disabled = nullBox.checked
      },
    })
  }
  const element = h(
    'div',
    { class: ['field', node.kind === 'json' && 'field-wide'], 'data-path': path },
    h(
      'label',
      { class: 'field-label', for: id },
      labelOf(ctx, node),
      h('span', { class: 'type-hint', title: typeLabel(node) }, typeLabel(node)),
    ),
    h(
      'div',
      { class: 'field-control' },
      input,
      nullBox ? h('label', { class: 'null-toggle' }, nullBox, 'null') : null,
    ),
    h('p', { class: 'field-hint', id: hintId }, node.description ?? ''),
    h('p', { class: 'field-error', id: errorId, hidden: true }),
  )
  return {
    element,
    collect(issues) {
      if (nullBox?.checked) return { present: true, value: null }
      if (node.kind === 'const') return { present: true, value: node.value }
      const raw = input.type === 'checkbox' ? input.checked : input.value
      const out =
        node.kind === 'boolean' && input.tagName === 'SELECT' ? fromTriState(raw) : coerce(node, raw)
      if (!out.ok) {
        issues.push({ path, message: out.message })
        return { present: false }
      }
      if (out.empty) return { present: false }
      return { present: true, value: out.value }
    },
    set(value) {
      if (nullBox) {
        nullBox.checked = value === null
        input.disabled = value === null
      }
      if (value === null || value === undefined) {
        if (input.type === 'checkbox') input.checked = false
        else if (node.kind !== 'const') input.value = ''
        return
      }
      if (input.type === 'checkbox') input.checked = Boolean(value)
      else if (node.kind === 'json') input.value = JSON.stringify(value, null, 2)
      else input.value = String(value)
    },
  }
}

function fromTriState(raw) {
  if (raw === '') return { ok: true, empty: true }
  return { ok: true, value: raw === 'true' }
}

function inputFor(node, ctx, id) {
  switch (node.kind) {
    case 'boolean':
      return ctx.required
        ? h('input', { id, type: 'checkbox', class: 'checkbox' })
        : h(
            'select',
            { id },
            h('option', { value: '' }, '(not set)'),
            h('option', { value: 'true' }, 'true'),
            h('option', { value: 'false' }, 'false'),
          )
    case 'enum':
      return h(
        'select',
        { id },
        h('option', { value: '' }, ctx.required ? '— choose —' : '(not set)'),
        node.values.map((v) => h('option', { value: String(v) }, String(v))),
      )
    case 'integer':
    case 'number':
      return h('input', {
        id,
        type: 'text',
        inputmode: node.kind === 'integer' ? 'numeric' : 'decimal',
        autocomplete: 'off',
        placeholder: node.kind === 'integer' ? '0' : '0.0',
      })
    case 'json':
      return h('textarea', { id, class: 'mono', rows: 4, spellcheck: 'false', placeholder: '{ }' })
    case 'const':
      return h('input', { id, value: JSON.stringify(node.value), readonly: true })
    default:
      return h('input', {
        id,
        type: 'text',
        autocomplete: 'off',
        spellcheck: 'false',
        maxlength: node.maxLength,
        placeholder: node.format === 'date-time' ? '2026-01-01T12:00:00Z' : (node.format ?? ''),
      })
  }
}
