/**
 * The message-schema DSL: a message is data — a list of fields, each tagged with the versions it
 * exists in — and one generic codec (compile.ts) interprets it. TypeScript infers the decoded
 * object type from a schema declared with `defineMessage`, so a handler gets typed bodies for free.
 *
 * Versions are written as in Kafka's definitions: '0+' (from 0 on), '3-5' (inclusive), '7'
 * (exactly 7), 'none'.
 */

/** Kafka's scalar types and the JavaScript values they decode to. */
export interface ScalarTypes {
  bool: boolean
  int8: number
  int16: number
  uint16: number
  int32: number
  uint32: number
  int64: bigint
  float64: number
  string: string
  bytes: Buffer
  /** A record-batch blob, kept as raw bytes: see the record-batch helpers to look inside. */
  records: Buffer
  /** Dashed lowercase hex, e.g. '5d3f…'; the all-zero UUID is Kafka's "none". */
  uuid: string
}

export type ScalarType = keyof ScalarTypes
/** A field type: a scalar, a struct (with `fields`), or an array of either ('[]int32', '[]struct'). */
export type FieldType = ScalarType | 'struct' | `[]${ScalarType | 'struct'}`

export interface FieldDef {
  /** camelCase name used in the decoded object. */
  readonly name: string
  readonly type: FieldType
  /** Versions the field exists in. */
  readonly versions: string
  /** Versions in which null is allowed (strings, bytes, arrays, structs). */
  readonly nullableVersions?: string
  /** Versions in which the field is sent as a tagged field (flexible versions only). */
  readonly taggedVersions?: string
  readonly tag?: number
  /** Value used when the field is absent in a version or not set; otherwise the type's zero. */
  readonly default?: number | bigint | boolean | string | null
  /** If true, a non-default value is silently dropped in versions without the field, even in strict mode. */
  readonly ignorable?: boolean
  /** Sub-fields of a struct or array-of-struct field. */
  readonly fields?: readonly FieldDef[]
}

export interface MessageDef {
  readonly apiKey: number
  /** 'ProduceRequest', 'ProduceResponse', … */
  readonly name: string
  readonly validVersions: string
  readonly flexibleVersions: string
  readonly fields: readonly FieldDef[]
}

/** The decoded type of one value of element type `T` ('int32', 'struct', …) of field `F`. */
export type Element<F extends FieldDef, T extends string> = T extends 'struct'
  ? F extends { fields: infer S extends readonly FieldDef[] }
    ? Infer<S>
    : never
  : T extends ScalarType
    ? ScalarTypes[T]
    : never

/** The decoded type of field `F` (an array for '[]…' types), before nullability. */
export type ValueOf<F extends FieldDef> = F['type'] extends `[]${infer E}`
  ? Element<F, E>[]
  : Element<F, F['type']>

/** The decoded value type of one field: `null` allowed where the field is nullable. */
export type FieldValue<F extends FieldDef> = F extends { nullableVersions: string }
  ? ValueOf<F> | null
  : ValueOf<F>

/** The decoded object type of a list of fields. Every field is present (defaults fill the gaps). */
export type Infer<Fs extends readonly FieldDef[]> = { [F in Fs[number] as F['name']]: FieldValue<F> }

/** The decoded body type of a message schema. */
export type MessageOf<M extends MessageDef> = Infer<M['fields']>

/** `T` with every field optional, at every depth (Buffers are values, not objects). */
export type DeepInput<T> = T extends Buffer
  ? T
  : T extends readonly (infer E)[]
    ? DeepInput<E>[]
    : T extends object
      ? { [K in keyof T]?: DeepInput<T[K]> }
      : T

/** What `encode` accepts: any field may be left out and takes its default. */
export type MessageInput<M extends MessageDef> = DeepInput<MessageOf<M>>

/**
 * Declares a message schema, keeping its literal types so bodies can be inferred.
 *
 * @example
 * export const HeartbeatRequest = defineMessage({
 *   apiKey: 12, name: 'HeartbeatRequest', validVersions: '0-4', flexibleVersions: '4+',
 *   fields: [{ name: 'groupId', type: 'string', versions: '0+' }],
 * })
 * type Body = MessageOf<typeof HeartbeatRequest> // { groupId: string }
 */
export function defineMessage<const M extends MessageDef>(def: M): M {
  return def
}

/**
 * Declares a reusable list of fields (Kafka's "common structs").
 *
 * @example
 * const Leader = defineFields([{ name: 'leaderId', type: 'int32', versions: '0+', default: -1 }])
 */
export function defineFields<const Fs extends readonly FieldDef[]>(fields: Fs): Fs {
  return fields
}
