/**
 * `spool consume <topic>` — prints a topic's records. Without --group it reads chosen partitions
 * from chosen offsets and commits nothing; with --group it is a member of that consumer group and
 * commits what it printed.
 */
import { Command, Option } from 'commander'
import { type ConsumeFormat, formatRecord } from '../consume/format.ts'
import type { StartAt } from '../consume/reader.ts'
import { type CommandIO, connectionOptions, withBus } from '../context.ts'
import { exitCodeHelp, usage } from '../errors.ts'
import { datetime, nonNegativeInt, offset, partitions, positiveInt } from '../parse.ts'
import { untilSignal } from './broker.ts'

const POLL_INTERVAL = 250 // ms between polls at the end of the log

/**
 * @example
 * program.addCommand(consumeCommand(io))
 */
export function consumeCommand(io: CommandIO): Command {
  return connectionOptions(
    new Command('consume')
      .description('print records of a topic (Ctrl-C to stop)')
      .argument('<topic>', 'topic to read')
      .option('--group <id>', 'read as a member of this consumer group and commit offsets')
      .option('--from-beginning', 'start at the oldest record (with --group: when the group has no offset)')
      .addOption(new Option('--offset <n>', 'start at this offset (without --group)').argParser(offset))
      .addOption(
        new Option(
          '--timestamp <iso>',
          'start at the first record at or after this time (without --group)',
        ).argParser(datetime),
      )
      .option('--partition <n>', 'only this partition (repeatable; without --group)', partitions)
      .option('--max-messages <n>', 'stop after this many records', positiveInt('--max-messages'))
      .addOption(
        new Option('--format <format>', 'raw: the value per line; json: one object per record per line')
          .choices(['raw', 'json'])
          .default('raw'),
      )
      .option('--timeout <ms>', 'stop when no record arrived for this long', nonNegativeInt('--timeout')),
    true,
  )
    .addHelpText(
      'after',
      '\n--json is the same as --format json. Without --group, the default start is the end of the log\n' +
        '(new records only). "Processed N record(s)" goes to stderr when the command stops.\n\nExamples:\n' +
        '  spool consume orders --from-beginning --max-messages 10 --format json\n' +
        '  spool consume orders --partition 0 --offset 42\n' +
        '  spool consume orders --group audit --timeout 5000' +
        exitCodeHelp,
    )
    .action((topic: string, flags) => {
      const format: ConsumeFormat = flags.json === true ? 'json' : flags.format
      const positional = ['offset', 'timestamp', 'partition'].filter((k) => flags[k] !== undefined)
      if (flags.group !== undefined && positional.length > 0) {
        throw usage(
          `--${positional[0]} cannot be used with --group (the group decides partitions and offsets)`,
        )
      }
      const starts = ['fromBeginning', 'offset', 'timestamp'].filter((k) => flags[k] !== undefined)
      if (starts.length > 1) throw usage('give at most one of --from-beginning, --offset, --timestamp')
      const stop = io.until ?? untilSignal()
      const emit = (record: Parameters<typeof formatRecord>[0]) => io.out.write(formatRecord(record, format))
      return withBus(io, { ...flags, json: false }, async (bus, admin, print) => {
        await admin.describeTopic(topic) // unknown topic: exit 3 before anything else
        const { readAsGroup } = await import('../consume/group.ts')
        const { readTopic } = await import('../consume/reader.ts')
        const count =
          flags.group !== undefined
            ? await readAsGroup(
                bus,
                topic,
                {
                  group: flags.group,
                  from: flags.fromBeginning ? 'earliest' : 'latest',
                  maxMessages: flags.maxMessages,
                  timeout: flags.timeout,
                  stop,
                  onReady: () => print.note(`reading ${topic} as group ${flags.group}; Ctrl-C to stop`),
                },
                emit,
              )
            : await readTopic(
                admin,
                topic,
                {
                  partitions: flags.partition,
                  start: startAt(flags),
                  maxMessages: flags.maxMessages,
                  timeout: flags.timeout,
                  pollInterval: POLL_INTERVAL,
                  stop,
                  onReady: (start) =>
                    print.note(
                      `reading ${topic} from ${[...start].map(([p, o]) => `${p}:${o}`).join(' ')} (partition:offset); Ctrl-C to stop`,
                    ),
                },
                emit,
              )
        print.note(`Processed ${count} record(s)`)
      })
    })
}

function startAt(flags: { fromBeginning?: boolean; offset?: string; timestamp?: number }): StartAt {
  if (flags.fromBeginning) return { at: 'earliest' }
  if (flags.offset !== undefined) return { at: 'offset', offset: flags.offset }
  if (flags.timestamp !== undefined) return { at: 'timestamp', timestamp: flags.timestamp }
  return { at: 'latest' }
}
