/** Reading what a project's processes print, and talking to their HTTP servers. */

/** Every line of `text` that is a JSON object. */
export function jsonLines(text: string): any[] {
  const found: any[] = []
  for (const line of text.split('\n')) {
    const trimmed = line.trim()
    if (!trimmed.startsWith('{')) continue
    try {
      found.push(JSON.parse(trimmed))
    } catch {
      // a log line that only looks like JSON
    }
  }
  return found
}

/** The last JSON line a command printed; fails naming the output when there is none. */
export function lastJson(text: string): any {
  const lines = jsonLines(text)
  if (lines.length === 0) throw new Error(`no JSON line in:\n${text}`)
  return lines.at(-1)
}

/** fetch with a JSON body, returning the status and the parsed answer (text if not JSON). */
export async function http(
  url: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(15_000),
  })
  const text = await response.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON
  }
  return { status: response.status, body }
}

/** A string no other test or run uses, for ids in events (topics and groups outlive a test). */
export function unique(prefix: string): string {
  return `${prefix}-${process.pid.toString(36)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}
