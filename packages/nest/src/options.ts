/**
 * The module's one options type, its frozen defaults, and the validation that runs once when a
 * Nest application creates the module. Bus options pass through to `createBus`; environment
 * variables are read by the bus's `busOptionsFromEnv` (the one place they are read), and options
 * given here win over them.
 */
import { Bus, type BusInput, busOptionsFromEnv, type ConsumerOptions } from '@spool/bus'
import type { AnyEventDefinition } from '@spool/catalog'
import { NestConfigError } from './errors.ts'

/** Options every consumer group created for decorated handlers starts from. */
export type SpoolConsumerDefaults = Partial<Omit<ConsumerOptions, 'group'>>

/**
 * Options of `SpoolModule.forRoot` (or what a `forRootAsync` factory returns): the bus options
 * (brokers, clientId, catalog, retry, offline, …) plus how the module runs the bus.
 */
export interface SpoolModuleOptions extends BusInput {
  /**
   * Read unset bus options from environment variables (KAFKA_BROKERS, KAFKA_CLIENT_ID, …): `true`
   * reads `process.env`, an object reads that object, `false` reads nothing. Options given here
   * override the environment.
   */
  env?: boolean | Record<string, string | undefined>
  /** Use this bus instead of creating one. The module still starts and closes it. */
  bus?: Bus
  /** Consumer group of decorated handlers that name none (default: the bus's clientId). */
  group?: string
  /** Defaults of every consumer group the module creates for decorated handlers. */
  consumer?: SpoolConsumerDefaults
  /** Start consumer groups when the application bootstraps (default true). */
  autoStart?: boolean
  /**
   * Make the bus, the client and the publishers injectable in every module (default true).
   * `forRoot` only: `forRootAsync` takes it beside `useFactory`, as it must be known before the
   * factory runs.
   */
  global?: boolean
}

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

const moduleKeys = new Set(['env', 'bus', 'group', 'consumer', 'autoStart', 'global'])

/**
 * Validates module options once, naming the offending property, and freezes the result.
 *
 * @example
 * resolveModuleOptions({ env: { KAFKA_BROKERS: 'kafka:9092' }, group: 'xp' }).busInput.brokers // ['kafka:9092']
 */
export function resolveModuleOptions(input: SpoolModuleOptions | undefined | null): ResolvedSpoolOptions {
  if (input === undefined || input === null) input = {}
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new NestConfigError(`Spool module options must be an object; got ${describe(input)}`)
  }
  const { env = defaultSpoolModuleOptions.env, bus, group, consumer, autoStart } = input
  if (typeof env !== 'boolean' && (typeof env !== 'object' || env === null || Array.isArray(env))) {
    throw new NestConfigError(`options.env must be a boolean or an object of variables; got ${describe(env)}`)
  }
  if (bus !== undefined && !(bus instanceof Bus)) {
    throw new NestConfigError(`options.bus must be a Bus made by createBus(); got ${describe(bus)}`)
  }
  if (group !== undefined && (typeof group !== 'string' || group.length === 0)) {
    throw new NestConfigError(`options.group must be a non-empty string; got ${describe(group)}`)
  }
  if (
    consumer !== undefined &&
    (typeof consumer !== 'object' || consumer === null || Array.isArray(consumer))
  ) {
    throw new NestConfigError(
      `options.consumer must be an object of consumer options; got ${describe(consumer)}`,
    )
  }
  if (consumer && 'group' in consumer) {
    throw new NestConfigError(
      'options.consumer.group is not allowed; use options.group for the default group',
    )
  }
  if (autoStart !== undefined && typeof autoStart !== 'boolean') {
    throw new NestConfigError(`options.autoStart must be a boolean; got ${describe(autoStart)}`)
  }
  const explicit = Object.fromEntries(
    Object.entries(input).filter(([key, value]) => !moduleKeys.has(key) && value !== undefined),
  ) as BusInput
  if (bus !== undefined) {
    const extra = Object.keys(explicit)[0]
    if (extra !== undefined) {
      throw new NestConfigError(
        `options.${extra} cannot be combined with options.bus: configure the bus where it is created`,
      )
    }
  }
  const fromEnv = bus !== undefined || env === false ? {} : busOptionsFromEnv(env === true ? undefined : env)
  const busInput: BusInput = { ...fromEnv, ...explicit }
  if (fromEnv.retry || explicit.retry) busInput.retry = { ...fromEnv.retry, ...explicit.retry }
  return Object.freeze({
    bus,
    busInput: Object.freeze(busInput),
    group,
    consumer: Object.freeze({ ...defaultSpoolModuleOptions.consumer, ...consumer }),
    autoStart: autoStart ?? defaultSpoolModuleOptions.autoStart,
  })
}

/** Event definitions named statically by module options (a list or a catalog), for publishers. */
export function staticEvents(catalog: BusInput['catalog']): readonly AnyEventDefinition[] {
  if (catalog === undefined) return []
  return Array.isArray(catalog) ? catalog : (catalog as { list(): readonly AnyEventDefinition[] }).list()
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `"${value}"`
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'Object'}`
  return String(value)
}
