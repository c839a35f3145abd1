/**
 * Runs the real `spool` binary (src/bin.ts on this Node) as a child process, as a user would: with
 * arguments, stdin, and an environment free of the test runner's Kafka variables.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

export const bin = fileURLToPath(new URL('../../src/bin.ts', import.meta.url))

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** Written to stdin, then stdin is closed. */
  input?: string
  env?: Record<string, string>
  /** Kill after this long, ms. */
  timeout?: number
}

/** The environment of a child: no KAFKA_* or SPOOL_* from the runner, so flags decide. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('KAFKA_') && !k.startsWith('SPOOL_')) env[k] = v
  }
  return { ...env, ...extra }
}

/**
 * @example
 * const { code, stdout } = await spool(['topics', 'list', '--json', '--brokers', bootstrap])
 */
export async function spool(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const child = spawn(process.execPath, [bin, ...args], { env: childEnv(options.env) })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => {
    stdout += c
  })
  child.stderr.on('data', (c) => {
    stderr += c
  })
  child.stdin.on('error', () => {}) // a command that fails early closes stdin before we are done
  child.stdin.end(options.input ?? '')
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 60_000)
  const [code] = (await once(child, 'close')) as [number | null]
  clearTimeout(timer)
  return { code, stdout, stderr }
}

/** Runs and parses stdout as JSON; fails with the output when the command failed. */
export async function spoolJson<T = any>(args: string[], options: RunOptions = {}): Promise<T> {
  const r = await spool([...args, '--json'], options)
  if (r.code !== 0) throw new Error(`spool ${args.join(' ')} exited ${r.code}: ${r.stderr}`)
  return JSON.parse(r.stdout) as T
}

/** A long-running `spool` (dev, consume) with its output so far. */
export interface Running {
  child: ChildProcessWithoutNullStreams
  stdout(): string
  stderr(): string
  /** Resolves when stdout or stderr matches. */
  waitFor(pattern: RegExp, timeout?: number): Promise<RegExpExecArray>
  /** Resolves with the exit code when the process ends by itself. */
  exited(): Promise<number | null>
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/**
 * @example
 * const dev = start(['dev', '--broker-port', '0'])
 * t.after(() => dev.stop())
 * await dev.waitFor(/Ctrl-C/)
 */
export function start(args: string[], options: Omit<RunOptions, 'input'> = {}): Running {
  const child = spawn(process.execPath, [bin, ...args], { env: childEnv(options.env) })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => {
    stdout += c
  })
  child.stderr.on('data', (c) => {
    stderr += c
  })
  const closed = once(child, 'close') as Promise<[number | null]>
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    async waitFor(pattern, timeout = 30_000) {
      const deadline = Date.now() + timeout
      for (;;) {
        const m = pattern.exec(stdout) ?? pattern.exec(stderr)
        if (m) return m
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`no ${pattern} in output (exit ${child.exitCode}):\n${stdout}\n${stderr}`)
        }
        await new Promise((r) => setTimeout(r, 25))
      }
    },
    async exited() {
      const [code] = await closed
      return code
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      const [code] = await closed
      return code
    },
  }
}

/** Polls `check` until it returns a value other than undefined. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeout = 20_000): Promise<T> {
  const deadline = Date.now() + timeout
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeout} ms`, { cause: last })
    await new Promise((r) => setTimeout(r, 100))
  }
}
