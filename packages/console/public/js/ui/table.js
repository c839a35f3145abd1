/**
 * Data tables: a caption for screen readers, column headers with scope, optional sorting by
 * clicking a header (aria-sort says which), a text filter, and an empty row when there is nothing.
 */
import { h } from '../core/dom.js'

/**
 * table({ caption, columns: [{ key, label, render?, sort?, align?, className? }], rows, empty,
 *         sortBy?, rowProps?(row) })
 * `sort` is a compare(a, b) of rows; columns without it are not sortable.
 */
export function table(spec) {
  const state = { sortBy: spec.sortBy ?? null, dir: spec.sortDir ?? 'asc' }
  const wrap = h('div', { class: 'table-wrap' })
  const draw = () => {
    let rows = [...spec.rows]
    const col = spec.columns.find((c) => c.key === state.sortBy)
    if (col?.sort) {
      rows.sort(col.sort)
      if (state.dir === 'desc') rows.reverse()
    }
    if (spec.limit) rows = rows.slice(0, spec.limit)
    const head = h(
      'tr',
      null,
      spec.columns.map((c) => {
        const sorted = state.sortBy === c.key
        const th = h('th', {
          scope: 'col',
          class: [c.align === 'right' && 'num', c.className],
          'aria-sort': c.sort
            ? sorted
              ? state.dir === 'asc'
                ? 'ascending'
                : 'descending'
              : 'none'
            : undefined,
        })
        if (!c.sort) th.append(c.label)
        else {
          th.append(
            h(
              'button',
              {
                type: 'button',
                class: 'th-sort',
                onclick: () => {
                  state.dir = sorted && state.dir === 'asc' ? 'desc' : 'asc'
                  state.sortBy = c.key
                  draw()
                },
              },
              c.label,
              h(
                'span',
                { class: 'sort-mark', 'aria-hidden': 'true' },
                sorted ? (state.dir === 'asc' ? '▲' : '▼') : '↕',
              ),
            ),
          )
        }
        return th
      }),
    )
    const body = rows.length
      ? rows.map((row) =>
          h(
            'tr',
            spec.rowProps?.(row) ?? null,
            spec.columns.map((c) =>
              h(
                c.header ? 'th' : 'td',
                { class: [c.align === 'right' && 'num', c.className], scope: c.header ? 'row' : undefined },
                c.render ? c.render(row) : (row[c.key] ?? '—'),
              ),
            ),
          ),
        )
      : h(
          'tr',
          null,
          h('td', { class: 'empty-row', colspan: spec.columns.length }, spec.empty ?? 'Nothing here yet.'),
        )
    wrap.replaceChildren(
      h(
        'table',
        { class: ['table', spec.className] },
        spec.caption ? h('caption', { class: 'sr-only' }, spec.caption) : null,
        h('thead', null, head),
        h('tbody', null, body),
      ),
    )
  }
  draw()
  return wrap
}

/** A search box that calls `onInput(text)` as the person types. */
export function filterBox({ label, placeholder, value = '', onInput }) {
  return h(
    'label',
    { class: 'search' },
    h('span', { class: 'sr-only' }, label),
    h('input', {
      type: 'search',
      placeholder: placeholder ?? label,
      value,
      oninput: (e) => onInput(e.target.value),
    }),
  )
}

/** Compare helpers for sortable columns. */
export const by = {
  text: (key) => (a, b) => String(a[key] ?? '').localeCompare(String(b[key] ?? '')),
  number: (key) => (a, b) => Number(a[key] ?? 0) - Number(b[key] ?? 0),
  big: (key) => (a, b) => {
    const x = BigInt(a[key] ?? 0)
    const y = BigInt(b[key] ?? 0)
    return x < y ? -1 : x > y ? 1 : 0
  },
}
