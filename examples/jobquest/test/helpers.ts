/** Helpers of the JobQuest suites: a quiet logger, temp folders, waiting, HTTP, a started app. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { bootstrapList, uniqueName } from '@spool/testing'
import { pino } from 'pino'
import { type JobQuest, startJobQuest } from '../src/app.ts'
import type { JobQuestInput } from '../src/config.ts'

export const quietLogger = pino({ level: process.env.SPOOL_TEST_LOG ?? 'silent' })

/** A temp folder removed when `cleanup` runs (a test's t.after or a suite's after). */
export function tempDir(prefix = 'jobquest-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export { waitFor } from '@spool/testing'

/** fetch + JSON: the status and the parsed body. */
export async function http(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
}

/**
 * JobQuest on `bootstrap`, on a free port, with its topics and group under a namespace no other
 * suite or run uses. Returns the app and a function that stops it and removes its files.
 */
export async function startTestApp(
  bootstrap: string,
  input: JobQuestInput = {},
): Promise<{ app: JobQuest; close: () => Promise<void> }> {
  const temp = tempDir()
  const app = await startJobQuest({
    port: 0,
    namespace: uniqueName('jq'),
    ...input,
    kafka: {
      brokers: bootstrapList(bootstrap),
      clientId: 'jobquest-test',
      offlinePath: join(temp.dir, 'offline.db'),
      logger: quietLogger,
      heartbeatInterval: 500,
      ...input.kafka,
    },
  })
  return {
    app,
    close: async () => {
      await app.stop()
      temp.remove()
    },
  }
}

/** A user id no other test uses. */
export const newUser = (name = 'user'): string => uniqueName(name)

export type { TestContext }

/** A Server-Sent Events client over fetch: the JSON of every `data:` line, in order. */
export async function openSse(url: string): Promise<{ frames: any[]; close: () => void }> {
  const abort = new AbortController()
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: abort.signal })
  if (!response.ok || !response.body)
    throw new Error(`stream refused: ${response.status} ${await response.text()}`)
  const frames: any[] = []
  void (async () => {
    let text = ''
    const decoder = new TextDecoder()
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true })
        for (let at = text.indexOf('\n\n'); at >= 0; at = text.indexOf('\n\n')) {
          const data = text
            .slice(0, at)
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n')
          text = text.slice(at + 2)
          if (data) frames.push(JSON.parse(data))
        }
      }
    } catch {
      // aborted by close()
    }
  })()
  return { frames, close: () => abort.abort() }
}
