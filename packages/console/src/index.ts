/**
 * @spool/console — Spool's web console: static files (HTML, CSS, browser ES modules) with no build
 * step. The gateway serves them at `/`; this module only says where they are.
 *
 * @packageDocumentation
 *
 * @example
 * import { consoleDir } from '@spool/console'
 * import { createGateway } from '@spool/gateway'
 * const gateway = createGateway({ bus, console: consoleDir })
 */
// First: on a Node.js older than Spool supports, this throws SPOOL_ERR_UNSUPPORTED naming the versions.
import '@spool/errors'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * Absolute path of the folder the gateway serves at `/` (it holds `index.html`; every client-side
 * route is a hash route, and deep links to other paths get `index.html` from the gateway).
 *
 * @example
 * createGateway({ bus, console: consoleDir })
 */
export const consoleDir: string = resolve(import.meta.dirname, '../public')

/**
 * Absolute path of the console's entry page.
 *
 * @example
 * readFileSync(consoleIndex, 'utf8').includes('<title>Spool console</title>') // true
 */
export const consoleIndex: string = resolve(consoleDir, 'index.html')

/**
 * Whether the console's files are present (false only in a broken install).
 *
 * @example
 * createGateway({ bus, console: hasConsole() ? consoleDir : false })
 */
export function hasConsole(): boolean {
  return existsSync(consoleIndex)
}
