/**
 * Helpers of the content-service suites. The example is NestJS with decorator syntax, which Node cannot run
 * directly: `compiled()` builds it with the repository's TypeScript (type-checked, as `npm start`
 * does), once per change of the sources, shared by every test process.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { compiledProject } from '@spool/testing'
import { pino } from 'pino'

export { waitFor } from '@spool/testing'

const project = compiledProject(join(import.meta.dirname, '..'))

/** The compiled `src/<name>.mjs` path (builds on first call when the sources changed). */
export const compiled = (name = 'app'): Promise<string> => project.compiled(`src/${name}.mts`)

/** Imports a compiled module of the example (untyped: it is compiled output). */
export const load = (name = 'app'): Promise<any> => project.load(`src/${name}.mts`)

export const quietLogger = pino({ level: process.env.SPOOL_TEST_LOG ?? 'silent' })

export function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-service-'))
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
