/** Stroke icons on a 24×24 grid, drawn for the console. Decorative: hidden from screen readers. */
import { s } from '../core/dom.js'

const paths = {
  overview: ['M4 4h7v7H4z', 'M13 4h7v4h-7z', 'M13 10h7v10h-7z', 'M4 13h7v7H4z'],
  topics: ['M4 6h16', 'M4 12h16', 'M4 18h16', 'M8 4v4', 'M14 10v4', 'M10 16v4'],
  messages: ['M4 5h16v11H9l-5 4z', 'M8 9h8', 'M8 12h5'],
  live: ['M3 12h4l3-7 4 14 3-7h4'],
  produce: ['M4 12l16-8-6 16-3-7z', 'M11 13l9-9'],
  groups: [
    'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
    'M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6',
    'M16 5.5a3 3 0 0 1 0 5.5',
    'M18 14c1.9.8 3 2.9 3 6',
  ],
  catalog: ['M5 4h11a3 3 0 0 1 3 3v13H8a3 3 0 0 1-3-3z', 'M5 17a3 3 0 0 1 3-3h11', 'M9 8h6'],
  deadLetters: ['M12 4l9 16H3z', 'M12 10v4', 'M12 17v.5'],
  key: ['M14 10a4 4 0 1 0-3.5 4l1.5 1.5h2v2h2v2h3v-3l-5-5', 'M9 9.5h.01'],
  refresh: ['M20 11a8 8 0 0 0-14.5-4.5L4 8', 'M4 4v4h4', 'M4 13a8 8 0 0 0 14.5 4.5L20 16', 'M20 20v-4h-4'],
  plus: ['M12 5v14', 'M5 12h14'],
  trash: ['M4 7h16', 'M9 7V4h6v3', 'M6 7l1 13h10l1-13', 'M10 11v6', 'M14 11v6'],
  copy: ['M9 9h11v11H9z', 'M5 15H4V4h11v1'],
  chevron: ['M9 6l6 6-6 6'],
  play: ['M7 5l12 7-12 7z'],
  pause: ['M8 5v14', 'M16 5v14'],
  stop: ['M6 6h12v12H6z'],
  search: ['M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z', 'M20 20l-4-4'],
  menu: ['M4 6h16', 'M4 12h16', 'M4 18h16'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  check: ['M5 12l5 5L20 7'],
  redrive: ['M4 12a8 8 0 0 1 13.7-5.6L20 9', 'M20 4v5h-5', 'M12 8v4l3 2'],
  reset: ['M3 12a9 9 0 1 0 3-6.7L3 8', 'M3 3v5h5'],
  info: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 11v5', 'M12 7.5v.5'],
  external: ['M14 4h6v6', 'M20 4l-9 9', 'M18 14v6H4V6h6'],
  broker: ['M4 5h16v5H4z', 'M4 14h16v5H4z', 'M8 7.5h.01', 'M8 16.5h.01'],
  clock: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 7v5l3 2'],
}

/** An inline SVG icon by name. */
export function icon(name, { size = 16, className = 'icon' } = {}) {
  return s(
    'svg',
    {
      class: className,
      width: size,
      height: size,
      viewBox: '0 0 24 24',
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': 1.8,
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
      'aria-hidden': 'true',
      focusable: 'false',
    },
    (paths[name] ?? paths.info).map((d) => s('path', { d })),
  )
}
