/**
 * Kafka's own Java CLI tools (kafka-tools 4.3: kafka-clients with the newest protocol versions,
 * flexible everywhere, idempotent producer by default) as a conformance client: kafka-topics,
 * the console producer and consumer, kafka-consumer-groups, kafka-cluster and
 * kafka-broker-api-versions.
 */
import { uniqueName } from '@spool/testing'
import { javaConnArgs, javaSkip, javaTools, runJavaOk, spawnJava } from '../support/java.ts'
import { describeGroup } from '../support/java-groups.ts'
import type { Client, GroupMember, InRecord } from './types.ts'

/** `Topic: t	Partition: 0	Leader: 1	Replicas: 1	Isr: 1 …` lines of `kafka-topics --describe`. */
function parseTopicDescribe(text: string) {
  const topics = new Map<
    string,
    Array<{ partition: number; leader: number; replicas: number[]; isr: number[] }>
  >()
  const ids = (s: string) => (s.trim() === '' ? [] : s.trim().split(',').map(Number))
  for (const line of text.split('\n')) {
    const m = /Topic: (\S+)\s+Partition: (\d+)\s+Leader: (-?\d+)\s+Replicas: ([\d,]*)\s+Isr: ([\d,]*)/.exec(
      line,
    )
    if (!m) continue
    const list = topics.get(m[1]!) ?? []
    list.push({ partition: Number(m[2]), leader: Number(m[3]), replicas: ids(m[4]!), isr: ids(m[5]!) })
    topics.set(m[1]!, list)
  }
  for (const list of topics.values()) list.sort((a, b) => a.partition - b.partition)
  return topics
}

/** Console consumer lines printed with print.partition, print.offset and print.key. */
function parseConsumed(text: string): InRecord[] {
  const out: InRecord[] = []
  for (const line of text.split('\n')) {
    const m = /^Partition:(\d+)\tOffset:(\d+)\t([^\t]*)\t(.*)$/.exec(line)
    if (!m) continue
    out.push({
      partition: Number(m[1]),
      offset: BigInt(m[2]!),
      key: m[3] === 'null' ? null : m[3]!,
      value: m[4]!,
    })
  }
  return out
}

const formatArgs = [
  '--formatter-property',
  'print.partition=true',
  '--formatter-property',
  'print.offset=true',
  '--formatter-property',
  'print.key=true',
  '--formatter-property',
  'key.separator=\t',
]

const groupProps = [
  '--command-property',
  'auto.commit.interval.ms=100',
  '--command-property',
  'session.timeout.ms=10000',
  '--command-property',
  'heartbeat.interval.ms=300',
  '--command-property',
  'fetch.max.wait.ms=100',
  '--command-property',
  'auto.offset.reset=earliest',
]

export const javaClient: Client = {
  name: 'java',
  skip: javaSkip,
  codecs: ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
  lacks: {},

  async metadata(conn, topics) {
    const c = javaConnArgs(conn)
    const [cluster, versions, described] = await Promise.all([
      runJavaOk(javaTools.clusterTool, ['cluster-id', ...c]),
      runJavaOk(javaTools.brokerApiVersions, c),
      runJavaOk(javaTools.topics, [
        ...c,
        '--describe',
        ...(topics && topics.length > 0 ? ['--topic', topics.join('|')] : ['--exclude-internal']),
      ]),
    ])
    const brokers = [...versions.matchAll(/^(\S+):(\d+) \(id: (\d+) /gm)].map((m) => ({
      id: Number(m[3]),
      host: m[1]!,
      port: Number(m[2]),
    }))
    return {
      brokers,
      controllerId: undefined,
      clusterId: /Cluster ID: (\S+)/.exec(cluster)?.[1],
      topics: parseTopicDescribe(described),
    }
  },

  async createTopic(conn, topic, partitions) {
    await runJavaOk(javaTools.topics, [
      ...javaConnArgs(conn),
      '--create',
      '--topic',
      topic,
      '--partitions',
      String(partitions),
      '--replication-factor',
      '1',
    ])
  },

  async listTopics(conn) {
    const out = await runJavaOk(javaTools.topics, [...javaConnArgs(conn), '--list', '--exclude-internal'])
    return out.split('\n').filter((l) => l.trim() !== '')
  },

  async deleteTopic(conn, topic) {
    await runJavaOk(javaTools.topics, [...javaConnArgs(conn), '--delete', '--topic', topic])
  },

  async produce(conn, topic, records, options = {}) {
    const keyed = records.some((r) => r.key !== null)
    if (keyed && records.some((r) => r.key === null))
      throw new Error('java client: a produce call takes all-keyed or all-unkeyed records')
    const lines = records.map((r) => (keyed ? `${r.key}\t${r.value}` : r.value))
    await runJavaOk(
      javaTools.consoleProducer,
      [
        ...javaConnArgs(conn),
        '--topic',
        topic,
        '--compression-codec',
        options.codec ?? 'none',
        '--request-required-acks',
        String(options.acks ?? -1),
        // The Java producer is idempotent unless told otherwise.
        '--command-property',
        `enable.idempotence=${options.idempotent === false ? 'false' : 'true'}`,
        '--command-property',
        'linger.ms=5',
        ...(keyed ? ['--reader-property', 'parse.key=true', '--reader-property', 'key.separator=\t'] : []),
      ],
      { input: `${lines.join('\n')}\n` },
    )
  },

  async consume(conn, topic, count, options = {}) {
    const out = await runJavaOk(
      javaTools.consoleConsumer,
      [
        ...javaConnArgs(conn),
        '--topic',
        topic,
        '--group',
        options.group ?? uniqueName('java-read'),
        '--max-messages',
        String(count),
        '--timeout-ms',
        '30000',
        ...formatArgs,
        ...groupProps,
      ],
      { timeout: 60_000 },
    )
    return parseConsumed(out)
  },

  async member(conn, group, topic, name): Promise<GroupMember> {
    const child = await spawnJava(javaTools.consoleConsumer, [
      ...javaConnArgs(conn),
      '--topic',
      topic,
      '--group',
      group,
      ...formatArgs,
      ...groupProps,
      '--command-property',
      `client.id=${name}`,
    ])
    child.stdin!.end()
    const records: InRecord[] = []
    let partial = ''
    let stderr = ''
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const text = partial + chunk
      const cut = text.lastIndexOf('\n')
      partial = text.slice(cut + 1)
      records.push(...parseConsumed(text.slice(0, cut + 1)))
    })
    child.stderr!.setEncoding('utf8').on('data', (c: string) => {
      stderr += c
    })
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
    return {
      name,
      records,
      async stop() {
        if (child.exitCode !== null) throw new Error(`java member ${name} had exited: ${stderr}`)
        // The console consumer's shutdown hook closes the consumer: a final commit, then LeaveGroup.
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
        await exited
        clearTimeout(timer)
      },
    }
  },

  async committed(conn, group, topic) {
    const rows = await describeGroup(conn, group)
    return new Map(
      rows
        .filter((r) => r.topic === topic && r.currentOffset !== null)
        .map((r) => [r.partition, r.currentOffset!]),
    )
  },
}
