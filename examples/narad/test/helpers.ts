/** Helpers of the Narad suites: the example's untyped modules, temp folders, waiting, a quiet bus. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { pino } from 'pino'

/** The example is plain JavaScript without type declarations: its modules are imported untyped. */
export const load = (path: string): Promise<any> => import(new URL(`../src/${path}`, import.meta.url).href)

export const quietLogger = pino({ level: process.env.SPOOL_TEST_LOG ?? 'silent' })

/** A temp folder removed after the test. */
export function tempDir(t: TestContext, prefix = 'narad-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

export { waitFor } from '@spool/testing'

/** console.log lines printed by the example during the test (and kept out of the test output). */
export function captureLog(t: TestContext): string[] {
  const lines: string[] = []
  t.mock.method(console, 'log', (...args: unknown[]) => {
    lines.push(args.map(String).join(' '))
  })
  return lines
}

/** fetch + JSON, returning the status and the parsed body. */
export async function http(url: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  return { status: response.status, body: (await response.json()) as any }
}
