/**
 * Compiles a message schema into a per-version plan: for each field a read and a write closure
 * chosen once (classic or compact encoding, nullable or not, tagged or inline), so the hot path is
 * a loop over closures with no version checks. Plans are cached per (schema, version).
 */
import { ProtocolError, ProtocolErrorCodes } from '../errors.ts'
import { Reader } from '../primitives/reader.ts'
import { ZERO_UUID } from '../primitives/uuid.ts'
import { Writer } from '../primitives/writer.ts'
import type { FieldDef, MessageDef, ScalarType } from './types.ts'
import { inVersions } from './versions.ts'

/** @inline */
type Read = (r: Reader) => unknown
/** @inline */
type Write = (w: Writer, v: any) => void

/** How one field is read and written at one version. */
export interface FieldPlan {
  readonly name: string
  /** 'MetadataRequest.topics.name', for error messages. */
  readonly path: string
  /** 'wire' fields are read in order, 'tagged' ones from the tagged section, 'absent' ones take their default. */
  readonly kind: 'wire' | 'tagged' | 'absent'
  readonly tag: number
  readonly ignorable: boolean
  /** Reads the field's value (the encoding chosen for this version). */
  readonly read: Read
  /** Writes the field's value (the encoding chosen for this version). */
  readonly write: Write
  /** A fresh default value for a decoded object (arrays and structs are new each time). */
  readonly makeDefault: () => unknown
  /** The default as a shared value, used when encoding a field left out. */
  readonly defaultValue: unknown
  /** True when `v` equals the default, so a tagged field can be left out. */
  readonly isDefault: (v: unknown) => boolean
  /** The plan of a struct or array-of-struct field. */
  readonly struct: StructPlan | undefined
  readonly isArray: boolean
}

/** The compiled plan of a message or struct at one version: returned by {@link compileMessage}. */
export interface StructPlan {
  readonly path: string
  readonly flexible: boolean
  /** All fields in declaration order (this fixes the decoded object's key order). */
  readonly fields: readonly FieldPlan[]
  readonly wire: readonly FieldPlan[]
  /** Tagged fields by ascending tag. */
  readonly tagged: readonly FieldPlan[]
  readonly byTag: ReadonlyMap<number, FieldPlan>
}

interface Ctx {
  readonly version: number
  readonly flexible: boolean
}

const cache = new WeakMap<MessageDef, Map<number, StructPlan>>()

/**
 * The compiled plan of `def` at `version` (cached).
 *
 * @example
 * const plan = compileMessage(MetadataRequest, 12)
 */
export function compileMessage(def: MessageDef, version: number): StructPlan {
  let byVersion = cache.get(def)
  if (!byVersion) {
    byVersion = new Map()
    cache.set(def, byVersion)
  }
  let plan = byVersion.get(version)
  if (!plan) {
    if (!inVersions(def.validVersions, version)) {
      throw new ProtocolError(`${def.name} has no version ${version} (valid: ${def.validVersions})`, {
        code: ProtocolErrorCodes.UNSUPPORTED_VERSION,
      })
    }
    plan = compileStruct(def.fields, def.name, {
      version,
      flexible: inVersions(def.flexibleVersions, version),
    })
    byVersion.set(version, plan)
  }
  return plan
}

function compileStruct(defs: readonly FieldDef[], path: string, ctx: Ctx): StructPlan {
  const fields = defs.map((d) => compileField(d, `${path}.${d.name}`, ctx))
  const tagged = fields.filter((f) => f.kind === 'tagged').sort((a, b) => a.tag - b.tag)
  return {
    path,
    flexible: ctx.flexible,
    fields,
    wire: fields.filter((f) => f.kind === 'wire'),
    tagged,
    byTag: new Map(tagged.map((f) => [f.tag, f])),
  }
}

function compileField(def: FieldDef, path: string, ctx: Ctx): FieldPlan {
  const present = inVersions(def.versions, ctx.version)
  const tagged = present && ctx.flexible && inVersions(def.taggedVersions, ctx.version)
  if (tagged && def.tag === undefined)
    throw new ProtocolError(`Schema error: ${path} is tagged but has no tag`)
  const nullable = inVersions(def.nullableVersions, ctx.version)
  const isArray = def.type.startsWith('[]')
  const base = (isArray ? def.type.slice(2) : def.type) as ScalarType | 'struct'
  // Struct plans are built even for absent fields so that their defaults are well formed.
  const struct = base === 'struct' ? compileStruct(def.fields ?? [], path, ctx) : undefined
  let codec: Codec
  if (struct) {
    const one = structCodec(struct)
    codec = isArray
      ? arrayCodec(one, ctx.flexible, nullable)
      : nullable
        ? nullableStructCodec(one, path)
        : one
  } else {
    // Array elements are never null; only the array itself may be.
    const one = scalarCodec(base as ScalarType, ctx.flexible, nullable && !isArray, path)
    codec = isArray ? arrayCodec(one, ctx.flexible, nullable) : one
  }
  return {
    name: def.name,
    path,
    kind: tagged ? 'tagged' : present ? 'wire' : 'absent',
    tag: def.tag ?? -1,
    ignorable: def.ignorable === true,
    struct,
    isArray,
    read: codec.read,
    write: codec.write,
    ...defaultsFor(def, base, isArray, struct),
  }
}

