/**
 * One client connection. Requests are handled one at a time in arrival order, as Kafka does (it
 * mutes a channel until the response of its current request is sent): a pipelining client gets its
 * responses in order, and a produce followed by a fetch on the same connection sees its own write.
 * Frames that arrive meanwhile queue up; past `maxQueuedRequests`, or while the socket's write
 * buffer is over its high-water mark, the broker stops reading the socket (TCP backpressure).
 */
import type { Socket } from 'node:net'
import type { Logger } from 'pino'
import type { ConnectionInfo } from '../handlers/types.ts'
import { CLOSE, CLOSE_AFTER_RESPONSE, type Dispatcher } from './dispatch.ts'
import { Framer } from './framer.ts'

/** Bytes queued for writing past which the broker stops reading a connection. */
const WRITE_HIGH_WATER = 8 * 1024 * 1024 // 8 MiB

export interface ConnectionOptions {
  readonly maxRequestBytes: number
  readonly maxQueuedRequests: number
  readonly idleMs: number
}

/** The per-connection facts handlers see, kept up to date by the connection. */
class Info implements ConnectionInfo {
  readonly id: number
  readonly remoteAddress: string
  clientId: string | null = null
  principal: string | undefined
  saslMechanism: string | undefined
  readonly state = new Map<string, unknown>()
  constructor(id: number, remoteAddress: string) {
    this.id = id
    this.remoteAddress = remoteAddress
  }
}

export class Connection {
  readonly info: Info
  readonly socket: Socket
  readonly #dispatcher: Dispatcher
  readonly #options: ConnectionOptions
  readonly #logger: Logger
  readonly #framer: Framer
  readonly #queue: Buffer[] = []
  #busy = false
  #closed = false
  #readPaused = false
  #idle: Promise<void> = Promise.resolve()
  #markIdle: () => void = () => {}
  /** Ends a wait for a slow reader to drain (on stop). */
  #release: (() => void) | undefined

  constructor(
    id: number,
    socket: Socket,
    dispatcher: Dispatcher,
    options: ConnectionOptions,
    logger: Logger,
  ) {
    this.info = new Info(id, socket.remoteAddress ?? 'unknown')
    this.socket = socket
    this.#dispatcher = dispatcher
    this.#options = options
    this.#logger = logger
    this.#framer = new Framer(options.maxRequestBytes)
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.#onData(chunk))
    socket.on('drain', () => this.#maybeResume())
    socket.on('error', (err) => this.#logger.debug({ conn: id, err: err.message }, 'socket error'))
    socket.on('close', () => {
      this.#closed = true
      this.#queue.length = 0
    })
    if (options.idleMs > 0) {
      socket.setTimeout(options.idleMs, () => {
        if (this.#busy || this.#queue.length > 0) return
        this.#logger.debug({ conn: id }, 'idle connection closed')
        this.destroy()
      })
    }
  }

  get closed(): boolean {
    return this.#closed
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return
    let frames: Buffer[]
    try {
      frames = this.#framer.push(chunk)
    } catch (e) {
      this.#logger.warn(
        { conn: this.info.id, remote: this.info.remoteAddress, err: (e as Error).message },
        'bad frame: closing the connection',
      )
      this.destroy()
      return
    }
    if (frames.length === 0) return
    this.#queue.push(...frames)
    if (this.#queue.length >= this.#options.maxQueuedRequests) this.#pauseReading()
    if (!this.#busy) void this.#pump()
  }

  async #pump(): Promise<void> {
    this.#busy = true
    this.#idle = new Promise((r) => {
      this.#markIdle = r
    })
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const frame = this.#queue.shift()!
        const out = await this.#dispatcher.dispatch(frame, this.info)
        if (this.#closed) break
        if (out === CLOSE) {
          this.destroy()
          break
        }
        if (out !== null) this.#write(out)
        if (this.info.state.has(CLOSE_AFTER_RESPONSE)) {
          this.end()
          break
        }
        if (this.socket.writableLength > WRITE_HIGH_WATER) {
          // A slow reader: answer nothing more (and read nothing more) until it catches up.
          this.#pauseReading()
          await new Promise<void>((resolve) => {
            const done = () => {
              this.socket.off('drain', done)
              this.socket.off('close', done)
              this.#release = undefined
              resolve()
            }
            this.#release = done
            this.socket.on('drain', done)
            this.socket.on('close', done)
          })
        }
        this.#maybeResume()
      }
    } catch (e) {
      this.#logger.error({ err: e, conn: this.info.id }, 'connection loop failed: closing the connection')
      this.destroy()
    } finally {
      this.#busy = false
      this.#markIdle()
    }
  }

  /** One response frame; its chunks go out in one writev (no copy joins them). */
  #write(out: Buffer | readonly Buffer[]): void {
    if (Buffer.isBuffer(out)) this.socket.write(out)
    else if (out.length === 1) this.socket.write(out[0]!)
    else {
      this.socket.cork()
      for (const chunk of out) this.socket.write(chunk)
      this.socket.uncork()
    }
  }

  #pauseReading(): void {
    if (this.#readPaused) return
    this.#readPaused = true
    this.socket.pause()
  }

  #maybeResume(): void {
    if (!this.#readPaused || this.#closed) return
    if (this.#queue.length >= this.#options.maxQueuedRequests) return
    if (this.socket.writableLength > WRITE_HIGH_WATER) return
    this.#readPaused = false
    this.socket.resume()
  }

  /** Stops reading; resolves when the request being handled (if any) has been answered. */
  async drain(): Promise<void> {
    this.#queue.length = 0
    this.socket.pause()
    // A client that does not read its responses gets no more of them.
    this.#release?.()
    await this.#idle
  }

  /** Flushes what was written, then closes. */
  end(): void {
    this.#closed = true
    this.socket.end()
  }

  destroy(): void {
    this.#closed = true
    this.#queue.length = 0
    this.socket.destroy()
  }
}
