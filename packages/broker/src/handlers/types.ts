/**
 * The contract between the broker's connection loop and its request handlers. One handler file per
 * API key (`handlers/03-metadata.ts`, …) exports a `Handler`; `handlers/index.ts` registers them.
 * A handler gets the decoded request body (every field present, see @spool/protocol) and returns the
 * response body; the connection encodes it for the request's version.
 */
import type { RequestHeader } from '@spool/protocol'
import type { Logger } from 'pino'
import type { Authenticator } from '../auth/authenticator.ts'
import type { GroupCoordinator } from '../group/types.ts'
import type { LogStore } from '../log/types.ts'
import type { BrokerOptions } from '../options.ts'
import type { ProducerStateManager } from '../producers/manager.ts'
import type { TopicManager } from '../topics/manager.ts'

/** What a handler knows about the connection it serves. */
export interface ConnectionInfo {
  readonly id: number
  readonly remoteAddress: string
  readonly clientId: string | null
  /** SASL principal once authenticated (undefined when SASL is off or not done yet). */
  principal: string | undefined
  /** SASL mechanism chosen by SaslHandshake, per connection. */
  saslMechanism: string | undefined
  /** Per-connection state a handler may keep (e.g. a SCRAM exchange in progress). */
  readonly state: Map<string, unknown>
}

/** Everything shared across the broker that handlers use. Built by broker.ts. */
export interface BrokerContext {
  readonly nodeId: number
  readonly clusterId: string
  /** The address clients are told to connect to. */
  readonly advertised: { host: string; port: number }
  readonly options: Readonly<BrokerOptions>
  readonly logs: LogStore
  readonly groups: GroupCoordinator
  /** Topic registry (names, ids, partitions, configs) and open partition logs; owned by topics/. */
  readonly topics: TopicManager
  /** Idempotent-producer state (producer ids, epochs, sequences); owned by producers/. */
  readonly producers: ProducerStateManager
  readonly logger: Logger
  /** SASL, when the broker requires authentication. */
  readonly auth: Authenticator | undefined
  /** What ApiVersions lists: every registered handler's key and versions. */
  readonly apiKeys: ReadonlyArray<{ apiKey: number; minVersion: number; maxVersion: number }>
  /** Aborted when the broker stops: long polls answer at once. */
  readonly stopping: AbortSignal
  /** Milliseconds since the epoch; injectable for tests. */
  now(): number
}

/** The broker options handlers read (the full type lives in options.ts). */
export interface BrokerOptionsView {
  readonly autoCreateTopics: boolean
  readonly defaultPartitions: number
  readonly maxMessageBytes: number
  readonly groupInitialRebalanceDelay: number
  readonly groupMinSessionTimeout: number
  readonly groupMaxSessionTimeout: number
}

export interface HandlerCall<Req> {
  readonly request: Req
  readonly header: RequestHeader
  readonly version: number
  readonly connection: ConnectionInfo
  readonly broker: BrokerContext
}

/** A request handler for one API key. */
export interface Handler<Req = any, Res = any> {
  readonly apiKey: number
  readonly name: string
  /** Versions served; ApiVersions advertises exactly these. */
  readonly versions: { readonly min: number; readonly max: number }
  /** False for APIs answered before SASL authentication (ApiVersions, SaslHandshake, SaslAuthenticate). */
  readonly requiresAuth?: boolean
  /** The response body, or NO_RESPONSE for a request Kafka does not answer (Produce with acks=0). */
  handle(call: HandlerCall<Req>): Res | typeof NO_RESPONSE | Promise<Res | typeof NO_RESPONSE>
}

/** Returned by a handler for a request that gets no response (Produce with acks=0). */
export const NO_RESPONSE: unique symbol = Symbol.for('spool.broker.no-response')

/**
 * Thrown by a handler when Kafka would close the connection instead of answering (an acks=0
 * produce that failed, a request before SASL authentication).
 */
export class CloseConnection extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'CloseConnection'
  }
}
