/**
 * @spool/protocol — a sans-I/O codec for the Kafka wire protocol: primitives, a declarative schema
 * DSL with one generic encoder/decoder, schemas for the APIs a single-node broker serves, request
 * and response framing, record batch v2 (CRC-32C, compression) and Kafka's error codes.
 *
 * @packageDocumentation
 */
// First: on a Node.js older than Spool supports, this throws SPOOL_ERR_UNSUPPORTED naming the versions.
import '@spool/errors'

export { ProtocolError, type ProtocolErrorCode, ProtocolErrorCodes } from './errors.ts'
export {
  ErrorCodes,
  type ErrorName,
  errorByCode,
  isRetriable,
  KAFKA_ERRORS,
  type KafkaErrorInfo,
} from './errors-table.ts'
export {
  type DecodedRequest,
  decodeRequest,
  decodeRequestBody,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  encodeResponseChunks,
  type Unsupported,
} from './framing.ts'
export {
  isFlexible,
  type RequestHeader,
  readRequestHeader,
  readResponseHeader,
  requestHeaderVersion,
  responseHeaderVersion,
  writeRequestHeader,
  writeResponseHeader,
} from './header.ts'
export * from './messages/all.ts'
export { AUTHORIZED_OPERATIONS_OMITTED } from './messages/common.ts'
export {
  APIS,
  type ApiDef,
  type ApiKey,
  ApiKeys,
  apiDef,
  type RequestInput,
  type RequestOf,
  type ResponseInput,
  type ResponseOf,
} from './messages/index.ts'
export { type RawTaggedField, Reader } from './primitives/reader.ts'
export { bytesToUuid, uuidToBytes, ZERO_UUID } from './primitives/uuid.ts'
export { Writer } from './primitives/writer.ts'
export {
  BATCH_HEADER_SIZE,
  BATCH_LOG_OVERHEAD,
  type BatchHeader,
  type BatchInput,
  batchSize,
  decodeRecords,
  encodeBatch,
  readBatchHeader,
  setBaseOffset,
  setLogAppendTime,
  setPartitionLeaderEpoch,
  splitBatches,
  validateBatch,
} from './records/batch.ts'
export {
  Compression,
  type CompressionId,
  type CompressionName,
  compress,
  compressionId,
  compressionName,
  decompress,
} from './records/compression.ts'
export { crc32c } from './records/crc32c.ts'
export type { KafkaRecord, RecordHeader, RecordInput } from './records/record.ts'
export { decodeMessage, type EncodeOptions, encodeMessage } from './schema/codec.ts'
export { compileMessage, type FieldPlan, type StructPlan } from './schema/compile.ts'
export {
  type DeepInput,
  defineFields,
  defineMessage,
  type Element,
  type FieldDef,
  type FieldType,
  type FieldValue,
  type Infer,
  type MessageDef,
  type MessageInput,
  type MessageOf,
  type ScalarType,
  type ScalarTypes,
  type ValueOf,
} from './schema/types.ts'
export { inVersions, parseVersions, type VersionRange } from './schema/versions.ts'
export {
  advertisedApiVersions,
  isSupportedVersion,
  SUPPORTED_VERSIONS,
  type SupportedVersions,
} from './versions.ts'
