/**
 * Small helpers shared by the handler files: the versions Kafka 4.4 advertises for a key, the
 * authorized-operations bit fields, and the Kafka error code for a storage failure.
 */
import { ErrorCodes, SUPPORTED_VERSIONS } from '@spool/protocol'
import { internalError } from '../errors.ts'
import { LogError, LogErrorCodes } from '../log/errors.ts'
import { errorResponse } from '../server/error-responses.ts'
import type { Handler } from './types.ts'

/** The version range Apache Kafka 4.4 advertises for `apiKey` (what ApiVersions lists). */
export function kafkaVersions(apiKey: number): { readonly min: number; readonly max: number } {
  const v = (SUPPORTED_VERSIONS as Record<number, (typeof SUPPORTED_VERSIONS)[0] | undefined>)[apiKey]
  if (v === undefined) throw internalError(`No protocol schema for API key ${apiKey}`)
  return Object.freeze({ min: v.advertisedMin, max: v.advertisedMax })
}

// Kafka's AclOperation codes, as bit positions of the authorized-operations fields.
const bits = (...ops: number[]) => ops.reduce((acc, op) => acc | (1 << op), 0)
const READ = 3
const WRITE = 4
const CREATE = 5
const DELETE = 6
const ALTER = 7
const DESCRIBE = 8
const CLUSTER_ACTION = 9
const DESCRIBE_CONFIGS = 10
const ALTER_CONFIGS = 11
const IDEMPOTENT_WRITE = 12

/** Every topic operation: there are no ACLs, everything is allowed. */
export const TOPIC_OPERATIONS = bits(
  READ,
  WRITE,
  CREATE,
  DELETE,
  ALTER,
  DESCRIBE,
  DESCRIBE_CONFIGS,
  ALTER_CONFIGS,
)
/** Every cluster operation. */
export const CLUSTER_OPERATIONS = bits(
  CREATE,
  ALTER,
  DESCRIBE,
  CLUSTER_ACTION,
  DESCRIBE_CONFIGS,
  ALTER_CONFIGS,
  IDEMPOTENT_WRITE,
)

/** The error code to answer for a failure of partition storage. */
export function storageErrorCode(e: unknown): number {
  if (e instanceof LogError) {
    switch (e.code) {
      case LogErrorCodes.OFFSET_OUT_OF_RANGE:
        return ErrorCodes.OFFSET_OUT_OF_RANGE
      case LogErrorCodes.RECORD_TOO_LARGE:
        return ErrorCodes.MESSAGE_TOO_LARGE
      case LogErrorCodes.INVALID_RECORD:
        return ErrorCodes.CORRUPT_MESSAGE
      case LogErrorCodes.LOG_CLOSED:
        // The topic was deleted (or the broker is stopping) while the request ran: retriable.
        return ErrorCodes.NOT_LEADER_OR_FOLLOWER
      case LogErrorCodes.STORAGE:
        return ErrorCodes.KAFKA_STORAGE_ERROR
    }
  }
  return ErrorCodes.UNKNOWN_SERVER_ERROR
}

/**
 * A handler for a transaction API: transactions are not supported, so every request is answered
 * with TRANSACTIONAL_ID_AUTHORIZATION_FAILED where the API reports errors (never a dropped
 * connection). Clients reach these only after InitProducerId with a transactional id, which already
 * fails the same way.
 */
export function refusingTransactions(apiKey: number, name: string): Handler {
  return {
    apiKey,
    name,
    versions: kafkaVersions(apiKey),
    handle: ({ request, version }) => ({
      throttleTimeMs: 0,
      ...errorResponse(apiKey, version, request, ErrorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED),
    }),
  }
}
