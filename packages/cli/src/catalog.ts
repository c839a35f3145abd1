/**
 * Loads the event catalog `spool dev` / `spool gateway` serve: a module the user names with
 * `--catalog`, exporting `catalog` (a catalog or an array of definitions), or a default export of
 * either, or — failing both — every event definition it exports by name.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type AnyEventDefinition, isEventDefinition } from '@spool/catalog'
import { CliError } from './errors.ts'

/**
 * The event definitions of a catalog module.
 *
 * @example
 * const events = await loadCatalog('./src/events.ts', process.cwd())
 * const bus = createBus({ catalog: events })
 */
export async function loadCatalog(specifier: string, cwd: string): Promise<AnyEventDefinition[]> {
  const path = resolve(cwd, specifier)
  const isPath = /^(\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/])/.test(specifier) || /\.[cm]?[jt]s$/.test(specifier)
  if (isPath && !existsSync(path)) {
    throw new CliError(
      'SPOOL_ERR_INVALID_OPTION',
      `--catalog: cannot load "${specifier}": no such file ${path}`,
    )
  }
  // A package name resolves from the user's folder, as their own code would import it.
  const target = isPath ? pathToFileURL(path).href : resolveFrom(cwd, specifier)
  let mod: Record<string, unknown>
  try {
    mod = (await import(target)) as Record<string, unknown>
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    const typescript =
      (cause as { code?: unknown })?.code === 'ERR_UNKNOWN_FILE_EXTENSION' && /\.[cm]?ts$/.test(path)
        ? ` (Node ${process.versions.node} does not run TypeScript: use Node 22.18+, 23.6+ or 24+, which strip types, or pass the compiled .js file)`
        : ''
    throw new CliError(
      'SPOOL_ERR_INVALID_OPTION',
      `--catalog: cannot load "${specifier}" (${path}): ${reason}${typescript}`,
      {
        cause,
      },
    )
  }
  const definitions = catalogOf(mod)
  if (definitions === undefined || definitions.length === 0) {
    throw new CliError(
      'SPOOL_ERR_INVALID_OPTION',
      `--catalog: "${specifier}" exports no event definitions (export \`catalog\`, a default, or definitions made with defineEvent)`,
    )
  }
  return definitions
}

function resolveFrom(cwd: string, specifier: string): string {
  try {
    return pathToFileURL(createRequire(join(cwd, 'package.json')).resolve(specifier)).href
  } catch {
    return specifier
  }
}

/** The definitions a module exports, by the rules above; undefined when it has none. */
export function catalogOf(mod: Record<string, unknown>): AnyEventDefinition[] | undefined {
  for (const name of ['catalog', 'default']) {
    const found = definitionsIn(mod[name])
    if (found !== undefined) return found
  }
  const named = Object.values(mod).flatMap((v) => (isEventDefinition(v) ? [v] : []))
  return named.length > 0 ? dedupe(named) : undefined
}

function definitionsIn(value: unknown): AnyEventDefinition[] | undefined {
  if (Array.isArray(value) && value.every(isEventDefinition)) return [...value]
  if (value && typeof (value as { list?: unknown }).list === 'function') {
    const list = (value as { list: () => unknown }).list()
    if (Array.isArray(list) && list.every(isEventDefinition)) return [...list]
  }
  return undefined
}

/**
 * One definition per event type: a module may export a type's older versions next to the current
 * one (for producers not yet upgraded), and the newest version is the one to serve; between equal
 * versions the first one seen wins.
 */
export function dedupe(definitions: readonly AnyEventDefinition[]): AnyEventDefinition[] {
  const byType = new Map<string, AnyEventDefinition>()
  for (const d of definitions) {
    const seen = byType.get(d.type)
    if (seen === undefined || d.version > seen.version) byType.set(d.type, d)
  }
  return [...byType.values()]
}
