/**
 * The gateway's live stream over WebSocket, with reconnection. Frames: `ready` (the filter is
 * active and events flow), `event`, `error` (then the socket closes). Some close codes mean "fix
 * the request" (4400 bad filter, 4403 filter outside the key's subject): those never reconnect.
 * Everything else (restarts, 1013 busy, 1011 Kafka down, 4408 slow reader, network) reconnects
 * with exponential backoff and jitter.
 */
import { getApiKey, toQuery } from './api.js'

const FATAL = new Set([4400, 4403, 1008])
export const closeReasons = {
  1000: 'closed',
  1001: 'the gateway is shutting down',
  1006: 'connection lost',
  1009: 'a message was too large',
  1011: 'the stream could not read Kafka',
  1013: 'the gateway has too many stream clients',
  4400: 'the filter is invalid',
  4403: 'the filter is not allowed for this API key',
  4408: 'this browser read too slowly',
}

/**
 * new LiveStream({ types, subjects, onEvent, onState }).open(); later .setFilter(...), .close().
 * States: connecting, live, reconnecting (with `retryIn` ms), failed (with `reason`), closed.
 */
export class LiveStream {
  constructor({ types = [], subjects = [], onEvent, onState, probe, minDelay = 500, maxDelay = 15_000 }) {
    this.filter = { types, subjects }
    this.probe = probe
    this.everLive = false
    this.onEvent = onEvent
    this.onState = onState
    this.minDelay = minDelay
    this.maxDelay = maxDelay
    this.attempt = 0
    this.socket = null
    this.timer = null
    this.stopped = false
    this.lastError = null
  }

  url() {
    const base = new URL('/api/kafka/stream', location.href)
    base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:'
    const key = getApiKey()
    base.search = toQuery({
      types: this.filter.types.length ? this.filter.types.join(',') : undefined,
      subjects: this.filter.subjects.length ? this.filter.subjects.join(',') : undefined,
      apiKey: key || undefined,
    })
    return base.toString()
  }

  open() {
    this.stopped = false
    clearTimeout(this.timer)
    this.#emit({ state: this.attempt === 0 ? 'connecting' : 'reconnecting', attempt: this.attempt })
    const socket = new WebSocket(this.url())
    this.socket = socket
    socket.onmessage = (message) => this.#frame(message.data)
    socket.onclose = (event) => {
      if (this.socket !== socket) return
      this.socket = null
      if (this.stopped) return this.#emit({ state: 'closed' })
      const reason = this.lastError ?? (event.reason || closeReasons[event.code] || `closed (${event.code})`)
      this.lastError = null
      if (FATAL.has(event.code)) return this.#emit({ state: 'failed', code: event.code, reason })
      void this.#retry(event.code, reason)
    }
  }

  /** Changes the filter in place (the gateway answers with a new `ready`). */
  setFilter({ types = [], subjects = [] }) {
    this.filter = { types, subjects }
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ type: 'filter', types, subjects }))
    } else if (!this.stopped) {
      this.attempt = 0
      this.socket?.close()
      this.socket = null
      this.open()
    }
  }

  close() {
    this.stopped = true
    clearTimeout(this.timer)
    const socket = this.socket
    this.socket = null
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, 'closed by the console')
    this.#emit({ state: 'closed' })
  }

  #frame(data) {
    let frame
    try {
      frame = JSON.parse(data)
    } catch {
      return
    }
    if (frame.type === 'ready') {
      this.attempt = 0
      this.everLive = true
      this.#emit({ state: 'live', filter: frame.filter, group: frame.group })
    } else if (frame.type === 'event') {
      this.onEvent?.(frame)
    } else if (frame.type === 'error') {
      this.lastError = frame.message
    }
  }

  async #retry(code, reason) {
    // A refused upgrade (401/403, 404 with the stream off) looks like a lost connection (1006) to
    // a browser; one HTTP call tells the difference, so a bad key fails instead of retrying forever.
    if (code === 1006 && this.probe) {
      const refused = await this.probe().catch(() => null)
      if (this.stopped) return
      if (refused) return this.#emit({ state: 'failed', code, reason: refused })
    }
    this.attempt += 1
    const backoff = Math.min(this.maxDelay, this.minDelay * 2 ** (this.attempt - 1))
    const delay = Math.round(backoff / 2 + Math.random() * (backoff / 2))
    this.#emit({ state: 'reconnecting', code, reason, retryIn: delay, attempt: this.attempt })
    this.timer = setTimeout(() => this.open(), delay)
  }

  #emit(state) {
    this.onState?.(state)
  }
}