interface Codec {
  read: Read
  write: Write
}

function notNull(path: string): never {
  throw new ProtocolError(`${path} is not nullable in this version but got null`)
}

function scalarCodec(type: ScalarType, flexible: boolean, nullable: boolean, path: string): Codec {
  switch (type) {
    case 'bool':
      return { read: (r) => r.readBoolean(path), write: (w, v) => w.writeBoolean(v) }
    case 'int8':
      return { read: (r) => r.readInt8(path), write: (w, v) => w.writeInt8(v) }
    case 'int16':
      return { read: (r) => r.readInt16(path), write: (w, v) => w.writeInt16(v) }
    case 'uint16':
      return { read: (r) => r.readUInt16(path), write: (w, v) => w.writeUInt16(v) }
    case 'int32':
      return { read: (r) => r.readInt32(path), write: (w, v) => w.writeInt32(v) }
    case 'uint32':
      return { read: (r) => r.readUInt32(path), write: (w, v) => w.writeUInt32(v) }
    case 'int64':
      return { read: (r) => r.readInt64(path), write: (w, v) => w.writeInt64(v) }
    case 'float64':
      return { read: (r) => r.readFloat64(path), write: (w, v) => w.writeFloat64(v) }
    case 'uuid':
      return { read: (r) => r.readUUID(path), write: (w, v) => w.writeUUID(v) }
    case 'string':
      if (flexible) {
        return nullable
          ? {
              read: (r) => r.readCompactNullableString(path),
              write: (w, v) => w.writeCompactNullableString(v),
            }
          : {
              read: (r) => r.readCompactString(path),
              write: (w, v) => w.writeCompactString(v ?? notNull(path)),
            }
      }
      return nullable
        ? { read: (r) => r.readNullableString(path), write: (w, v) => w.writeNullableString(v) }
        : { read: (r) => r.readString(path), write: (w, v) => w.writeString(v ?? notNull(path)) }
    case 'bytes':
    case 'records':
      if (flexible) {
        return nullable
          ? { read: (r) => r.readCompactNullableBytes(path), write: (w, v) => w.writeCompactNullableBytes(v) }
          : {
              read: (r) => r.readCompactBytes(path),
              write: (w, v) => w.writeCompactBytes(v ?? notNull(path)),
            }
      }
      return nullable
        ? { read: (r) => r.readNullableBytes(path), write: (w, v) => w.writeNullableBytes(v) }
        : { read: (r) => r.readBytes(path), write: (w, v) => w.writeBytes(v ?? notNull(path)) }
    default:
      throw new ProtocolError(`Schema error: ${path} has unknown type '${type satisfies never}'`)
  }
}

function arrayCodec(item: Codec, flexible: boolean, nullable: boolean): Codec {
  const { read, write } = item
  const writeItem = (w: Writer, v: unknown) => write(w, v)
  if (flexible) {
    return nullable
      ? {
          read: (r) => r.readCompactNullableArray(read),
          write: (w, v) => w.writeCompactNullableArray(v, writeItem),
        }
      : { read: (r) => r.readCompactArray(read), write: (w, v) => w.writeCompactArray(v, writeItem) }
  }
  return nullable
    ? { read: (r) => r.readNullableArray(read), write: (w, v) => w.writeNullableArray(v, writeItem) }
    : { read: (r) => r.readArray(read), write: (w, v) => w.writeArray(v, writeItem) }
}

/** A nullable struct is preceded by an int8: -1 for null, 1 for present. */
function nullableStructCodec(item: Codec, path: string): Codec {
  return {
    read: (r) => (r.readInt8(path) < 0 ? null : item.read(r)),
    write: (w, v) => {
      if (v === null) w.writeInt8(-1)
      else item.write(w.writeInt8(1), v)
    },
  }
}

function structCodec(plan: StructPlan): Codec {
  return { read: (r) => decodeStruct(plan, r), write: (w, v) => encodeStruct(plan, w, v) }
}

type Defaults = Pick<FieldPlan, 'makeDefault' | 'defaultValue' | 'isDefault'>

const EMPTY = Buffer.alloc(0)
const ZEROS: Record<ScalarType, unknown> = {
  bool: false,
  int8: 0,
  int16: 0,
  uint16: 0,
  int32: 0,
  uint32: 0,
  int64: 0n,
  float64: 0,
  string: '',
  bytes: EMPTY,
  records: null,
  uuid: ZERO_UUID,
}

