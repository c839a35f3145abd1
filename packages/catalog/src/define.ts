/**
 * `defineEvent`: one typed, validated, frozen description of an event type. The definition carries
 * phantom input/output types so a bus can type `publish(def, data)` and handlers, and precomputed
 * accessors (partition key, subject, version header) so encoding does no per-call setup.
 */
import { parseOptions } from '@spool/errors'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { z } from 'zod'
import { DefinitionError } from './errors.ts'
import { type PlainInternals, type PlainMapping, plainInternals, plainMappingSchema } from './plain.ts'
import { isPromiseLike, toIssues } from './validate.ts'

/** A JSON Schema document (draft 2020-12 unless stated). */
export type JSONSchema = Record<string, unknown>

/** A field name of the data, or a function of the data, giving a string (or undefined: none). */
export type KeySelector<T> = (keyof T & string) | ((data: T) => string | undefined)

/**
 * Functions lifting data of an older version one step: `{ 1: (v1) => v2, 2: (v2) => v3 }`.
 * They run on consume, from the message's `dataversion` up to the definition's `version`.
 */
export type Upcasters = Readonly<Record<number, (data: any) => unknown>>

/** Symbol under which a definition keeps its precomputed helpers; not part of the public API. */
export const definitionInternals: unique symbol = Symbol('spool.catalog.definition')

/** Precomputed per-definition state used by the codecs. */
export interface EventInternals {
  readonly partitionKey: ((data: unknown) => string | undefined) | undefined
  readonly subject: ((data: unknown) => string | undefined) | undefined
  /** `version` as the text of the `ce_dataversion` header. */
  readonly versionText: string
  /** `chain[v]` lifts data from version v to v + 1; undefined when no upcasters are given. */
  readonly upcastChain: ReadonlyArray<(data: unknown) => unknown> | undefined
  /** JSON Schema per target, filled on first use. */
  readonly jsonSchemas: Map<string, JSONSchema>
  /** How records of producers not on Spool map to this event; undefined when they do not. */
  readonly plain: PlainInternals | undefined
}

/**
 * A typed event definition returned by `defineEvent`.
 * `TInput` is what a publisher passes; `TOutput` what a handler receives (after the schema ran).
 */
export interface EventDefinition<TType extends string = string, TInput = unknown, TOutput = TInput> {
  readonly type: TType
  readonly topic: string
  readonly version: number
  readonly schema: StandardSchemaV1<TInput, TOutput>
  readonly key: KeySelector<TOutput> | undefined
  readonly subject: KeySelector<TOutput> | undefined
  readonly description: string | undefined
  readonly example: TInput | undefined
  /** Upcasters from every version below `version`, when any are given. */
  readonly upcasters: Upcasters | undefined
  readonly jsonSchema: JSONSchema | undefined
  /** How records of producers not on Spool (plain JSON, no CloudEvents attributes) map to this event. */
  readonly plain: PlainMapping<TOutput> | undefined
  /** Precomputed helpers of the codecs; not part of the public API. @internal */
  readonly [definitionInternals]: EventInternals
  /** Phantom types only: never present at run time. */
  readonly '~types'?: { readonly input: TInput; readonly output: TOutput }
}

/** Any event definition, whatever its data types. */
export type AnyEventDefinition = EventDefinition<string, any, any>

/** The data a handler receives for a definition: `EventData<typeof MissionCompleted>`. */
export type EventData<D extends AnyEventDefinition> = NonNullable<D['~types']>['output']

/** The data a publisher passes for a definition (before schema defaults and transforms). */
export type EventInput<D extends AnyEventDefinition> = NonNullable<D['~types']>['input']

/** The type string of a definition, as a literal type. */
export type EventTypeOf<D extends AnyEventDefinition> = D['type']

