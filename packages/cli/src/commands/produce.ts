/**
 * `spool produce <topic>` — one record per input line (stdin or --file), with a fixed key or a key
 * split from each line, and headers. Records go out in batches: while one batch is in flight the
 * next accumulates, so a pipe of a million lines is sent in large batches and a person typing
 * lines sees each one sent at once.
 */
import { createReadStream, fstatSync, statSync } from 'node:fs'
import { createInterface } from 'node:readline'
import type { Admin, Bus, RawRecord } from '@spool/bus'
import { Command, Option } from 'commander'
import { type CommandIO, collect, connectionOptions, keyValues, withBus } from '../context.ts'
import { badArgument, CliError, exitCodeHelp } from '../errors.ts'
import { createProgress } from '../progress.ts'

const MAX_BATCH = 1_000 // records per send

/**
 * @example
 * program.addCommand(produceCommand(io))
 */
export function produceCommand(io: CommandIO): Command {
  const command = connectionOptions(
    new Command('produce')
      .description('send one record per line of stdin (or --file) to a topic')
      .argument('<topic>', 'topic to write to')
      .option('--file <path>', 'read lines from this file instead of stdin')
      .addOption(new Option('--key <key>', 'key of every record').conflicts('keySeparator'))
      .option('--key-separator <sep>', 'each line is <key><sep><value>, split at the first <sep>')
      .option('--header <key=value>', 'header on every record (repeatable)', collect)
      .option('--create', 'create the topic when it does not exist'),
  )
    .addHelpText(
      'after',
      '\nBlank lines are skipped. Counts go to stdout when done; a progress line goes to stderr\n' +
        'on a terminal when the input is large.\n\nExamples:\n' +
        '  echo \'{"id":1}\' | spool produce orders --key o-1 --header source=cli\n' +
        "  spool produce orders --file orders.txt --key-separator ':'" +
        exitCodeHelp,
    )
    .action((topic: string, flags) =>
      withBus(io, flags, async (bus, admin, print) => {
        const headers = keyValues('--header', flags.header)
        await ensureTopic(admin, topic, flags.create === true)
        const { input, total } = openInput(io, flags.file)
        if (flags.file === undefined && io.stdin.isTTY === true) {
          print.note(`type one record per line for ${topic}; Ctrl-D to finish`)
        }
        const result = await produceLines(bus, topic, input, {
          key: flags.key,
          keySeparator: flags.keySeparator,
          headers,
          progressTo: io.err,
          total,
        })
        print.result({ topic, ...result }, () => {
          const parts = Object.entries(result.partitions)
            .map(([p, n]) => `${p}: ${n}`)
            .join(', ')
          return `produced ${result.records} record(s) to ${topic}${parts ? ` (partitions ${parts})` : ''}\n`
        })
      }),
    )
  return command
}

async function ensureTopic(admin: Admin, topic: string, create: boolean): Promise<void> {
  try {
    await admin.describeTopic(topic)
  } catch (error) {
    if ((error as { code?: string }).code !== 'SPOOL_ERR_NOT_FOUND') throw error
    if (!create) {
      throw new CliError(
        'SPOOL_ERR_NOT_FOUND',
        `topic "${topic}" does not exist (create it with \`spool topics create ${topic}\`, or pass --create)`,
        { cause: error },
      )
    }
    await admin.createTopic({ name: topic })
  }
}

function openInput(
  io: CommandIO,
  file: string | undefined,
): { input: NodeJS.ReadableStream; total: number | undefined } {
  if (file !== undefined) {
    let size: number
    try {
      size = statSync(file).size
    } catch (cause) {
      throw new CliError('SPOOL_ERR_INVALID_OPTION', `--file: cannot read "${file}"`, { cause })
    }
    return { input: createReadStream(file), total: size }
  }
  // A redirected file on stdin has a size too; a pipe or a terminal does not.
  let total: number | undefined
  try {
    const stat = fstatSync(0)
    if (stat.isFile() && io.stdin === process.stdin) total = stat.size
  } catch {}
  return { input: io.stdin, total }
}

export interface ProduceLinesOptions {
  key?: string
  keySeparator?: string
  headers: Record<string, string>
  progressTo: NodeJS.WritableStream
  total: number | undefined
}

export interface ProduceResult {
  records: number
  /** Records per partition. */
  partitions: Record<string, number>
}

/** Sends every non-blank line of `input` as a record of `topic`. */
export async function produceLines(
  bus: Bus,
  topic: string,
  input: NodeJS.ReadableStream,
  options: ProduceLinesOptions,
): Promise<ProduceResult> {
  const progress = createProgress(options.progressTo, { total: options.total })
  const partitions: Record<string, number> = {}
  let bytes = 0
  let records = 0
  let pending: RawRecord[] = []
  let inflight: Promise<void> | undefined
  let failure: unknown

  input.on('data', (chunk: Buffer | string) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
  })
  const send = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending.slice(0, MAX_BATCH)
      pending = pending.slice(batch.length)
      const receipts = await bus.sendMessages(batch)
      for (const r of receipts) {
        const p = String(r.partition ?? '?')
        partitions[p] = (partitions[p] ?? 0) + 1
      }
      records += receipts.length
      progress.update(bytes, records)
    }
  }
  const kick = (): void => {
    if (inflight || failure !== undefined) return
    inflight = send()
      .catch((error: unknown) => {
        failure = error
      })
      .finally(() => {
        inflight = undefined
      })
  }

  let lineNumber = 0
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
  try {
    for await (const line of lines) {
      lineNumber++
      if (failure !== undefined) break
      if (line.trim() === '') continue
      pending.push(toRecord(topic, line, lineNumber, options))
      kick()
      // Backpressure: do not read far ahead of what Kafka has acknowledged.
      if (pending.length >= MAX_BATCH * 2) await inflight
    }
    while (inflight || (pending.length > 0 && failure === undefined)) {
      kick()
      await inflight
    }
  } finally {
    lines.close()
    progress.done()
  }
  if (failure !== undefined) throw failure
  return { records, partitions }
}

function toRecord(topic: string, line: string, lineNumber: number, options: ProduceLinesOptions): RawRecord {
  const headers = Object.keys(options.headers).length > 0 ? options.headers : undefined
  if (options.keySeparator !== undefined) {
    const at = line.indexOf(options.keySeparator)
    if (at < 0)
      throw badArgument(`line ${lineNumber} has no key separator ${JSON.stringify(options.keySeparator)}`)
    return {
      topic,
      key: line.slice(0, at),
      value: line.slice(at + options.keySeparator.length),
      headers,
    }
  }
  return { topic, key: options.key, value: line, headers }
}
