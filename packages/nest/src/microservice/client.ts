/**
 * A Nest `ClientProxy` that publishes through the bus: `client.emit('payment.completed', data)`
 * validates and publishes a catalog event (seed 002's producers), and a pattern outside the
 * catalog is sent as a JSON record to the topic of that name. `send()` (request-response) has no
 * meaning for Kafka events and fails with `SPOOL_ERR_UNSUPPORTED`.
 */
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices'
import { type Bus, createBus, type PublishOptions } from '@spool/bus'
import { UnsupportedError } from '../errors.ts'
import { resolveModuleOptions, transportOptionsSchema } from '../options.ts'
import type { SpoolTransportOptions } from './transport.ts'

/**
 * Event data with publish options (key, headers, id, subject, extensions), for `emit`.
 *
 * @example
 * client.emit(PaymentCompleted.type, new SpoolRecord(payment, { key: payment.userId }))
 */
export class SpoolRecord<T = unknown> {
  readonly data: T
  readonly options: PublishOptions

  constructor(data: T, options: PublishOptions = {}) {
    this.data = data
    this.options = options
  }
}

/**
 * `SpoolModule` provides one bound to its bus (inject `SpoolClient`); or register it with
 * `ClientsModule.register([{ name: 'EVENTS', customClass: SpoolClient, options: { bus } }])`.
 *
 * @example
 * ```ts
 * constructor(private readonly client: SpoolClient) {}
 * async pay(payment: PaymentData) {
 *   await lastValueFrom(this.client.emit(PaymentCompleted.type, payment))
 * }
 * ```
 */
export class SpoolClient extends ClientProxy {
  readonly #bus: Bus
  readonly #ownsBus: boolean

  constructor(options: SpoolTransportOptions = {}) {
    super()
    const resolved = resolveModuleOptions(options, 'SpoolClient', transportOptionsSchema)
    this.#bus = resolved.bus ?? createBus(resolved.busInput)
    this.#ownsBus = resolved.bus === undefined
  }

  /** The bus the client publishes with. */
  get bus(): Bus {
    return this.#bus
  }

  async connect(): Promise<Bus> {
    await this.#bus.connect()
    return this.#bus
  }

  /** Closes the bus when the client made it; a shared bus belongs to its owner. */
  async close(): Promise<void> {
    if (this.#ownsBus) await this.#bus.close()
  }

  unwrap<T>(): T {
    return this.#bus as T
  }

  /** Request-response (`send()`): not supported, since Kafka events have no reply; use `emit()`. */
  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({
      err: new UnsupportedError(
        `send(${this.normalizePattern(packet.pattern)}) asks for a reply; Kafka events have none — use emit()`,
      ),
      isDisposed: true,
    })
    return () => {}
  }

  /**
   * `emit(pattern, data)`: publishes a catalog event when `pattern` is one of its types, else sends
   * `data` as a raw record to the topic named `pattern`.
   */
  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const pattern = this.normalizePattern(packet.pattern)
    const record = packet.data instanceof SpoolRecord ? packet.data : undefined
    const data: unknown = record ? record.data : packet.data
    const options = record?.options ?? {}
    if (this.#bus.catalog?.has(pattern)) {
      return (await this.#bus.publish(pattern, data as never, options)) as T
    }
    const value = typeof data === 'string' || Buffer.isBuffer(data) ? data : JSON.stringify(data)
    return (await this.#bus.sendMessage({
      topic: pattern,
      key: options.key,
      headers: options.headers,
      value,
    })) as T
  }
}
