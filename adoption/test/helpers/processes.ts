/**
 * Commands run in an adoption project with a chosen Node: the binary's folder goes first on PATH,
 * so `node`, `npm`, `npx` and every `#!/usr/bin/env node` script (the `spool` bin) run on it, as
 * in a shell where that Node is installed. Each long-running command is its own process group,
 * stopped whole (npx → npm → spool) by its id.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { dirname } from 'node:path'
import { waitFor } from '@spool/testing'

/** Environment variables of the repository's own run that must not reach a user's project. */
const dropped = new Set([
  'NODE_OPTIONS', // the test runner's flags (and the spool-source condition in other batches)
  'NODE_TEST_CONTEXT', // would make the project's own `node --test` report to our runner
  'INIT_CWD',
  'KAFKA_BROKERS',
  'SPOOL_TEST_KAFKA',
  'SPOOL_TEST_KAFKA_SKIP',
])
/** npm settings that describe the user, not our run: the cache, the registry, the user's .npmrc. */
const keptNpm = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig'])

/**
 * The environment of a command run on `node`: this process's, minus the variables above and npm's
 * per-script ones, with `node`'s folder first on PATH, plus `extra`.
 */
export function projectEnv(node: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (dropped.has(key)) continue
    if (/^npm_/i.test(key) && !keptNpm.has(key.toLowerCase())) continue
    env[key] = value
  }
  env.PATH = `${dirname(node)}:${process.env.PATH ?? ''}`
  env.NO_COLOR = '1'
  env.npm_config_update_notifier = 'false'
  return { ...env, ...extra }
}

export interface RunOptions {
  readonly cwd: string
  /** The Node binary the command runs on. */
  readonly node: string
  readonly env?: NodeJS.ProcessEnv
  /** ms; the command is killed after it (default 120 s). */
  readonly timeout?: number
  /** Written to the command's stdin (which is closed either way). */
  readonly input?: string
}

export interface Ran {
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  /** ms it took */
  readonly ms: number
}

/** Runs `command args` to completion and returns its exit code and output. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<Ran> {
  const started = performance.now()
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: projectEnv(options.node, options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  })
  track(child)
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    stdout += c
  })
  child.stderr!.setEncoding('utf8').on('data', (c: string) => {
    stderr += c
  })
  child.stdin!.end(options.input ?? '')
  const timeout = options.timeout ?? 120_000
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeout)
  return new Promise<Ran>((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      const ms = performance.now() - started
      if (signal === 'SIGKILL' && ms >= timeout) {
        reject(new Error(`${command} ${args.join(' ')} timed out after ${timeout} ms\n${stdout}\n${stderr}`))
        return
      }
      resolve({ code, signal, stdout, stderr, ms })
    })
  })
}

/** A command left running (a broker, `spool dev`, a service), read as it prints. */
export interface Started {
  /** stdout and stderr so far, interleaved as they arrived. */
  output(): string
  /** Resolves with the first match of `pattern` in the output; fails if the process exits first. */
  waitForOutput(pattern: RegExp, what: string, timeout?: number): Promise<RegExpExecArray>
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** SIGTERM to the process group, SIGKILL after `grace` ms; resolves when every member is gone. */
  stop(grace?: number): Promise<void>
}

/** Starts `command args` in the background. Stop it with `stop()` (register it with t.after). */
export function start(command: string, args: readonly string[], options: RunOptions): Started {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: projectEnv(options.node, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  track(child)
  let output = ''
  const append = (c: string): void => {
    output += c
  }
  child.stdout!.setEncoding('utf8').on('data', append)
  child.stderr!.setEncoding('utf8').on('data', append)
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (err) => {
      output += `\n[spawn error] ${err.message}\n`
      exit = { code: null, signal: null }
      resolve(exit)
    })
    child.once('close', (code, signal) => {
      exit = { code, signal }
      resolve(exit)
    })
  })
  const label = `${command} ${args.join(' ')}`
  return {
    output: () => output,
    exited,
    waitForOutput: async (pattern, what, timeout = 60_000) => {
      try {
        return await waitFor(
          () => {
            const match = pattern.exec(output)
            if (match) return match
            if (exit !== undefined) {
              throw new Error(
                `${label} exited (code ${exit.code}, signal ${exit.signal}) before ${what}; it printed:\n${output}`,
              )
            }
            return undefined
          },
          `${what} (${label})`,
          timeout,
        )
      } catch (error) {
        if (exit !== undefined) throw error
        throw new Error(`${(error as Error).message}; it printed:\n${output}`, { cause: error })
      }
    },
    stop: async (grace = 10_000) => {
      if (!groupAlive(child)) return
      killGroup(child, 'SIGTERM')
      try {
        await waitFor(() => !groupAlive(child), `${label} to stop`, grace)
      } catch {
        killGroup(child, 'SIGKILL')
        await waitFor(() => !groupAlive(child), `${label} to die`, 5_000)
      }
      await exited
    },
  }
}

/** Whether any process of the child's group is still there. */
function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false
  try {
    process.kill(-child.pid, 0)
    return true
  } catch {
    return false
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

const groups = new Set<ChildProcess>()
let hooked = false

/** Kills what this test process started if it ends first (a failed or cancelled test). */
function track(child: ChildProcess): void {
  groups.add(child)
  child.once('close', () => {
    if (!groupAlive(child)) groups.delete(child)
  })
  if (hooked) return
  hooked = true
  process.once('exit', () => {
    for (const c of groups) killGroup(c, 'SIGKILL')
  })
}