function defaultsFor(
  def: FieldDef,
  base: ScalarType | 'struct',
  isArray: boolean,
  struct: StructPlan | undefined,
): Defaults {
  if (isArray) {
    if (def.default === null)
      return { makeDefault: () => null, defaultValue: null, isDefault: (v) => v === null }
    return {
      makeDefault: () => [],
      defaultValue: Object.freeze([]),
      isDefault: (v) => Array.isArray(v) && v.length === 0,
    }
  }
  if (struct) {
    if (def.default === null)
      return { makeDefault: () => null, defaultValue: null, isDefault: (v) => v === null }
    const makeDefault = () => defaultStruct(struct)
    return {
      makeDefault,
      defaultValue: Object.freeze(makeDefault()),
      isDefault: (v) => isDefaultStruct(struct, v),
    }
  }
  const type = base as ScalarType
  let d: unknown = def.default === undefined ? ZEROS[type] : def.default
  if (type === 'int64' && typeof d === 'number') d = BigInt(d)
  if (type === 'bytes' || type === 'records') {
    return {
      makeDefault: () => d,
      defaultValue: d,
      isDefault: d === null ? (v) => v === null : (v) => v instanceof Uint8Array && v.length === 0,
    }
  }
  return { makeDefault: () => d, defaultValue: d, isDefault: (v) => v === d }
}

function defaultStruct(plan: StructPlan): Record<string, unknown> {
  const obj: Record<string, unknown> = {}
  for (const f of plan.fields) obj[f.name] = f.makeDefault()
  return obj
}

function isDefaultStruct(plan: StructPlan, v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false
  const obj = v as Record<string, unknown>
  for (const f of plan.fields) {
    if (f.kind === 'absent') continue
    const x = obj[f.name]
    if (x !== undefined && !f.isDefault(x)) return false
  }
  return true
}

function fieldError(err: unknown, path: string): ProtocolError {
  if (err instanceof ProtocolError) return err
  const reason = err instanceof Error ? err.message : String(err)
  return new ProtocolError(`Cannot encode ${path}: ${reason}`, { cause: err })
}

/** Reads one struct (and its tagged-field section in flexible versions). */
export function decodeStruct(plan: StructPlan, r: Reader): Record<string, unknown> {
  const obj: Record<string, unknown> = {}
  const fields = plan.fields
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!
    obj[f.name] = f.kind === 'wire' ? f.read(r) : f.makeDefault()
  }
  if (plan.flexible) readTagged(plan, r, obj)
  return obj
}

function readTagged(plan: StructPlan, r: Reader, obj: Record<string, unknown>): void {
  const what = `${plan.path} tagged fields`
  const count = r.readUnsignedVarInt(what)
  for (let i = 0; i < count; i++) {
    const tag = r.readUnsignedVarInt(what)
    const size = r.readUnsignedVarInt(what)
    const data = r.readRaw(size, what)
    const f = plan.byTag.get(tag)
    // Unknown tags are skipped: that is what makes tagged fields safe to add in any version.
    if (f) obj[f.name] = f.read(new Reader(data))
  }
}

/** Writes one struct (and its tagged-field section in flexible versions). */
export function encodeStruct(plan: StructPlan, w: Writer, value: unknown): void {
  const obj = (value ?? EMPTY_OBJECT) as Record<string, unknown>
  const fields = plan.wire
  let i = 0
  try {
    for (; i < fields.length; i++) {
      const f = fields[i]!
      const v = obj[f.name]
      f.write(w, v === undefined ? f.defaultValue : v)
    }
  } catch (err) {
    throw fieldError(err, fields[i]!.path)
  }
  if (plan.flexible) writeTagged(plan, w, obj)
}

const EMPTY_OBJECT = Object.freeze({})

function writeTagged(plan: StructPlan, w: Writer, obj: Record<string, unknown>): void {
  const send: FieldPlan[] = []
  for (const f of plan.tagged) {
    const v = obj[f.name]
    // Like Kafka, a tagged field at its default value is not sent at all.
    if (v !== undefined && !f.isDefault(v)) send.push(f)
  }
  w.writeUnsignedVarInt(send.length)
  for (const f of send) {
    const tmp = new Writer(64)
    try {
      f.write(tmp, obj[f.name])
    } catch (err) {
      throw fieldError(err, f.path)
    }
    const data = tmp.toBuffer()
    w.writeUnsignedVarInt(f.tag).writeUnsignedVarInt(data.length).writeRaw(data)
  }
}

/**
 * Throws if `value` sets a field that `plan`'s version cannot carry and that is not ignorable —
 * the check Kafka's generated code makes, useful to catch a handler answering an old client with
 * data it will never see.
 */
export function assertEncodable(plan: StructPlan, value: unknown, version: number): void {
  if (value === null || typeof value !== 'object') return
  const obj = value as Record<string, unknown>
  for (const f of plan.fields) {
    const v = obj[f.name]
    if (v === undefined) continue
    if (f.kind === 'absent') {
      if (!f.ignorable && !f.isDefault(v)) {
        throw new ProtocolError(`${f.path} cannot be sent in version ${version} and is not ignorable`)
      }
    } else if (f.struct) {
      if (f.isArray && Array.isArray(v)) for (const item of v) assertEncodable(f.struct, item, version)
      else if (!f.isArray) assertEncodable(f.struct, v, version)
    }
  }
}
