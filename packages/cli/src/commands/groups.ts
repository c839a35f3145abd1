/**
 * `spool groups list|describe|reset` — consumer groups: members, assignments, lag per partition,
 * and offset resets that are a dry run unless `--execute` is given (as kafka-consumer-groups).
 */
import type { GroupDescription, ResetTarget } from '@spool/bus'
import { Command, Option } from 'commander'
import { type CommandIO, connectionOptions, withAdmin } from '../context.ts'
import { exitCodeHelp, usage } from '../errors.ts'
import { table } from '../output.ts'
import { datetime, offset, partitions } from '../parse.ts'

/**
 * @example
 * program.addCommand(groupsCommand(io))
 */
export function groupsCommand(io: CommandIO): Command {
  const groups = new Command('groups').description('list, describe and reset consumer groups')

  connectionOptions(
    groups
      .command('list')
      .description('list consumer groups and their state')
      .option('--internal', "include Spool's short-lived reader groups (spool-reader-*)"),
  ).action((flags) =>
    withAdmin(io, flags, async (admin, print) => {
      const list = await admin.listGroups({ includeInternal: flags.internal === true })
      print.result({ groups: list }, () =>
        list.length === 0
          ? 'no consumer groups\n'
          : table(list, [
              { header: 'GROUP', value: (g) => g.id },
              { header: 'STATE', value: (g) => g.state },
              { header: 'PROTOCOL TYPE', value: (g) => g.protocolType || '-' },
            ]),
      )
    }),
  )

  connectionOptions(
    groups
      .command('describe')
      .description('members, assignments, committed offsets and lag per partition')
      .argument('<group>', 'consumer group id'),
  ).action((group: string, flags) =>
    withAdmin(io, flags, async (admin, print) => {
      const described = await admin.describeGroup(group)
      print.result(described, () => describeText(described))
    }),
  )

  connectionOptions(
    groups
      .command('reset')
      .description('move committed offsets of a group on a topic (a dry run unless --execute)')
      .argument('<group>', 'consumer group id (it must have no running members)')
      .requiredOption('--topic <topic>', 'topic whose offsets to move')
      .option('--partition <n>', 'only this partition (repeatable; default every partition)', partitions)
      .addOption(new Option('--to-earliest', 'the oldest record still in the log'))
      .addOption(new Option('--to-latest', 'the end of the log (skip everything now in it)'))
      .addOption(new Option('--to-offset <n>', 'this offset on each selected partition').argParser(offset))
      .addOption(
        new Option(
          '--to-datetime <iso>',
          'the first record at or after this time (ISO 8601 or epoch ms)',
        ).argParser(datetime),
      )
      .option('--execute', 'apply the reset (without it, only show what would change)')
      .addHelpText(
        'after',
        '\nExamples:\n  spool groups reset billing --topic orders --to-earliest            # dry run\n' +
          '  spool groups reset billing --topic orders --to-datetime 2026-01-31T00:00:00Z --execute',
      ),
  ).action((group: string, flags) =>
    withAdmin(io, flags, async (admin, print) => {
      const target = resetTarget(flags)
      const execute = flags.execute === true
      const plan = execute
        ? await admin.resetOffsets(group, flags.topic, target, { partitions: flags.partition })
        : await (await import('./groups-reset.ts')).planReset(
            admin,
            group,
            flags.topic,
            target,
            flags.partition,
          )
      print.result({ ...plan, executed: execute }, () =>
        table(plan.partitions, [
          { header: 'GROUP', value: () => plan.group },
          { header: 'TOPIC', value: () => plan.topic },
          { header: 'PARTITION', value: (p) => p.partition, align: 'right' },
          { header: 'CURRENT', value: (p) => p.previous, align: 'right' },
          { header: 'NEW', value: (p) => p.offset, align: 'right' },
        ]),
      )
      if (!execute) print.note('dry run: nothing changed; add --execute to apply')
    }),
  )

  for (const c of groups.commands) c.addHelpText('after', exitCodeHelp)
  return groups
}

function resetTarget(flags: {
  toEarliest?: boolean
  toLatest?: boolean
  toOffset?: string
  toDatetime?: number
}): ResetTarget {
  const given: ResetTarget[] = []
  if (flags.toEarliest) given.push({ to: 'earliest' })
  if (flags.toLatest) given.push({ to: 'latest' })
  if (flags.toOffset !== undefined) given.push({ to: 'offset', offset: flags.toOffset })
  if (flags.toDatetime !== undefined) given.push({ to: 'timestamp', timestamp: flags.toDatetime })
  if (given.length !== 1)
    throw usage('give exactly one of --to-earliest, --to-latest, --to-offset <n>, --to-datetime <iso>')
  return given[0]!
}

function describeText(g: GroupDescription): string {
  const head = `Group: ${g.id}  state: ${g.state}  protocol: ${g.protocol || '-'}  members: ${g.members.length}  total lag: ${g.totalLag}\n`
  const clientOf = new Map(g.members.map((m) => [m.memberId, `${m.clientId}/${m.clientHost}`]))
  const offsets =
    g.offsets.length === 0
      ? '\nno committed offsets and no assignments\n'
      : `\n${table(g.offsets, [
          { header: 'TOPIC', value: (o) => o.topic },
          { header: 'PARTITION', value: (o) => o.partition, align: 'right' },
          { header: 'COMMITTED', value: (o) => o.committed, align: 'right' },
          { header: 'LATEST', value: (o) => o.latest, align: 'right' },
          { header: 'LAG', value: (o) => o.lag, align: 'right' },
          { header: 'CONSUMER', value: (o) => (o.memberId ? clientOf.get(o.memberId) : null) },
        ])}`
  const members =
    g.members.length === 0
      ? ''
      : `\n${table(g.members, [
          { header: 'MEMBER', value: (m) => m.memberId },
          { header: 'CLIENT', value: (m) => m.clientId },
          { header: 'HOST', value: (m) => m.clientHost },
          {
            header: 'ASSIGNMENT',
            value: (m) => m.assignment.map((a) => `${a.topic}:${a.partitions.join(',')}`).join(' '),
          },
        ])}`
  return head + offsets + members
}
