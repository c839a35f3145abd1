/**
 * Free TCP ports on 127.0.0.1 for brokers. The kernel picks them (port 0), all sockets of one
 * request are held open together so the ports are distinct, then closed for the JVM to bind.
 * Kafka's well-known ports are refused so a test broker never answers a developer's own Kafka
 * address by accident.
 */
import { createServer, type Server } from 'node:net'

const reserved = new Set([9092, 9093, 9094, 29092])

const listen = (): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()))

/**
 * Returns `count` distinct free ports on 127.0.0.1.
 *
 * @example
 * const [port, controllerPort] = await freePorts(2)
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = []
  try {
    while (servers.length < count) {
      const server = await listen()
      const { port } = server.address() as { port: number }
      if (reserved.has(port)) {
        await close(server)
        continue
      }
      servers.push(server)
    }
    return servers.map((s) => (s.address() as { port: number }).port)
  } finally {
    await Promise.all(servers.map(close))
  }
}
