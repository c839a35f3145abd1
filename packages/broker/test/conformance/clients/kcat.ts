/**
 * kcat 1.7 on librdkafka 2.0 as a conformance client. librdkafka's default partitioner is
 * consistent_random (CRC32): `partitioner=murmur2_random` makes it place keys as the Java client
 * does. kcat has no topic admin (topics come from auto-creation) and no committed-offset query.
 */
import { kcatSkip, runKcatOk, spawnKcat } from '../support/kcat.ts'
import type { Client, Conn, GroupMember, InRecord } from './types.ts'

const connArgs = (conn: Conn): string[] => [
  '-b',
  conn.bootstrap,
  ...(conn.sasl
    ? [
        '-X',
        'security.protocol=SASL_PLAINTEXT',
        '-X',
        `sasl.mechanisms=${conn.sasl.mechanism}`,
        '-X',
        `sasl.username=${conn.sasl.username}`,
        '-X',
        `sasl.password=${conn.sasl.password}`,
      ]
    : []),
]

interface KcatMessage {
  partition: number
  offset: number
  key: string | null
  payload: string | null
}

const parseLines = (text: string): InRecord[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as KcatMessage)
    .map((m) => ({ partition: m.partition, offset: BigInt(m.offset), key: m.key, value: m.payload ?? '' }))

interface KcatMetadata {
  controllerid: number
  brokers: Array<{ id: number; name: string }>
  topics: Array<{
    topic: string
    partitions: Array<{
      partition: number
      leader: number
      replicas: Array<{ id: number }>
      isrs: Array<{ id: number }>
    }>
  }>
}

const groupArgs = [
  '-X',
  'auto.offset.reset=earliest',
  '-X',
  'auto.commit.interval.ms=100',
  '-X',
  'session.timeout.ms=10000',
  '-X',
  'heartbeat.interval.ms=300',
  '-X',
  'fetch.wait.max.ms=100',
]

export const kcatClient: Client = {
  name: 'kcat',
  skip: kcatSkip,
  codecs: ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
  lacks: {
    createTopic: 'kcat has no topic admin (topics are auto-created on produce)',
    deleteTopic: 'kcat has no topic admin',
    committed: 'kcat cannot query committed offsets',
  },

  async metadata(conn, topics) {
    const runs = topics && topics.length > 0 ? topics.map((t) => ['-t', t]) : [[]]
    let controllerId: number | undefined
    let brokers: Array<{ id: number; host: string; port: number }> = []
    const out = new Map<
      string,
      Array<{ partition: number; leader: number; replicas: number[]; isr: number[] }>
    >()
    for (const extra of runs) {
      const md = JSON.parse(await runKcatOk(['-L', '-J', ...connArgs(conn), ...extra])) as KcatMetadata
      controllerId = md.controllerid
      brokers = md.brokers.map((b) => {
        const [host, port] = b.name.split(':')
        return { id: b.id, host: host!, port: Number(port) }
      })
      for (const t of md.topics) {
        if (t.topic.startsWith('__')) continue
        out.set(
          t.topic,
          [...t.partitions]
            .sort((a, b) => a.partition - b.partition)
            .map((p) => ({
              partition: p.partition,
              leader: p.leader,
              replicas: p.replicas.map((r) => r.id),
              isr: p.isrs.map((r) => r.id),
            })),
        )
      }
    }
    return { brokers, controllerId, clusterId: undefined, topics: out }
  },

  async listTopics(conn) {
    return [...(await kcatClient.metadata(conn)).topics.keys()]
  },

  async produce(conn, topic, records, options = {}) {
    const keyed = records.some((r) => r.key !== null)
    if (keyed && records.some((r) => r.key === null))
      throw new Error('kcat client: a produce call takes all-keyed or all-unkeyed records')
    const lines = records.map((r) => (keyed ? `${r.key}\t${r.value}` : r.value))
    await runKcatOk(
      [
        '-P',
        ...connArgs(conn),
        '-t',
        topic,
        '-z',
        options.codec ?? 'none',
        ...(keyed ? ['-K', '\t'] : []),
        '-X',
        'partitioner=murmur2_random',
        '-X',
        `acks=${options.acks ?? -1}`,
        '-X',
        `enable.idempotence=${options.idempotent ? 'true' : 'false'}`,
        '-X',
        'linger.ms=5',
      ],
      `${lines.join('\n')}\n`,
    )
  },

  async consume(conn, topic, count, options = {}) {
    const args = options.group
      ? ['-G', options.group, ...connArgs(conn), ...groupArgs, '-J', '-c', String(count), topic]
      : ['-C', ...connArgs(conn), '-t', topic, '-o', 'beginning', '-J', '-c', String(count)]
    return parseLines(await runKcatOk(args, '', 45_000))
  },

  async member(conn, group, topic, name): Promise<GroupMember> {
    // -u: unbuffered output, so records are seen as they are consumed, not when kcat exits.
    const child = spawnKcat(['-G', group, ...connArgs(conn), ...groupArgs, '-u', '-J', topic])
    const records: InRecord[] = []
    let partial = ''
    let stderr = ''
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const text = partial + chunk
      const cut = text.lastIndexOf('\n')
      partial = text.slice(cut + 1)
      records.push(...parseLines(text.slice(0, cut + 1)))
    })
    child.stderr!.setEncoding('utf8').on('data', (c: string) => {
      stderr += c
    })
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
    return {
      name,
      records,
      async stop() {
        if (child.exitCode !== null) throw new Error(`kcat member ${name} had exited: ${stderr}`)
        // kcat closes the consumer on SIGTERM: a final commit, then LeaveGroup.
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        await exited
        clearTimeout(timer)
      },
    }
  },
}
