/**
 * Pretty, highlighted JSON built from DOM nodes (no innerHTML: values are data from Kafka).
 * Non-JSON text is shown as it is.
 */
import { copyText, h } from '../core/dom.js'
import { tryJson } from '../core/format.js'
import { toast } from './feedback.js'
import { icon } from './icons.js'

/** A <pre> with the value pretty-printed and coloured by token kind. */
export function jsonView(value, { label = 'JSON value' } = {}) {
  const pre = h('pre', { class: 'json', tabindex: '0', 'aria-label': label })
  render(pre, value, 0)
  return pre
}

/** A block for a record value: JSON when it parses, plain text otherwise, with a copy button. */
export function valueView(text, { label = 'Value', encoding = 'utf8' } = {}) {
  const parsed = tryJson(text)
  const body =
    text === null || text === undefined
      ? h('p', { class: 'muted' }, 'null (no value: a tombstone)')
      : parsed !== undefined
        ? jsonView(parsed, { label })
        : h('pre', { class: 'json plain', tabindex: '0', 'aria-label': label }, text)
  const copied = parsed !== undefined ? JSON.stringify(parsed, null, 2) : (text ?? '')
  return h(
    'div',
    { class: 'code-block' },
    h(
      'div',
      { class: 'code-toolbar' },
      h(
        'span',
        { class: 'muted' },
        encoding === 'base64' ? 'binary (base64)' : parsed !== undefined ? 'JSON' : 'text',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost btn-sm',
          onclick: async () =>
            toast((await copyText(copied)) ? 'Copied' : 'The browser refused the clipboard'),
        },
        icon('copy'),
        `Copy ${label.toLowerCase()}`,
      ),
    ),
    body,
  )
}

const indent = (n) => '  '.repeat(n)

function render(parent, value, depth) {
  if (value === null) return parent.append(h('span', { class: 'j-null' }, 'null'))
  if (Array.isArray(value)) {
    if (value.length === 0) return parent.append('[]')
    parent.append('[\n')
    value.forEach((item, i) => {
      parent.append(indent(depth + 1))
      render(parent, item, depth + 1)
      parent.append(i < value.length - 1 ? ',\n' : '\n')
    })
    return parent.append(`${indent(depth)}]`)
  }
  switch (typeof value) {
    case 'object': {
      const entries = Object.entries(value)
      if (entries.length === 0) return parent.append('{}')
      parent.append('{\n')
      entries.forEach(([k, v], i) => {
        parent.append(indent(depth + 1), h('span', { class: 'j-key' }, JSON.stringify(k)), ': ')
        render(parent, v, depth + 1)
        parent.append(i < entries.length - 1 ? ',\n' : '\n')
      })
      return parent.append(`${indent(depth)}}`)
    }
    case 'string':
      return parent.append(h('span', { class: 'j-str' }, JSON.stringify(value)))
    case 'number':
      return parent.append(h('span', { class: 'j-num' }, String(value)))
    case 'boolean':
      return parent.append(h('span', { class: 'j-bool' }, String(value)))
    default:
      return parent.append(String(value))
  }
}

/** One line of a JSON value for table cells. */
export function preview(text, max = 160) {
  if (text === null || text === undefined) return 'null'
  const parsed = tryJson(text)
  const line = parsed !== undefined ? JSON.stringify(parsed) : String(text)
  return line.length > max ? `${line.slice(0, max)}…` : line
}
