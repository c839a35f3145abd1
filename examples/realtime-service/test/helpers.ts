/**
 * Helpers of the realtime-service suites. The example is NestJS with decorator syntax, which Node
 * cannot run directly: `compiled()` builds it with the repository's TypeScript (type-checked, as
 * `npm start` does), once per change of the sources, shared by every test process.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { compiledProject, waitFor } from '@spool/testing'
import { pino } from 'pino'
import { WebSocket } from 'ws'

export { waitFor } from '@spool/testing'

const project = compiledProject(join(import.meta.dirname, '..'))

/** The compiled `src/<name>.mjs` path (builds on first call when the sources changed). */
export const compiled = (name = 'app'): Promise<string> => project.compiled(`src/${name}.mts`)

/** Imports a compiled module of the example (untyped: it is compiled output). */
export const load = (name = 'app'): Promise<any> => project.load(`src/${name}.mts`)

export const quietLogger = pino({ level: process.env.SPOOL_TEST_LOG ?? 'silent' })

export function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'realtime-service-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** fetch + JSON (an empty body is `undefined`). */
export async function http(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined }
}

/** A `ws` client of the service's gateway with every frame it received, in order. */
export async function connectUser(t: TestContext, baseUrl: string, userId: string) {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws?userId=${encodeURIComponent(userId)}`)
  t.after(() => socket.terminate())
  const frames: Array<{ event: string; data: any }> = []
  socket.on('message', (raw) => frames.push(JSON.parse(String(raw))))
  await waitFor(() => frames.some((f) => f.event === 'connected'), `${userId} connected`)
  /** Frames other than the connection acknowledgement. */
  const notifications = () => frames.filter((f) => f.event !== 'connected')
  return { socket, frames, notifications }
}
