/**
 * `spool topics list|create|describe|delete` — topic administration on any cluster, through the
 * bus's Admin (the same calls the gateway and the console make).
 */
import type { TopicDescription } from '@spool/bus'
import { Command, Option } from 'commander'
import { type CommandIO, collect, connectionOptions, keyValues, withAdmin } from '../context.ts'
import { exitCodeHelp } from '../errors.ts'
import { table } from '../output.ts'
import { positiveInt, replicationFactor } from '../parse.ts'

const bytes = (n: number | undefined): string => {
  if (n === undefined) return '-'
  if (n < 1_024) return `${n} B`
  if (n < 1_048_576) return `${(n / 1_024).toFixed(1)} KiB`
  if (n < 1_073_741_824) return `${(n / 1_048_576).toFixed(1)} MiB`
  return `${(n / 1_073_741_824).toFixed(1)} GiB`
}

/**
 * @example
 * program.addCommand(topicsCommand(io))
 */
export function topicsCommand(io: CommandIO): Command {
  const topics = new Command('topics').description('list, create, describe and delete topics')

  connectionOptions(
    topics
      .command('list')
      .description('list topics with partitions, messages and size')
      .option('--internal', 'include internal topics (__consumer_offsets, …)'),
  ).action((flags) =>
    withAdmin(io, flags, async (admin, print) => {
      const list = await admin.listTopics({ includeInternal: flags.internal === true })
      print.result({ topics: list }, () =>
        list.length === 0
          ? 'no topics\n'
          : table(list, [
              { header: 'TOPIC', value: (t) => t.name },
              { header: 'PARTITIONS', value: (t) => t.partitions, align: 'right' },
              { header: 'RF', value: (t) => t.replicationFactor, align: 'right' },
              { header: 'MESSAGES', value: (t) => t.messages, align: 'right' },
              { header: 'SIZE', value: (t) => bytes(t.size), align: 'right' },
            ]),
      )
    }),
  )

  connectionOptions(
    topics
      .command('create')
      .description('create a topic')
      .argument('<topic>', 'topic name')
      .option('--partitions <n>', 'number of partitions (default: 3)', positiveInt('--partitions'))
      .addOption(
        new Option('--replication-factor <n>', 'replicas per partition; -1 = the broker default').argParser(
          replicationFactor,
        ),
      )
      .option('--config <key=value>', 'topic config, e.g. retention.ms=86400000 (repeatable)', collect)
      .addHelpText(
        'after',
        '\nExample:\n  spool topics create orders --partitions 6 --config retention.ms=604800000',
      ),
  ).action((name: string, flags) =>
    withAdmin(io, flags, async (admin, print) => {
      const configs = keyValues('--config', flags.config)
      const created = await admin.createTopic({
        name,
        partitions: flags.partitions,
        replicationFactor: flags.replicationFactor,
        configs,
      })
      print.result(created, () => `created topic ${created.name} (${created.partitions} partitions)\n`)
    }),
  )

  connectionOptions(
    topics
      .command('describe')
      .description('partitions (leader, replicas, offsets) and configs of a topic')
      .argument('<topic>', 'topic name')
      .option('--all-configs', 'show every config, not only the ones set on the topic'),
  ).action((name: string, flags) =>
    withAdmin(io, flags, async (admin, print) => {
      const topic = await admin.describeTopic(name)
      print.result(topic, () => describeText(topic, flags.allConfigs === true))
    }),
  )

  connectionOptions(
    topics.command('delete').description('delete a topic and its records').argument('<topic>', 'topic name'),
  ).action((name: string, flags) =>
    withAdmin(io, flags, async (admin, print) => {
      await admin.deleteTopic(name)
      print.result({ deleted: name }, () => `deleted topic ${name}\n`)
    }),
  )

  for (const c of topics.commands) c.addHelpText('after', exitCodeHelp)
  return topics
}

function describeText(topic: TopicDescription, allConfigs: boolean): string {
  const head =
    `Topic: ${topic.name}  id: ${topic.id}  partitions: ${topic.partitions}  ` +
    `replication factor: ${topic.replicationFactor}  messages: ${topic.messages}  size: ${bytes(topic.size)}\n\n`
  const partitions = table(topic.partitionDetails, [
    { header: 'PARTITION', value: (p) => p.partition, align: 'right' },
    { header: 'LEADER', value: (p) => p.leader, align: 'right' },
    { header: 'REPLICAS', value: (p) => p.replicas },
    { header: 'ISR', value: (p) => p.isr },
    { header: 'EARLIEST', value: (p) => p.earliest, align: 'right' },
    { header: 'LATEST', value: (p) => p.latest, align: 'right' },
    { header: 'MESSAGES', value: (p) => p.messages, align: 'right' },
  ])
  const configs = topic.configs.filter((c) => allConfigs || c.source === 'topic')
  const configText =
    configs.length === 0
      ? allConfigs
        ? ''
        : '\nConfigs: all defaults (--all-configs to list them)\n'
      : `\n${table(configs, [
          { header: 'CONFIG', value: (c) => c.name },
          { header: 'VALUE', value: (c) => (c.sensitive ? '(sensitive)' : c.value) },
          { header: 'SOURCE', value: (c) => c.source },
        ])}`
  return head + partitions + configText
}
