/**
 * kcat (librdkafka 2.0, Debian's package) as a conformance peer: run to completion, or spawned as a
 * long-running balanced-group consumer.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'

/** Why kcat cannot run here, or undefined. Under CI a missing kcat fails instead of skipping. */
export const kcatSkip: string | undefined = (() => {
  if (spawnSync('kcat', ['-V']).status === 0) return undefined
  if (process.env.CI === 'true' || process.env.SPOOL_REQUIRE_KAFKA === '1') return undefined
  return 'kcat is not installed (apt-get install kcat)'
})()

/** Spawns kcat; killed if this process exits first. */
export function spawnKcat(args: readonly string[]): ChildProcess {
  const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] })
  const kill = () => child.kill('SIGKILL')
  process.once('exit', kill)
  child.once('exit', () => process.off('exit', kill))
  child.stdin?.on('error', () => {})
  return child
}

/** Runs kcat to completion with `input` on stdin. */
export function runKcat(
  args: readonly string[],
  input = '',
  timeout = 30_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawnKcat(args)
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    stdout += c
  })
  child.stderr!.setEncoding('utf8').on('data', (c: string) => {
    stderr += c
  })
  child.stdin!.end(input)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`kcat ${args.join(' ')} ran past ${timeout} ms\n${stdout}\n${stderr}`))
    }, timeout)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, stdout, stderr })
    })
  })
}

/** Runs kcat and fails with its output unless it exits with 0; returns stdout. */
export async function runKcatOk(args: readonly string[], input = '', timeout = 30_000): Promise<string> {
  const r = await runKcat(args, input, timeout)
  if (r.code !== 0) throw new Error(`kcat ${args.join(' ')} exited with ${r.code}\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}
