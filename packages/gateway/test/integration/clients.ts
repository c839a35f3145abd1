/** Real-socket clients of the gateway for end-to-end suites: WebSocket (the `ws` package) and SSE (fetch). */
import type { TestContext } from 'node:test'
import WebSocket from 'ws'

export interface Frame {
  type: 'ready' | 'event' | 'error'
  [k: string]: any
}

export interface StreamClient {
  frames: Frame[]
  /** Resolves with the first frame (already received or coming) that passes `match`. */
  next(match: (f: Frame) => boolean, what: string, timeout?: number): Promise<Frame>
  closed: Promise<{ code: number; reason: string }>
  ws?: WebSocket
  close(): void
}

function collector(): Pick<StreamClient, 'frames' | 'next'> & { push(f: Frame): void } {
  const frames: Frame[] = []
  const waiters = new Set<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }>()
  return {
    frames,
    push(f) {
      frames.push(f)
      for (const w of waiters) {
        if (!w.match(f)) continue
        waiters.delete(w)
        w.resolve(f)
      }
    },
    next(match, what, timeout = 20_000) {
      const found = frames.find(match)
      if (found) return Promise.resolve(found)
      return new Promise((resolve, reject) => {
        const w = {
          match,
          resolve: (f: Frame) => {
            clearTimeout(timer)
            resolve(f)
          },
        }
        const timer = setTimeout(() => {
          waiters.delete(w)
          reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(frames).slice(0, 500)}`))
        }, timeout)
        waiters.add(w)
      })
    },
  }
}

/** A WebSocket client; `unexpected` resolves with the HTTP status when the upgrade is refused. */
export function openWebSocket(t: TestContext, url: string, headers: Record<string, string> = {}) {
  const c = collector()
  const ws = new WebSocket(url, { headers })
  const unexpected = new Promise<number>((resolve) =>
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
  )
  ws.on('message', (data) => c.push(JSON.parse(data.toString())))
  ws.on('error', () => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  t.after(() => ws.terminate())
  const client: StreamClient & { unexpected: Promise<number> } = {
    ...c,
    closed,
    ws,
    unexpected,
    close: () => ws.close(),
  }
  return client
}

/** An SSE client over fetch; frames are the JSON of each `data:` line. */
export async function openSse(t: TestContext, url: string, headers: Record<string, string> = {}) {
  const c = collector()
  const abort = new AbortController()
  t.after(() => abort.abort())
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal })
  let ended: (v: { code: number; reason: string }) => void = () => {}
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ended = resolve
  })
  if (res.ok && res.body) {
    void (async () => {
      let text = ''
      const decoder = new TextDecoder()
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          text += decoder.decode(chunk, { stream: true })
          for (let at = text.indexOf('\n\n'); at >= 0; at = text.indexOf('\n\n')) {
            const block = text.slice(0, at)
            text = text.slice(at + 2)
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n')
            if (data) c.push(JSON.parse(data))
          }
        }
      } catch {}
      const error = c.frames.find((f) => f.type === 'error')
      ended({ code: error?.code ?? 0, reason: error?.message ?? 'ended' })
    })()
  }
  const client: StreamClient & { response: Response } = {
    ...c,
    closed,
    response: res,
    close: () => abort.abort(),
  }
  return client
}
