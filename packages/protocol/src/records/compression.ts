/**
 * Record-batch compression codecs (attributes bits 0-2).
 *
 * Dependency choice: gzip and zstd come from node:zlib (zstd is built into Node 24). Snappy and
 * LZ4 come from @platformatic/wasm-utils: one small package whose codecs are WebAssembly shipped
 * inside the package (no native build, no download at install time), maintained by the authors
 * of the Kafka client the bus uses.
 *
 * Snappy framing: the Java client writes snappy-java's "xerial" stream (a 16-byte header, then
 * int32-length-prefixed raw snappy blocks); librdkafka and others write one raw snappy block.
 * Both are read; xerial is written, like Java, because every client can read it.
 * LZ4: the LZ4 frame format (magic 0x184D2204), as Kafka uses for message format v2.
 *
 * Codecs load on first use: the WebAssembly ones are compiled and instantiated when their module
 * is evaluated (about 9 MB of memory), and most clients never send snappy or lz4, so a process
 * that only imports this package (the broker at start-up) does not pay for them.
 */
import { createRequire } from 'node:module'
import { ProtocolError, ProtocolErrorCodes } from '../errors.ts'

type WasmCodecs = typeof import('@platformatic/wasm-utils')
let wasmCodecs: WasmCodecs | undefined
/** Snappy and LZ4 (a synchronous require of the ES module: compress/decompress stay synchronous). */
const wasm = (): WasmCodecs =>
  (wasmCodecs ??= createRequire(import.meta.url)('@platformatic/wasm-utils') as WasmCodecs)
/** gzip and zstd. */
const zlib = () => process.getBuiltinModule('node:zlib')

/** Compression codec ids as stored in a batch's attributes. */
export const Compression = { NONE: 0, GZIP: 1, SNAPPY: 2, LZ4: 3, ZSTD: 4 } as const
export type CompressionId = (typeof Compression)[keyof typeof Compression]
export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd'

const NAMES: readonly CompressionName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']

/** The codec id of a name or id; throws on anything else. */
export function compressionId(codec: CompressionName | number): CompressionId {
  const id = typeof codec === 'number' ? codec : NAMES.indexOf(codec)
  if (!Number.isInteger(id) || id < 0 || id >= NAMES.length) {
    throw new ProtocolError(`Unknown compression codec ${JSON.stringify(codec)}`, {
      code: ProtocolErrorCodes.COMPRESSION,
    })
  }
  return id as CompressionId
}

/** The name of a codec id ('none', 'gzip', …). */
export function compressionName(id: number): CompressionName {
  return NAMES[compressionId(id)]!
}

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00])
const XERIAL_HEADER = Buffer.concat([XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])])
/** snappy-java's default block size (uncompressed bytes per block). */
const XERIAL_BLOCK = 32 * 1024

function xerialCompress(data: Buffer): Buffer {
  const parts: Buffer[] = [XERIAL_HEADER]
  for (let at = 0; at < data.length; at += XERIAL_BLOCK) {
    const block = wasm().snappyCompress(data.subarray(at, Math.min(at + XERIAL_BLOCK, data.length)))
    const len = Buffer.allocUnsafe(4)
    len.writeInt32BE(block.length, 0)
    parts.push(len, block)
  }
  return Buffer.concat(parts)
}

function isXerial(data: Buffer): boolean {
  return data.length >= 16 && data.subarray(0, 8).equals(XERIAL_MAGIC)
}

function xerialDecompress(data: Buffer): Buffer {
  const parts: Buffer[] = []
  for (let at = 16; at < data.length; ) {
    if (at + 4 > data.length) throw truncatedXerial('length')
    const len = data.readInt32BE(at)
    at += 4
    if (len < 0 || at + len > data.length) throw truncatedXerial('data')
    parts.push(wasm().snappyDecompress(data.subarray(at, at + len)))
    at += len
  }
  return Buffer.concat(parts)
}

function truncatedXerial(part: 'length' | 'data'): ProtocolError {
  return new ProtocolError(`Cannot decompress snappy data: truncated xerial block ${part}`, {
    code: ProtocolErrorCodes.COMPRESSION,
  })
}

function run(what: string, codec: number, fn: () => Buffer): Buffer {
  try {
    return fn()
  } catch (err) {
    if (err instanceof ProtocolError) throw err
    const reason = err instanceof Error ? err.message : String(err)
    throw new ProtocolError(`Cannot ${what} ${compressionName(codec)} data: ${reason}`, {
      code: ProtocolErrorCodes.COMPRESSION,
      cause: err,
    })
  }
}

/**
 * Compresses the records section of a batch.
 *
 * @example
 * const packed = compress('zstd', Buffer.from('hello'))
 */
export function compress(codec: CompressionName | number, data: Buffer): Buffer {
  const id = compressionId(codec)
  return run('compress', id, () => {
    switch (id) {
      case Compression.NONE:
        return data
      case Compression.GZIP:
        return zlib().gzipSync(data)
      case Compression.SNAPPY:
        return xerialCompress(data)
      case Compression.LZ4:
        return wasm().lz4Compress(data)
      case Compression.ZSTD:
        return zlib().zstdCompressSync(data)
    }
  })
}

/**
 * Decompresses the records section of a batch.
 *
 * @example
 * decompress('zstd', compress('zstd', data)).equals(data) // true
 */
export function decompress(codec: CompressionName | number, data: Buffer): Buffer {
  const id = compressionId(codec)
  return run('decompress', id, () => {
    switch (id) {
      case Compression.NONE:
        return data
      case Compression.GZIP:
        return zlib().gunzipSync(data)
      case Compression.SNAPPY:
        return isXerial(data) ? xerialDecompress(data) : wasm().snappyDecompress(data)
      case Compression.LZ4:
        return wasm().lz4Decompress(data)
      case Compression.ZSTD:
        return zlib().zstdDecompressSync(data)
    }
  })
}
