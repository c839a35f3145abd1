/**
 * What the `spool` executable runs (bin.ts loads it once the compile cache is on). Every outcome
 * ends in one of the exit codes of errors.ts.
 */
import { CommanderError } from 'commander'
import { codeOf, exitCodeOf, messageOf } from './errors.ts'
import { toJson } from './output.ts'
import { buildProgram } from './program.ts'

let code: number
try {
  await buildProgram({ out: process.stdout }).parseAsync(process.argv)
  code = 0
} catch (error) {
  code = exitCodeOf(error)
  // Commander has already printed its own messages (usage errors, help).
  if (!(error instanceof CommanderError)) {
    if (process.argv.includes('--json')) {
      process.stderr.write(
        `${toJson({ error: { code: codeOf(error), message: messageOf(error), exitCode: code } }, 0)}\n`,
      )
    } else process.stderr.write(`spool: ${messageOf(error)}\n`)
  }
}
// Flush what is buffered for a pipe before leaving.
process.stdout.write('', () => process.exit(code))
