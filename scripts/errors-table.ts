/**
 * Prints the README's error table, generated from the one table of `SPOOL_ERR_*` codes
 * (`errorCodes` of `@spool/errors`): code | meaning | what to do | retryable.
 *
 * Usage:
 *   node scripts/errors-table.ts           print the Markdown table
 *   node scripts/errors-table.ts --write   replace the table between `<!-- errors:start -->` and
 *                                          `<!-- errors:end -->` in README.md (npm run errors:table)
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { errorCodes } from '@spool/errors'

const START = '<!-- errors:start -->'
const END = '<!-- errors:end -->'

/** A table cell: pipes escaped, line breaks folded. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')
}

/** The Markdown table of every code, in the table's order. */
function errorsTable(): string {
  const rows = Object.entries(errorCodes).map(
    ([code, info]) =>
      `| \`${code}\` | ${cell(info.meaning)} | ${cell(info.action)} | ${info.retryable ? 'yes' : 'no'} |`,
  )
  return ['| code | meaning | what to do | retryable |', '|---|---|---|---|', ...rows].join('\n')
}

/** `readme` with the text between the markers replaced by the table. */
function withTable(readme: string): string {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`)
  return `${readme.slice(0, start + START.length)}\n${errorsTable()}\n${readme.slice(end)}`
}

if (import.meta.main) {
  if (process.argv.includes('--write')) {
    const path = resolve(import.meta.dirname, '../README.md')
    const before = readFileSync(path, 'utf8')
    const after = withTable(before)
    if (after !== before) writeFileSync(path, after)
    process.stdout.write(
      `README.md: ${Object.keys(errorCodes).length} codes${after === before ? ', unchanged' : ''}\n`,
    )
  } else process.stdout.write(`${errorsTable()}\n`)
}
