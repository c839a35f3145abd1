/**
 * A tiny element builder. Every text goes through textContent, never innerHTML, so data from
 * Kafka (keys, values, headers) can never become markup.
 *
 *   h('a', { href: '#/topics', class: 'link' }, 'Topics')
 *   h('button', { type: 'button', onclick: () => save() }, icon('save'), 'Save')
 */
const SVG_NS = 'http://www.w3.org/2000/svg'

/** Builds an element. `props` keys: class, style (object), dataset (object), on<event>, any attribute. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag)
  applyProps(el, props)
  append(el, children)
  return el
}

/** Same as h() in the SVG namespace. */
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag)
  applyProps(el, props)
  append(el, children)
  return el
}

function applyProps(el, props) {
  if (!props) return
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue
    if (name === 'class')
      el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value)
    else if (name === 'style' && typeof value === 'object') Object.assign(el.style, value)
    else if (name === 'dataset') Object.assign(el.dataset, value)
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value)
    else if (name === 'value' && 'value' in el) el.value = value
    else if (name === 'checked' || name === 'selected' || name === 'indeterminate') el[name] = Boolean(value)
    else el.setAttribute(name, value === true ? '' : String(value))
  }
}

/** Appends children: nodes, strings, numbers, nested arrays; null/undefined/false are skipped. */
export function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(el, child)
    else if (child instanceof Node) el.appendChild(child)
    else el.appendChild(document.createTextNode(String(child)))
  }
  return el
}

/** Removes every child, then appends the given ones. */
export function replace(el, ...children) {
  el.replaceChildren()
  return append(el, children)
}

let ids = 0
/** A document-unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  ids += 1
  return `${prefix}-${ids}`
}

/** Copies text to the clipboard; false when the browser refuses (insecure origin, no permission). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