/** What `defineEvent` accepts. */
export interface EventOptions<TType extends string, TSchema extends StandardSchemaV1> {
  /** Event type, e.g. `mission.completed`; the CloudEvents `type` attribute. */
  readonly type: TType
  /** Kafka topic: `[a-zA-Z0-9._-]`, at most 249 characters, not `.` or `..`. */
  readonly topic: string
  /** Current data version, a positive integer (default 1). */
  readonly version?: number
  /** Any Standard Schema v1 validator (zod 4, valibot, arktype, ...). */
  readonly schema: TSchema
  /** Partition key: a field of the data or a function of it. Also the `partitionkey` extension. */
  readonly key?: KeySelector<StandardSchemaV1.InferOutput<TSchema>>
  /** CloudEvents `subject` (e.g. the user id): a field of the data or a function of it. */
  readonly subject?: KeySelector<StandardSchemaV1.InferOutput<TSchema>>
  readonly description?: string
  /** Example data; checked against the schema when the schema validates synchronously. */
  readonly example?: StandardSchemaV1.InferInput<TSchema>
  /** Upcasters from every version below `version`, when any are given. */
  readonly upcasters?: Upcasters
  /** JSON Schema of the data, for validators that cannot produce one themselves. */
  readonly jsonSchema?: JSONSchema
  /**
   * Records of producers not on Spool yet: plain JSON recognised by a field (`{ field: 'type',
   * value: 'USER_LOGIN' }`), a header, or the whole topic (`{}`); see {@link PlainMapping}.
   */
  readonly plain?: PlainMapping<StandardSchemaV1.InferOutput<TSchema>>
}

const TOPIC_CHARS = /^[a-zA-Z0-9._-]+$/
const MAX_TOPIC_LENGTH = 249

const keySelector = z.custom<KeySelector<any>>(
  (v) => (typeof v === 'string' && v.length > 0) || typeof v === 'function',
  'must be a field name of the data or a function (data) => string',
)

/**
 * The definition object `defineEvent` accepts, as a schema: what {@link EventOptions} types (the
 * type test in define.test.ts keeps the two in step), checked once when the event is defined.
 *
 * @example
 * Object.keys(eventOptionsSchema.shape) // ['type', 'topic', 'version', 'schema', 'key', …]
 */
