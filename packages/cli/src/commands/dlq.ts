/**
 * `spool dlq list|redrive` — dead letters: what failed, why and how often, and sending them back
 * to the topic they came from (the bus's DeadLetters, as the gateway's redrive route).
 */
import type { Admin, Bus, DeadLetter } from '@spool/bus'
import { Command } from 'commander'
import { type CommandIO, connectionOptions, withBus } from '../context.ts'
import { badArgument, CliError, exitCodeHelp } from '../errors.ts'
import { table } from '../output.ts'
import { partitionOffset, positiveInt } from '../parse.ts'

/**
 * @example
 * program.addCommand(dlqCommand(io))
 */
export function dlqCommand(io: CommandIO): Command {
  const dlq = new Command('dlq').description('inspect and redrive dead letters (<topic>.dlq)')

  connectionOptions(
    dlq
      .command('list')
      .description('dead letters of a .dlq topic; without one, the dead-letter topics')
      .argument('[dlq-topic]', 'dead-letter topic, e.g. orders.dlq')
      .option('--limit <n>', 'at most this many (the newest)', positiveInt('--limit'))
      .option('--pending', 'hide dead letters already redriven in bulk'),
  ).action((topic: string | undefined, flags) =>
    withBus(io, flags, async (bus, admin, print) => {
      if (topic === undefined) {
        const topics = (await admin.listTopics())
          .filter((t) => t.name.endsWith('.dlq'))
          .map((t) => ({ topic: t.name, originalTopic: t.name.slice(0, -4), messages: t.messages }))
        print.result({ topics }, () =>
          topics.length === 0
            ? 'no dead-letter topics\n'
            : table(topics, [
                { header: 'DLQ TOPIC', value: (t) => t.topic },
                { header: 'ORIGINAL TOPIC', value: (t) => t.originalTopic },
                { header: 'MESSAGES', value: (t) => t.messages, align: 'right' },
              ]),
        )
        return
      }
      await assertDlq(admin, topic)
      const entries = await bus.deadLetters.list(topic, {
        limit: flags.limit,
        includeRedriven: flags.pending !== true,
      })
      print.result({ deadLetters: entries }, () =>
        entries.length === 0 ? `no dead letters in ${topic}\n` : deadLetterTable(entries),
      )
    }),
  )

  connectionOptions(
    dlq
      .command('redrive')
      .description('send dead letters back to their original topic (all not yet redriven, or --offset)')
      .argument('<dlq-topic>', 'dead-letter topic, e.g. orders.dlq')
      .option('--offset <partition:offset>', 'only this dead letter (repeatable), e.g. 0:42', partitionOffset)
      .addHelpText(
        'after',
        '\nWithout --offset, every dead letter not yet redriven in bulk goes back, and is remembered as\n' +
          'redriven so a second run sends nothing twice. With --offset, exactly those go back (again, if\n' +
          'they were redriven before).',
      ),
  ).action((topic: string, flags) =>
    withBus(io, flags, async (bus, admin, print) => {
      await assertDlq(admin, topic)
      const select: Array<{ partition: number; offset: string }> | undefined = flags.offset
      if (select !== undefined) await assertEntries(bus, topic, select)
      const result = await bus.deadLetters.redrive(topic, select === undefined ? {} : { select })
      print.result(result, () =>
        result.redriven === 0
          ? `nothing to redrive in ${topic}\n`
          : `redrove ${result.redriven} dead letter(s) from ${topic}\n${table(result.entries, [
              { header: 'DEAD LETTER', value: (e) => `${e.partition}:${e.offset}` },
              { header: 'BACK TO', value: (e) => e.originalTopic },
              { header: 'KEY', value: (e) => e.key },
            ])}`,
      )
    }),
  )

  for (const c of dlq.commands) c.addHelpText('after', exitCodeHelp)
  return dlq
}

async function assertDlq(admin: Admin, topic: string): Promise<void> {
  if (!topic.endsWith('.dlq'))
    throw badArgument(`"${topic}" is not a dead-letter topic (their names end in ".dlq")`)
  await admin.describeTopic(topic) // NotFoundError (exit 3) for a topic that does not exist
}

/** Every selected dead letter must exist, or nothing is redriven. */
async function assertEntries(
  bus: Bus,
  topic: string,
  select: Array<{ partition: number; offset: string }>,
): Promise<void> {
  const present = new Set(
    (await bus.deadLetters.list(topic, { includeRedriven: true })).map((e) => `${e.partition}:${e.offset}`),
  )
  const missing = select.filter((s) => !present.has(`${s.partition}:${s.offset}`))
  if (missing.length > 0) {
    throw new CliError(
      'SPOOL_ERR_NOT_FOUND',
      `no dead letter at ${missing.map((m) => `${m.partition}:${m.offset}`).join(', ')} in ${topic}; nothing redriven`,
    )
  }
}

function deadLetterTable(entries: DeadLetter[]): string {
  return table(entries, [
    { header: 'DEAD LETTER', value: (e) => `${e.partition}:${e.offset}` },
    { header: 'TIME', value: (e) => e.timestamp },
    { header: 'FROM', value: (e) => `${e.originalTopic}/${e.originalPartition}@${e.originalOffset}` },
    { header: 'GROUP', value: (e) => e.group },
    { header: 'ATTEMPTS', value: (e) => e.attempts, align: 'right' },
    { header: 'REASON', value: (e) => e.reason },
    { header: 'REDRIVEN', value: (e) => (e.redriven ? 'yes' : 'no') },
    { header: 'ERROR', value: (e) => truncate(e.error.message, 60) },
  ])
}

const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s)
