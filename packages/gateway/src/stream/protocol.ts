/**
 * The live stream's wire protocol, shared by WebSocket and SSE. Every frame is one JSON object:
 *
 *   server → client
 *     { "type": "ready", "group": "...", "filter": { "types": [...] | null, "subjects": [...] | null } }
 *     { "type": "event", "topic": "...", "partition": 0, "offset": "42", "event": { CloudEvent } }
 *     { "type": "error", "code": 4400, "message": "..." }            (then the stream closes)
 *   client → server (WebSocket only)
 *     { "type": "filter", "types": [...], "subjects": [...] }         (answered with a new "ready")
 *
 * Close codes (WebSocket; SSE sends the same code in an "error" frame, then ends):
 */
export const closeCodes = Object.freeze({
  /** The gateway is shutting down. */
  goingAway: 1001,
  /** The stream's consumer could not start (Kafka unreachable); reconnect later. */
  sourceFailed: 1011,
  /** Too many stream clients on this gateway; reconnect later. */
  tryAgainLater: 1013,
  /** The filter or a client message is invalid (unknown type, too many values, not JSON). */
  badFilter: 4400,
  /** The filter asks for another user's events than the API key is bound to. */
  forbiddenFilter: 4403,
  /** The client reads too slowly: more than `maxBufferedBytes` waited to be sent. */
  slowConsumer: 4408,
})

export type CloseCode = (typeof closeCodes)[keyof typeof closeCodes]

export interface StreamFilter {
  /** Event types to receive; undefined = every type. */
  types: ReadonlySet<string> | undefined
  /** Subjects (users) to receive; undefined = every subject. */
  subjects: ReadonlySet<string> | undefined
}

export const errorFrame = (code: number, message: string): string =>
  JSON.stringify({ type: 'error', code, message })

export const readyFrame = (group: string | null, filter: StreamFilter): string =>
  JSON.stringify({
    type: 'ready',
    group,
    filter: {
      types: filter.types ? [...filter.types] : null,
      subjects: filter.subjects ? [...filter.subjects] : null,
    },
  })