export const eventOptionsSchema = z
  .strictObject({
    type: z.string().min(1),
    topic: z
      .string()
      .min(1)
      .max(MAX_TOPIC_LENGTH)
      .refine((t) => t !== '.' && t !== '..', "cannot be '.' or '..'")
      .refine((t) => TOPIC_CHARS.test(t), "may only contain ASCII letters, digits, '.', '_' and '-'"),
    version: z.int().min(1).default(1),
    schema: z.custom<StandardSchemaV1>(
      isStandardSchema,
      'must implement Standard Schema v1 (zod 4, valibot, arktype, ...)',
    ),
    key: keySelector.optional(),
    subject: keySelector.optional(),
    description: z.string().optional(),
    example: z.unknown().optional(),
    /** Functions lifting older versions' data: `{ 1: (v1) => v2data }` for an event at version 2. */
    upcasters: z
      .record(
        z.string(),
        z.custom<(data: any) => unknown>((v) => typeof v === 'function', 'must be a function'),
      )
      .optional(),
    jsonSchema: z
      .custom<JSONSchema>(
        (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
        'must be a JSON Schema object',
      )
      .optional(),
    /** Records of producers not on Spool: how they are recognised and mapped (see plain.ts). */
    plain: plainMappingSchema.optional(),
  })
  .superRefine((o, ctx) => {
    if (o.upcasters !== undefined) checkUpcasters(o.upcasters, o.version, ctx)
    if (o.example !== undefined) checkExample(o.schema, o.example, ctx)
  })

/**
 * Defines an event type. Validates the definition and names the bad property on error.
 *
 * @example
 * import { z } from 'zod'
 * export const MissionCompleted = defineEvent({
 *   type: 'mission.completed',
 *   topic: 'mission-events',
 *   key: 'userId',
 *   subject: 'userId',
 *   schema: z.object({ userId: z.string(), missionId: z.string(), xpEarned: z.number().int() }),
 *   description: 'Published when a user completes a mission',
 * })
 * type Data = EventData<typeof MissionCompleted> // { userId: string; missionId: string; xpEarned: number }
 */
export function defineEvent<const TType extends string, TSchema extends StandardSchemaV1>(
  options: EventOptions<TType, TSchema>,
): EventDefinition<TType, StandardSchemaV1.InferInput<TSchema>, StandardSchemaV1.InferOutput<TSchema>> {
  const { type, topic, version, schema, key, subject, description, example, upcasters, jsonSchema, plain } =
    parseOptions('defineEvent', eventOptionsSchema, options)
  const internals: EventInternals = {
    partitionKey: selector('key', key),
    subject: selector('subject', subject),
    versionText: String(version),
    upcastChain: upcastChain(upcasters, version),
    jsonSchemas: new Map(),
    plain: plainInternals(plain, type),
  }
  return Object.freeze({
    type,
    topic,
    version,
    schema: schema as StandardSchemaV1<any, any>,
    key,
    subject,
    description,
    example,
    upcasters,
    jsonSchema,
    plain: plain as PlainMapping<any> | undefined,
    [definitionInternals]: internals,
  }) as EventDefinition<TType, StandardSchemaV1.InferInput<TSchema>, StandardSchemaV1.InferOutput<TSchema>>
}

/** True when `value` was made by `defineEvent`. */
export function isEventDefinition(value: unknown): value is AnyEventDefinition {
  return value !== null && typeof value === 'object' && definitionInternals in value
}

function isStandardSchema(schema: unknown): schema is StandardSchemaV1 {
  const props =
    schema !== null && (typeof schema === 'object' || typeof schema === 'function')
      ? (schema as { '~standard'?: { version?: unknown; validate?: unknown } })['~standard']
      : undefined
  return props !== undefined && props !== null && props.version === 1 && typeof props.validate === 'function'
}

function checkExample(schema: StandardSchemaV1, example: unknown, ctx: z.RefinementCtx): void {
  const result = schema['~standard'].validate(example)
  // An async schema cannot be checked here; the example is checked when it is first published.
  if (isPromiseLike(result) || result.issues === undefined) return
  const detail = toIssues(result.issues, 'example')
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ')
  ctx.addIssue({ code: 'custom', path: ['example'], message: `does not match the schema: ${detail}` })
}

/** Upcasters, when given, lift every version below `version`, one step each. */
function checkUpcasters(upcasters: Record<string, unknown>, version: number, ctx: z.RefinementCtx): void {
  for (const name of Object.keys(upcasters)) {
    const from = Number(name)
    if (!Number.isInteger(from) || from < 1 || from >= version)
      ctx.addIssue({
        code: 'custom',
        path: ['upcasters', name],
        message: `is not a version below ${version}`,
      })
  }
  for (let from = 1; from < version; from++) {
    if (upcasters[from] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['upcasters', String(from)],
        message: `is missing: upcasters must lift every version below ${version}`,
      })
    }
  }
}

function selector(property: string, value: unknown): ((data: unknown) => string | undefined) | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'function') {
    const fn = value as (data: unknown) => unknown
    return (data) => keyText(property, fn(data))
  }
  if (typeof value === 'string' && value.length > 0) {
    const field = value
    return (data) =>
      data === null || typeof data !== 'object'
        ? undefined
        : keyText(property, (data as Record<string, unknown>)[field], field)
  }
  throw new DefinitionError(property, 'must be a field name of the data or a function (data) => string')
}

function keyText(property: string, value: unknown, field?: string): string | undefined {
  if (typeof value === 'string') return value
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value)
  const where = field === undefined ? 'the function' : `field '${field}'`
  throw new DefinitionError(property, `${where} gave a ${typeof value}, expected a string`)
}

function upcastChain(
  upcasters: Upcasters | undefined,
  version: number,
): ReadonlyArray<(data: unknown) => unknown> | undefined {
  if (upcasters === undefined) return undefined
  const chain: Array<(data: unknown) => unknown> = new Array(version)
  for (let from = 1; from < version; from++) chain[from] = upcasters[from]!
  return chain
}
