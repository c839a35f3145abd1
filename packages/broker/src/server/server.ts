/**
 * The TCP (or TLS) listener and the registry of open connections, so that a stop can refuse new
 * connections, let each connection finish the request it is handling, and close them all.
 */
import net from 'node:net'
import type { Logger } from 'pino'
import { BrokerErrorCodes, SpoolBrokerError } from '../errors.ts'
import type { TlsOptions } from '../options.ts'
import { Connection, type ConnectionOptions } from './connection.ts'
import type { Dispatcher } from './dispatch.ts'

export interface ServerOptions extends ConnectionOptions {
  readonly host: string
  readonly port: number
  readonly tls: TlsOptions | undefined
}

/**
 * @example
 * const server = new BrokerServer(dispatcher, options, logger)
 * const port = await server.listen()
 * await server.close(5000)
 */
export class BrokerServer {
  readonly #server: net.Server
  readonly #dispatcher: Dispatcher
  readonly #options: ServerOptions
  readonly #logger: Logger
  readonly #connections = new Set<Connection>()
  #nextId = 1

  constructor(dispatcher: Dispatcher, options: ServerOptions, logger: Logger) {
    this.#dispatcher = dispatcher
    this.#options = options
    this.#logger = logger
    const onSocket = (socket: net.Socket) => this.#accept(socket)
    if (options.tls !== undefined) {
      const t = options.tls
      // node:tls loads only when TLS is on (a few MB a plaintext broker does not need).
      this.#server = process.getBuiltinModule('node:tls').createServer(
        {
          key: t.key,
          cert: t.cert,
          ca: t.ca,
          requestCert: t.requestCert ?? false,
          rejectUnauthorized: t.requestCert ?? false,
        },
        onSocket,
      )
      this.#server.on('tlsClientError', (err) =>
        this.#logger.debug({ err: err.message }, 'TLS handshake failed'),
      )
    } else {
      this.#server = net.createServer(onSocket)
    }
  }

  /** Open connections (for stats and tests). */
  get connections(): number {
    return this.#connections.size
  }

  #accept(socket: net.Socket): void {
    const id = this.#nextId++
    const conn = new Connection(id, socket, this.#dispatcher, this.#options, this.#logger)
    this.#connections.add(conn)
    this.#logger.debug({ conn: id, remote: socket.remoteAddress }, 'connection opened')
    socket.on('close', () => {
      this.#connections.delete(conn)
      this.#logger.debug({ conn: id }, 'connection closed')
    })
  }

  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        reject(
          new SpoolBrokerError(
            BrokerErrorCodes.LISTEN,
            `Cannot listen on ${this.#options.host}:${this.#options.port}: ${err.message}`,
            {
              cause: err,
              retryable: err.code === 'EADDRINUSE',
            },
          ),
        )
      }
      this.#server.once('error', onError)
      this.#server.listen({ host: this.#options.host, port: this.#options.port }, () => {
        this.#server.off('error', onError)
        this.#server.on('error', (err) => this.#logger.error({ err }, 'listener error'))
        resolve((this.#server.address() as net.AddressInfo).port)
      })
    })
  }

  /** Stops accepting connections and stops reading from open ones; waits for in-flight requests. */
  async quiesce(graceMs: number): Promise<void> {
    this.#server.close()
    const drained = Promise.all([...this.#connections].map((c) => c.drain()))
    let timer: NodeJS.Timeout | undefined
    await Promise.race([drained, new Promise((r) => (timer = setTimeout(r, graceMs)))])
    clearTimeout(timer)
  }

  /** Closes every connection (flushing what was written) and the listener. */
  async close(): Promise<void> {
    const closing = [...this.#connections].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.socket.destroyed) return resolve()
          c.socket.once('close', () => resolve())
          c.end()
          // A peer that never reads or closes must not hold the stop forever.
          setTimeout(() => c.destroy(), 1000).unref()
        }),
    )
    await Promise.all(closing)
    await new Promise<void>((resolve) => {
      if (!this.#server.listening) return resolve()
      this.#server.close(() => resolve())
    })
  }
}
