/**
 * Every `SPOOL_ERR_*` code any Spool package raises: what it means, what to do about it, and
 * whether retrying the same call can succeed. The README's error table is generated from this
 * one (`node scripts/errors-table.ts`), and a test checks that every code thrown anywhere is here.
 *
 * One problem, one code, in every package: a bad option is `SPOOL_ERR_INVALID_OPTION` whether the
 * bus, the broker, the gateway, the NestJS module or the CLI reads it. `retryable` is the default
 * of an error with the code; an error may say otherwise (a lost database connection is a
 * retryable `SPOOL_ERR_IDEMPOTENCY_STORE`, a refused query is not).
 */

export interface ErrorCodeInfo {
  /** What happened. */
  readonly meaning: string
  /** What the user should do. */
  readonly action: string
  /** Whether retrying the same operation, unchanged, can succeed. */
  readonly retryable: boolean
}

export const errorCodes = {
  // What the caller passed.
  SPOOL_ERR_INVALID_OPTION: {
    meaning:
      'An option, a CLI flag or an environment variable is missing, unknown or has a wrong value; the message names it.',
    action: 'Fix the option the message names (a near-miss key comes with a suggestion).',
    retryable: false,
  },
  SPOOL_ERR_INVALID_ARGUMENT: {
    meaning:
      'A value given to an operation (a topic or group name, a partition, an offset, a record, a filter, an HTTP request parameter) is malformed or out of range; `details.property` names it.',
    action: 'Fix the value the message names.',
    retryable: false,
  },
  SPOOL_ERR_VALIDATION: {
    meaning:
      "Event data (or an HTTP request's body, query or path) does not match its schema; `issues` lists every problem with its path.",
    action:
      'Fix the data at the paths in `issues`. A consumer sends such an event straight to the dead letters.',
    retryable: false,
  },
  SPOOL_ERR_BAD_JSON: {
    meaning:
      'An HTTP request body is not JSON: malformed, empty with a JSON content type, or not valid UTF-8.',
    action: 'Send a UTF-8 JSON body.',
    retryable: false,
  },
  SPOOL_ERR_DEFINITION: {
    meaning:
      'An event definition or a catalog is wrong (a bad type or topic name, a schema that is not a Standard Schema, a type defined twice); the message names the property.',
    action: 'Fix the definition given to `defineEvent` or `createCatalog`.',
    retryable: false,
  },
  SPOOL_ERR_UNKNOWN_EVENT: {
    meaning: 'An event type is not in the catalog; the message lists the known types.',
    action: 'Fix the type name, or add its definition to the catalog.',
    retryable: false,
  },
  SPOOL_ERR_ASYNC_SCHEMA: {
    meaning:
      'A schema validates asynchronously where only a synchronous result can be used (`encodeEventSync`, `catalog.parseSync`).',
    action: 'Call the async variant, or use a synchronous schema.',
    retryable: false,
  },
  SPOOL_ERR_DECODE: {
    meaning:
      'A Kafka record is not a CloudEvent the catalog can read (not JSON, a required attribute missing, a wrong specversion).',
    action: 'Fix its producer. A consumer sends the record to the dead letters; `spool dlq list` shows it.',
    retryable: false,
  },
  // Handlers.
  SPOOL_ERR_HANDLER: {
    meaning:
      'A handler cannot be registered: two handlers of one consumer group claim the same event type or topic, a group has no handler, handlers of one group disagree on its options, or a NestJS handler is not a usable method.',
    action: 'Register one handler per event type (or topic) and group, before the group starts.',
    retryable: false,
  },
  SPOOL_ERR_HANDLER_FAILED: {
    meaning:
      'A NestJS microservice handler failed with a value that is not an `Error`; the value is the `cause`.',
    action:
      'Nothing, if it is a passing failure: the event is retried. Throw `Error`s from handlers to keep their message.',
    retryable: true,
  },
  SPOOL_ERR_NON_RETRYABLE: {
    meaning: 'A handler threw `NonRetryableError`: retrying cannot help (bad data, a business rule).',
    action: 'The event went to the dead letters: fix the cause, then redrive it (`spool dlq redrive`).',
    retryable: false,
  },
  // Kafka.
  SPOOL_ERR_KAFKA_UNAVAILABLE: {
    meaning:
      'Kafka could not be reached (connection refused or lost, no answer, no coordinator), or, in the test harness, real Kafka cannot run on this machine (no `java` or `mvn`).',
    action:
      'Check that Kafka runs and is reachable at the configured brokers, with the right TLS and SASL settings. Publishing with `offline: "spool"` keeps events meanwhile.',
    retryable: true,
  },
  SPOOL_ERR_KAFKA_AUTH: {
    meaning:
      'Kafka refused to authenticate the client: wrong SASL user or password, or a mechanism the cluster does not enable; the message names the mechanism and the user.',
    action:
      'Check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or the `sasl` option) against the users and mechanisms the cluster has.',
    retryable: false,
  },
  SPOOL_ERR_TIMEOUT: {
    meaning: 'An operation did not finish within its deadline.',
    action:
      'Check that Kafka is reachable and not overloaded, then retry; raise the timeout if the operation is slow by nature.',
    retryable: true,
  },
  SPOOL_ERR_PUBLISH: {
    meaning:
      'Kafka refused to store a published record for a reason other than connectivity (e.g. `MESSAGE_TOO_LARGE`); `details.kafkaError` names its error.',
    action: "Fix what Kafka's error names (the record's size, the topic's configuration, permissions).",
    retryable: false,
  },
  SPOOL_ERR_KAFKA_REQUEST: {
    meaning:
      "Kafka answered a request with an error other than not-found, conflict or a bad argument; the message names Kafka's error and `cause` is the Kafka client's error.",
    action:
      "Retry when `retryable` is true (Kafka marks the error retriable); otherwise fix what Kafka's error names.",
    retryable: false,
  },
  SPOOL_ERR_NOT_FOUND: {
    meaning:
      'A topic, consumer group, partition, dead letter or HTTP route does not exist; `details` names it.',
    action: 'Check the name, or create the resource first (`spool topics create`).',
    retryable: false,
  },
  SPOOL_ERR_CONFLICT: {
    meaning:
      'The operation conflicts with the cluster: the topic already exists, or the consumer group has active members.',
    action: "Use the existing topic, or stop the group's consumers first.",
    retryable: false,
  },
  SPOOL_ERR_STATE: {
    meaning:
      'An object was used in a state that does not allow the call: a bus, consumer, admin client, idempotency store, partition log or broker that is closed, stopping or not started.',
    action: 'Call it between start and close; a closed object is not reopened: create a new one.',
    retryable: false,
  },
  SPOOL_ERR_UNSUPPORTED: {
    meaning:
      'Something this version of Spool does not support was asked for: an older Node.js (Spool needs 22.12 or newer), or a NestJS API that has no meaning for Kafka events (`ClientProxy.send`: request-response).',
    action:
      'Read the message: it names what is unsupported. Upgrade Node.js to 22.12+; use `emit()` instead of `send()`: events are one-way.',
    retryable: false,
  },
  SPOOL_ERR_IDEMPOTENCY_STORE: {
    meaning:
      "An idempotency store could not do what was asked: its database failed or was unreachable, or the memory store is full; `details.store` names it. A consumer also reports an event another worker held for longer than `idempotencyBusyWait` (`details.store: 'consumer'`).",
    action:
      "Check the store's database. When `retryable` is true (a lost connection, a lock) the event is retried and the failure clears by itself.",
    retryable: false,
  },
  // HTTP gateway.
  SPOOL_ERR_UNAUTHORIZED: {
    meaning: 'An HTTP request carries no API key, or an unknown one (gateway auth on).',
    action: 'Send a valid key in the `x-api-key` header (`apiKey` query parameter for streams).',
    retryable: false,
  },
  SPOOL_ERR_FORBIDDEN: {
    meaning: "The API key lacks the route's role, or a stream filter reaches outside the key's subject.",
    action: 'Use a key with the role the message names, or narrow the filter.',
    retryable: false,
  },
  SPOOL_ERR_PAYLOAD_TOO_LARGE: {
    meaning: "An HTTP request body is larger than the gateway's `bodyLimit`.",
    action: 'Send a smaller body, or raise `bodyLimit`.',
    retryable: false,
  },
  SPOOL_ERR_UNSUPPORTED_MEDIA_TYPE: {
    meaning: 'An HTTP request body has a content type other than `application/json`.',
    action: 'Send `content-type: application/json`.',
    retryable: false,
  },
  SPOOL_ERR_RATE_LIMITED: {
    meaning: "An API key (or client address) went past the gateway's publish rate limit.",
    action: 'Wait the seconds of the `retry-after` header, then retry.',
    retryable: true,
  },
  SPOOL_ERR_NOT_READY: {
    meaning: "The gateway's readiness check is down: Kafka is unreachable, or a consumer group failed.",
    action: "Look at the response's `data` (broker, consumers) and fix Kafka or the failing group.",
    retryable: true,
  },
  SPOOL_ERR_INTERNAL: {
    meaning:
      'An unexpected failure: a bug in Spool, or an error it does not recognise. HTTP clients get a generic message; the log has the detail.',
    action: 'Report it with the log (the error, its `cause` and stack).',
    retryable: false,
  },
  // Embedded broker.
  SPOOL_ERR_LISTEN: {
    meaning: 'The embedded broker could not open its listening socket: the port is in use, or not allowed.',
    action: 'Choose another port (0 picks a free one), or stop what holds it.',
    retryable: false,
  },
  SPOOL_ERR_STORAGE: {
    meaning:
      'The embedded broker could not read or write its data directory (disk full, permissions, an I/O error, a file it cannot read).',
    action:
      'Check the free space and permissions of the data directory. Kafka clients retry a failed partition read or write.',
    retryable: false,
  },
  SPOOL_ERR_OFFSET_OUT_OF_RANGE: {
    meaning:
      'A read or delete asked for an offset the partition does not hold (below its start, deleted by retention, or past its end).',
    action: "Read from the partition's start or end instead; Kafka consumers reset by `auto.offset.reset`.",
    retryable: false,
  },
  SPOOL_ERR_RECORD_TOO_LARGE: {
    meaning: "A record batch is larger than the topic's `max.message.bytes`; nothing of it was stored.",
    action: "Send smaller batches or records, or raise the topic's `max.message.bytes`.",
    retryable: false,
  },
  SPOOL_ERR_CORRUPT_RECORD: {
    meaning:
      'A record batch is malformed: not one whole v2 batch, or its CRC-32C does not match its contents.',
    action:
      'Look at the producer (a client bug, or corruption in transit): the same bytes fail the same way.',
    retryable: false,
  },
  // Kafka protocol.
  SPOOL_ERR_PROTOCOL: {
    meaning:
      'Bytes do not follow the Kafka wire format: malformed, truncated or out of range, or a frame larger than the limit.',
    action:
      'Check that a Kafka client is talking to a Kafka port; the message names the field that could not be read.',
    retryable: false,
  },
  SPOOL_ERR_UNSUPPORTED_VERSION: {
    meaning:
      'A Kafka API or API version has no schema here, or the broker and the client share no version of an API.',
    action: 'Use a client and a broker that share a version of the API the message names.',
    retryable: false,
  },
  SPOOL_ERR_COMPRESSION: {
    meaning: 'A compression codec is unknown, or compressing or decompressing a batch failed.',
    action: 'Use none, gzip, snappy, lz4 or zstd; a batch that fails to decompress is corrupt.',
    retryable: false,
  },
  // Test harness.
  SPOOL_ERR_KAFKA_FETCH: {
    meaning: 'Maven could not fetch the pinned Apache Kafka jars for the test harness.',
    action: 'Check access to Maven Central (or your mirror), then retry.',
    retryable: true,
  },
  SPOOL_ERR_KAFKA_START: {
    meaning:
      'A real Kafka node of the test harness exited, or did not answer in time; the message ends with its log.',
    action: "Read the node's log in the message (ports, memory, the Java version).",
    retryable: false,
  },
  SPOOL_ERR_KAFKA_TOOL: {
    meaning: 'A Kafka command-line tool run by the test harness failed, or ran past its time limit.',
    action: "Read the tool's output in the message.",
    retryable: false,
  },
  SPOOL_ERR_BUILD: {
    meaning: 'The test harness could not compile an example project with `tsc`.',
    action: 'Fix the type errors `tsc` printed in the message.',
    retryable: false,
  },
} as const satisfies Record<`SPOOL_ERR_${string}`, ErrorCodeInfo>

export type ErrorCode = keyof typeof errorCodes

/** Whether a string is a code in the table. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value)
}
