/** Small inline charts: a sparkline of recent rates and a lag bar. Both carry a text alternative. */
import { h, s } from '../core/dom.js'

/** An SVG sparkline of `values` (most recent last). */
export function sparkline(values, { width = 160, height = 36, label = 'trend' } = {}) {
  const svg = s('svg', {
    class: 'spark',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': label,
    preserveAspectRatio: 'none',
  })
  if (values.length < 2) {
    svg.append(s('line', { x1: 0, y1: height - 1, x2: width, y2: height - 1, class: 'spark-base' }))
    return svg
  }
  const max = Math.max(1, ...values)
  const step = width / (values.length - 1)
  const points = values.map((v, i) => [i * step, height - 2 - (v / max) * (height - 6)])
  const line = points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ')
  svg.append(
    s('path', { d: `${line} L${width},${height} L0,${height} Z`, class: 'spark-fill' }),
    s('path', { d: line, class: 'spark-line' }),
  )
  return svg
}

/** A horizontal bar for a lag relative to the largest lag shown. */
export function lagBar(lag, max) {
  const n = Number(lag ?? 0)
  const pct = max > 0 ? Math.max(n > 0 ? 4 : 0, Math.round((n / max) * 100)) : 0
  return h(
    'span',
    { class: ['lagbar', n > 0 ? 'lagbar-on' : ''], 'aria-hidden': 'true' },
    h('span', { class: 'lagbar-fill', style: { width: `${pct}%` } }),
  )
}
