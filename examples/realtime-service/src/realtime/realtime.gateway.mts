/**
 * The WebSocket side (seed 001's RealtimeGateway): a browser connects to `/ws?userId=<id>` and
 * receives `{ event, data }` frames meant for that user — and only those. A user may have several
 * connections (tabs); each gets the frame.
 */
import type { IncomingMessage } from 'node:http'
import { Logger } from '@nestjs/common'
import { type OnGatewayConnection, type OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets'
import type { WebSocket } from 'ws'

/** Close code for a connection without `?userId=`. */
export const MISSING_USER_ID = 4401

@WebSocketGateway({ path: '/ws' })
export class RealtimeGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(RealtimeGateway.name)
  private readonly sockets = new Map<string, Set<WebSocket>>()
  private readonly users = new WeakMap<WebSocket, string>()

  handleConnection(client: WebSocket, request: IncomingMessage) {
    const userId = new URL(request.url ?? '/', 'http://localhost').searchParams.get('userId')
    if (!userId) {
      client.close(MISSING_USER_ID, 'connect with ?userId=<your user id>')
      return
    }
    const set = this.sockets.get(userId) ?? new Set<WebSocket>()
    set.add(client)
    this.sockets.set(userId, set)
    this.users.set(client, userId)
    client.send(JSON.stringify({ event: 'connected', data: { userId } }))
  }

  handleDisconnect(client: WebSocket) {
    const userId = this.users.get(client)
    if (userId === undefined) return
    const set = this.sockets.get(userId)
    set?.delete(client)
    if (set?.size === 0) this.sockets.delete(userId)
  }

  /** Sends `{ event, data }` to every connection of the named users; returns how many got it. */
  sendToUsers(userIds: readonly string[], event: string, data: unknown): number {
    const frame = JSON.stringify({ event, data })
    let sent = 0
    for (const userId of new Set(userIds)) {
      for (const socket of this.sockets.get(userId) ?? []) {
        if (socket.readyState === socket.OPEN) {
          socket.send(frame)
          sent++
        }
      }
    }
    this.logger.debug(`${event} to ${userIds.length} user(s): ${sent} connection(s)`)
    return sent
  }

  /** Users with at least one open connection. */
  connectedUsers(): string[] {
    return [...this.sockets.keys()]
  }
}
