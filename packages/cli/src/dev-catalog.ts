/**
 * The catalog `spool dev` serves when no --catalog is given: the events of the example
 * applications in this repository (JobQuest's missions and XP, the content service, the
 * marketplace, the realtime notifications), so the console's produce form, message browser and
 * live stream have real event types to show on a fresh clone. Each example is optional: one that
 * is missing (or fails to load) is left out and named in `skipped`.
 */
import type { AnyEventDefinition } from '@spool/catalog'
import { catalogOf, dedupe } from './catalog.ts'

/** Where each example keeps its catalog (examples are workspaces: `@spool/example-*`). */
export const exampleCatalogs: ReadonlyArray<{ name: string; module: string; exportName: string }> =
  Object.freeze([
    {
      name: 'jobquest',
      module: '@spool/example-jobquest/src/events/catalog.ts',
      exportName: 'jobQuestEvents',
    },
    {
      name: 'content-service',
      module: '@spool/example-content-service/src/events.mts',
      exportName: 'contentCatalog',
    },
    {
      name: 'marketplace',
      module: '@spool/example-marketplace/libs/common/kafka.events.ts',
      exportName: 'marketplaceEvents',
    },
    {
      name: 'realtime-service',
      module: '@spool/example-realtime-service/src/kafka/notifications.mts',
      exportName: 'notificationCatalog',
    },
  ])

export interface DevCatalog {
  definitions: AnyEventDefinition[]
  /** Examples whose events are in. */
  loaded: string[]
  /** Examples left out, with why. */
  skipped: Array<{ name: string; reason: string }>
}

/**
 * @example
 * const { definitions, loaded } = await loadDevCatalog()
 * const bus = createBus({ catalog: definitions })
 */
export async function loadDevCatalog(): Promise<DevCatalog> {
  const results = await Promise.all(
    exampleCatalogs.map(async (example) => {
      try {
        // A variable specifier: the examples are optional, not compile-time dependencies.
        const specifier: string = example.module
        const mod = (await import(specifier)) as Record<string, unknown>
        const definitions = catalogOf({ catalog: mod[example.exportName] }) ?? catalogOf(mod)
        if (definitions === undefined) return { example, reason: 'exports no event definitions' }
        return { example, definitions }
      } catch (error) {
        return { example, reason: error instanceof Error ? error.message : String(error) }
      }
    }),
  )
  const definitions: AnyEventDefinition[] = []
  const loaded: string[] = []
  const skipped: DevCatalog['skipped'] = []
  for (const r of results) {
    if ('definitions' in r && r.definitions) {
      definitions.push(...r.definitions)
      loaded.push(r.example.name)
    } else skipped.push({ name: r.example.name, reason: r.reason ?? 'unknown' })
  }
  return { definitions: dedupe(definitions), loaded, skipped }
}
