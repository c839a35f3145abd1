/**
 * The module's one options type, its frozen defaults, and the validation that runs once when a
 * Nest application creates the module. Bus options pass through to `createBus`; environment
 * variables are read by the bus's `busOptionsFromEnv` (the one place they are read), and options
 * given here win over them.
 */
import {
  Bus,
  type BusInput,
  busInputSchema,
  busOptionsFromEnv,
  type ConsumerOptions,
  consumerSettingsShape,
} from '@spool/bus'
import type { AnyEventDefinition } from '@spool/catalog'
import { parseOptions, SpoolError } from '@spool/errors'
import { z } from 'zod'

/** Options every consumer group created for decorated handlers starts from. */
export type SpoolConsumerDefaults = Partial<Omit<ConsumerOptions, 'group'>>

/**
 * A consumer group's options without `group` and without defaults: each overrides the bus's.
 *
 * @example
 * SpoolModule.forRoot({ consumer: { from: 'latest', retry: { attempts: 5 } } })
 */
export const consumerDefaultsSchema = z
  .strictObject({
    ...consumerSettingsShape,
    /** Named by the handler or the module, never here. */
    group: z.never({ error: 'is not allowed here; the module option group names the default group' }),
  })
  .partial()

/** How the module runs the bus, beside the bus's own options. */
const moduleShape = {
  /**
   * Read unset bus options from environment variables (KAFKA_BROKERS, KAFKA_CLIENT_ID, …): `true`
   * reads `process.env`, an object reads that object, `false` reads nothing.
   */
  env: z.union([z.boolean(), z.record(z.string(), z.string().optional())]).default(true),
  /** Use this bus instead of creating one. The module still starts and closes it. */
  bus: z.custom<Bus>((v) => v instanceof Bus, 'must be a Bus made by createBus()').optional(),
  /** Consumer group of decorated handlers that name none (default: the bus's clientId). */
  group: z.string().min(1).optional(),
  /** Defaults of every consumer group the module creates for decorated handlers. */
  consumer: consumerDefaultsSchema.default(() => ({})),
  /** Start consumer groups when the application bootstraps. */
  autoStart: z.boolean().default(true),
  /** Make the bus, the client and the publishers injectable in every module (`forRoot` only). */
  global: z.boolean().optional(),
}

/**
 * `SpoolModule.forRoot`'s options (or what a `forRootAsync` factory returns), as a schema: the bus
 * options of `createBus` (brokers, clientId, catalog, retry, offline, …) and the module's own.
 *
 * @example
 * SpoolModule.forRoot({ clientId: 'content-service', catalog, group: 'content', autoStart: true })
 */
export const moduleOptionsSchema = z.strictObject({ ...busInputSchema.shape, ...moduleShape })

/**
 * `SpoolTransport` and `SpoolClient` take the module's options but autoStart and global.
 *
 * @example
 * new SpoolTransport({ catalog, group: 'subscription-service' })
 */
export const transportOptionsSchema = moduleOptionsSchema.omit({ autoStart: true, global: true })

/**
 * Options of `SpoolModule.forRoot` (or what a `forRootAsync` factory returns): the bus options
 * (brokers, clientId, catalog, retry, offline, …) plus how the module runs the bus. Options given
 * here override the environment.
 */
export type SpoolModuleOptions = z.input<typeof moduleOptionsSchema>

const moduleKeys = new Set(Object.keys(moduleShape))

/**
 * @example
 * SpoolModule.forRoot({ ...defaultSpoolModuleOptions, env: false, brokers: ['127.0.0.1:9092'] })
 */
export const defaultSpoolModuleOptions = Object.freeze({
  env: true,
  autoStart: true,
  consumer: Object.freeze({}) as SpoolConsumerDefaults,
})

/** Options after validation: what the module's providers are built from. */
export interface ResolvedSpoolOptions {
  /** A bus given by the caller; else `busInput` creates one. */
  readonly bus: Bus | undefined
  readonly busInput: Readonly<BusInput>
  readonly group: string | undefined
  readonly consumer: Readonly<SpoolConsumerDefaults>
  readonly autoStart: boolean
}

/**
 * Validates module options once — the module's own and the bus's, an unknown key named with the
 * nearest known one — and freezes the result. `component` names the caller in messages.
 *
 * @example
 * resolveModuleOptions({ env: { KAFKA_BROKERS: 'kafka:9092' }, group: 'xp' }).busInput.brokers // ['kafka:9092']
 */
export function resolveModuleOptions(
  input: SpoolModuleOptions | undefined | null,
  component = 'SpoolModule.forRoot',
  schema: z.ZodType = moduleOptionsSchema,
): ResolvedSpoolOptions {
  const { env, bus, group, consumer, autoStart } = parseOptions(component, schema, input ?? {}) as z.output<
    typeof moduleOptionsSchema
  >
  // The bus options as given (not their defaults), so that the environment fills what is unset.
  const explicit = Object.fromEntries(
    Object.entries(input ?? {}).filter(([key, value]) => !moduleKeys.has(key) && value !== undefined),
  ) as BusInput
  if (bus !== undefined) {
    const extra = Object.keys(explicit)[0]
    if (extra !== undefined) {
      throw new SpoolError(
        'SPOOL_ERR_INVALID_OPTION',
        `${component}: option '${extra}' cannot be combined with option 'bus': configure the bus where it is created`,
        { details: { component, option: extra } },
      )
    }
  }
  const fromEnv = bus !== undefined || env === false ? {} : busOptionsFromEnv(env === true ? undefined : env)
  const busInput: BusInput = { ...fromEnv, ...explicit }
  if (fromEnv.retry || explicit.retry) busInput.retry = { ...fromEnv.retry, ...explicit.retry }
  // The environment and the options together, checked now rather than when the bus is created.
  if (bus === undefined) parseOptions(component, busInputSchema, busInput)
  return Object.freeze({
    bus,
    busInput: Object.freeze(busInput),
    group,
    consumer: consumer as Readonly<SpoolConsumerDefaults>,
    autoStart,
  })
}

/** Event definitions named statically by module options (a list or a catalog), for publishers. */
export function staticEvents(catalog: BusInput['catalog']): readonly AnyEventDefinition[] {
  if (catalog === undefined) return []
  return Array.isArray(catalog) ? catalog : (catalog as { list(): readonly AnyEventDefinition[] }).list()
}
