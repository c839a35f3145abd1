/**
 * Fans consumed events out to stream clients. Each event is serialized once and written to every
 * client whose filter matches. A client's memory is bounded: when more than `maxBufferedBytes`
 * wait to be sent to it, it is closed as a slow consumer instead of buffering without end.
 */
import { randomBytes } from 'node:crypto'
import type { Bus } from '@spool/bus'
import type { FastifyBaseLogger } from 'fastify'
import { Counter, Gauge, type Registry } from 'prom-client'
import type { StreamOptions } from '../options.ts'
import { matches } from './filter.ts'
import { type CloseCode, closeCodes, readyFrame, type StreamFilter } from './protocol.ts'
import { type StreamedEvent, StreamSource } from './source.ts'

/** One connected client, whatever the transport. */
export interface Subscriber {
  filter: StreamFilter
  /** Writes one JSON frame. */
  send(frame: string): void
  /** Bytes written but not yet handed to the network. */
  buffered(): number
  /** Sends an error frame / close code and ends the connection. */
  close(code: CloseCode, reason: string): void
}

/**
 * Fans consumed catalog events out to the WebSocket and SSE stream clients, each through its filter.
 * A client with more than `maxBufferedBytes` waiting is closed as a slow consumer. The gateway
 * makes one unless `stream` is false: `app.gateway.hub`.
 *
 * @example
 * const app = createGateway({ bus }) // the stream is on unless `stream: false`
 * await app.ready()
 * const { state, clients } = app.gateway.hub!.status() // 'idle' until the first client, 0
 */
export class StreamHub {
  readonly group: string
  readonly options: Readonly<StreamOptions>
  /** The consumer feeding the hub. @internal */
  readonly source: StreamSource
  #subscribers = new Set<Subscriber>()
  #log: FastifyBaseLogger
  #closed = false
  #metrics: { clients: Gauge; frames: Counter; closed: Counter<'reason'> }

  constructor(bus: Bus, options: Readonly<StreamOptions>, log: FastifyBaseLogger) {
    this.options = options
    this.group = options.group ?? `${bus.options.clientId}-gateway-${randomBytes(4).toString('hex')}`
    this.#log = log
    this.source = new StreamSource(bus, this.group, bus.catalog?.topics() ?? [], log, (e) => this.dispatch(e))
    this.#metrics = hubMetrics(bus.metrics.registry)
  }

  /** Connected stream clients. */
  get size(): number {
    return this.#subscribers.size
  }

  /** The stream's consumer group, its state, the topics it reads and the client count. */
  status(): { enabled: true; group: string; state: string; clients: number; topics: readonly string[] } {
    return {
      enabled: true,
      group: this.group,
      state: this.source.state,
      clients: this.size,
      topics: this.source.topics,
    }
  }

  /**
   * Registers a client and sends it `ready` once events flow. False (and the client closed) when
   * the gateway is full or the source cannot start.
   */
  async subscribe(subscriber: Subscriber): Promise<boolean> {
    if (this.#closed) {
      subscriber.close(closeCodes.goingAway, 'the gateway is shutting down')
      return false
    }
    if (this.#subscribers.size >= this.options.maxClients) {
      this.#metrics.closed.inc({ reason: 'capacity' })
      subscriber.close(
        closeCodes.tryAgainLater,
        `the gateway serves at most ${this.options.maxClients} stream clients`,
      )
      return false
    }
    this.#subscribers.add(subscriber)
    this.#metrics.clients.set(this.#subscribers.size)
    try {
      await this.source.start()
    } catch (error) {
      this.#log.warn({ err: error }, 'live stream source failed to start')
      this.drop(subscriber, closeCodes.sourceFailed, 'the stream could not start reading Kafka; retry later')
      return false
    }
    if (!this.#subscribers.has(subscriber)) return false
    subscriber.send(readyFrame(this.group, subscriber.filter))
    return true
  }

  /** Replaces a client's filter and confirms it with a new `ready`. */
  refilter(subscriber: Subscriber, filter: StreamFilter): void {
    subscriber.filter = filter
    if (this.#subscribers.has(subscriber)) subscriber.send(readyFrame(this.group, filter))
  }

  /** Forgets a client that went away (its connection is already closed). */
  unsubscribe(subscriber: Subscriber): void {
    if (this.#subscribers.delete(subscriber)) this.#metrics.clients.set(this.#subscribers.size)
  }

  /** Closes a client with a code and forgets it. */
  drop(subscriber: Subscriber, code: CloseCode, reason: string): void {
    this.unsubscribe(subscriber)
    this.#metrics.closed.inc({ reason: String(code) })
    subscriber.close(code, reason)
  }

  /** Sends one consumed event to every client whose filter matches it. */
  dispatch({ topic, partition, offset, event }: StreamedEvent): void {
    if (this.#subscribers.size === 0) return
    let frame: string | undefined
    for (const subscriber of this.#subscribers) {
      if (!matches(subscriber.filter, event.type, event.subject)) continue
      frame ??= JSON.stringify({ type: 'event', topic, partition, offset: String(offset), event })
      if (subscriber.buffered() + frame.length > this.options.maxBufferedBytes) {
        this.drop(
          subscriber,
          closeCodes.slowConsumer,
          `slow consumer: more than ${this.options.maxBufferedBytes} bytes waited to be sent`,
        )
        continue
      }
      subscriber.send(frame)
      this.#metrics.frames.inc()
    }
  }

  /** Starts consuming now rather than on the first client (`stream.start: 'eager'`). */
  async start(): Promise<void> {
    await this.source.start()
  }

  /** Closes every client ("going away") and stops consuming. */
  async close(): Promise<void> {
    this.#closed = true
    for (const s of [...this.#subscribers]) this.drop(s, closeCodes.goingAway, 'the gateway is shutting down')
    await this.source.stop()
  }
}

function hubMetrics(registry: Registry) {
  const registers = [registry]
  const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined
  return {
    clients:
      existing<Gauge>('spool_gateway_stream_clients') ??
      new Gauge({ name: 'spool_gateway_stream_clients', help: 'Connected live-stream clients', registers }),
    frames:
      existing<Counter>('spool_gateway_stream_events_total') ??
      new Counter({
        name: 'spool_gateway_stream_events_total',
        help: 'Events written to stream clients',
        registers,
      }),
    closed:
      existing<Counter<'reason'>>('spool_gateway_stream_closed_total') ??
      new Counter({
        name: 'spool_gateway_stream_closed_total',
        help: 'Stream clients closed by the gateway, by close code',
        labelNames: ['reason'],
        registers,
      }),
  }
}
