/**
 * @spool/gateway — the HTTP face of a Spool service: publish validated events, read the catalog,
 * control consumers, administer topics and groups, redrive dead letters, stream consumed events
 * to browsers (WebSocket / SSE), health, Prometheus metrics and an OpenAPI document.
 *
 * @packageDocumentation
 *
 * @example
 * import { createBus, busOptionsFromEnv } from '@spool/bus'
 * import { createGateway } from '@spool/gateway'
 * const bus = createBus({ ...busOptionsFromEnv(), catalog: [MissionCompleted] })
 * const gateway = createGateway({ bus })
 * console.log(await gateway.gateway.start()) // http://127.0.0.1:3000
 */
// First: on a Node.js older than Spool supports, this throws SPOOL_ERR_UNSUPPORTED naming the versions.
import '@spool/errors'

export { createGateway, type Gateway, type GatewayDecorations } from './app.ts'
export { gatewayOptionsFromEnv } from './env.ts'
export {
  type ErrorBody,
  GatewayConfigError,
  GatewayError,
  type GatewayErrorOptions,
  type Issue,
  toHttpError,
} from './errors.ts'
export { allows, type RouteRole } from './http/auth.ts'
export { bigintAsString } from './http/json.ts'
export {
  type ApiKey,
  type AuthOptions,
  apiKeySchema,
  authSchema,
  defaultGatewayOptions,
  defaultRateLimitOptions,
  defaultStreamOptions,
  type GatewayInput,
  type GatewayOptions,
  gatewayOptionsSchema,
  type RateLimitOptions,
  type Role,
  rateLimitSchema,
  resolveGatewayOptions,
  roles,
  type StreamOptions,
  streamSchema,
} from './options.ts'
export { describeCatalog, type PublishBody } from './routes/events.ts'
export { type FilterInput, type FilterRules, parseFilter, StreamFilterError } from './stream/filter.ts'
export { StreamHub, type Subscriber } from './stream/hub.ts'
export { type CloseCode, closeCodes, type StreamFilter as ParsedStreamFilter } from './stream/protocol.ts'
export type { StreamedEvent } from './stream/source.ts'
