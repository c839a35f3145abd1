/** Event catalog: every event type with its topic, version, fields, JSON Schema and example. */
import { api, seg } from '../core/api.js'
import { h } from '../core/dom.js'
import { describeSchema, typeLabel } from '../core/schema.js'
import { empty } from '../ui/feedback.js'
import { icon } from '../ui/icons.js'
import { jsonView } from '../ui/json-view.js'
import { loader, pageHeader, section } from '../ui/page.js'
import { table } from '../ui/table.js'
import { tabs } from '../ui/tabs.js'

export const title = ({ params }) => (params.type ? `Catalog · ${params.type}` : 'Event catalog')

export function render({ main, params, signal }) {
  const body = h('div')
  main.append(
    pageHeader({
      title: params.type ?? 'Event catalog',
      crumbs: params.type ? [{ href: '#/catalog', label: 'Event catalog' }] : [],
      subtitle: params.type ? null : 'The typed events this service publishes and consumes.',
    }),
    body,
  )
  loader(
    body,
    async () => {
      const catalog = (await api.get('/api/kafka/events', { signal })).eventTypes
      if (params.type) {
        const info = catalog[params.type]
        return info
          ? detail(params.type, info)
          : empty(
              `No event type ${params.type}`,
              'It is not in this gateway’s catalog.',
              h('a', { href: '#/catalog' }, 'Back to the catalog'),
            )
      }
      return list(catalog)
    },
    { signal },
  )
}

function list(catalog) {
  const types = Object.keys(catalog).sort()
  if (types.length === 0)
    return section(
      null,
      empty('The catalog is empty', 'Define events with defineEvent() and give them to the bus.'),
    )
  return h(
    'ul',
    { class: 'catalog-grid', 'aria-label': 'Event types' },
    types.map((type) => {
      const info = catalog[type]
      const fields = Object.keys(info.schema?.properties ?? {})
      return h(
        'li',
        { class: 'card catalog-card' },
        h(
          'div',
          { class: 'catalog-card-head' },
          h('h2', null, h('a', { href: `#/catalog/${seg(type)}` }, type)),
          h('span', { class: 'badge badge-neutral' }, `v${info.version}`),
        ),
        h(
          'p',
          { class: info.description ? 'catalog-desc' : 'catalog-desc faint' },
          info.description ?? 'No description.',
        ),
        h(
          'dl',
          { class: 'kv compact' },
          h('dt', null, 'Topic'),
          h('dd', null, h('a', { href: `#/topics/${seg(info.topic)}` }, info.topic)),
          h('dt', null, 'Fields'),
          h(
            'dd',
            null,
            fields.length
              ? fields.map((f) => h('code', { class: info.required.includes(f) ? 'tag tag-req' : 'tag' }, f))
              : '—',
          ),
        ),
        h(
          'div',
          { class: 'catalog-actions' },
          h('a', { class: 'btn btn-sm', href: `#/produce/${seg(type)}` }, icon('produce'), 'Produce'),
          h(
            'a',
            { class: 'btn btn-sm btn-ghost', href: `#/live?types=${encodeURIComponent(type)}` },
            icon('live'),
            'Live tail',
          ),
          h('a', { class: 'btn btn-sm btn-ghost', href: `#/catalog/${seg(type)}` }, 'Schema'),
        ),
      )
    }),
  )
}

function detail(type, info) {
  const node = describeSchema(info.schema)
  const rows = node.kind === 'object' ? flatten(node, '') : []
  return h(
    'div',
    { class: 'stack' },
    h(
      'div',
      { class: 'detail-bar' },
      h('span', { class: 'badge badge-neutral' }, `version ${info.version}`),
      h('span', null, 'topic ', h('a', { href: `#/topics/${seg(info.topic)}` }, info.topic)),
      h('span', { class: 'topbar-spacer' }),
      h('a', { class: 'btn btn-primary', href: `#/produce/${seg(type)}` }, icon('produce'), 'Produce'),
      h('a', { class: 'btn', href: `#/messages/${seg(info.topic)}` }, icon('messages'), 'Messages'),
      h('a', { class: 'btn', href: `#/live?types=${encodeURIComponent(type)}` }, icon('live'), 'Live tail'),
    ),
    info.description ? h('p', { class: 'lead' }, info.description) : null,
    section(
      null,
      tabs({
        label: `Schema of ${type}`,
        items: [
          {
            id: 'fields',
            label: 'Fields',
            count: rows.length,
            render: () =>
              table({
                caption: `Fields of ${type}`,
                columns: [
                  { key: 'path', label: 'Field', header: true, render: (r) => h('code', null, r.path) },
                  {
                    key: 'type',
                    label: 'Type',
                    render: (r) => h('span', { class: 'cell-mono' }, typeLabel(r.node)),
                  },
                  {
                    key: 'required',
                    label: 'Required',
                    render: (r) =>
                      r.required
                        ? h('span', { class: 'badge badge-accent' }, 'required')
                        : h('span', { class: 'faint' }, 'optional'),
                  },
                  {
                    key: 'description',
                    label: 'Description',
                    render: (r) => r.node.description ?? h('span', { class: 'faint' }, '—'),
                  },
                ],
                rows,
              }),
          },
          {
            id: 'schema',
            label: 'JSON Schema',
            render: () => jsonView(info.schema, { label: 'JSON Schema' }),
          },
          {
            id: 'example',
            label: 'Example',
            render: () =>
              info.example
                ? jsonView(info.example, { label: 'Example' })
                : h('p', { class: 'muted' }, 'No example in the catalog.'),
          },
        ],
      }),
    ),
  )
}

/** Object fields as rows with dotted paths, nested objects and arrays of objects included. */
function flatten(node, prefix) {
  const out = []
  for (const f of node.fields) {
    const path = prefix ? `${prefix}.${f.name}` : f.name
    out.push({ path, node: f.node, required: f.required })
    if (f.node.kind === 'object') out.push(...flatten(f.node, path))
    if (f.node.kind === 'array' && f.node.items.kind === 'object')
      out.push(...flatten(f.node.items, `${path}[]`))
  }
  return out
}
