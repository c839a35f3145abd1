/**
 * kafka-consumer-groups (ConsumerGroupCommand): describe with lag, and offset resets, parsed from
 * the tool's tables by their column headers.
 */
import type { Conn } from '../clients/types.ts'
import { javaConnArgs, javaTools, runJavaOk } from './java.ts'

/** One row of `kafka-consumer-groups --describe`. Offsets the tool prints as `-` are null. */
export interface GroupOffsetRow {
  readonly topic: string
  readonly partition: number
  readonly currentOffset: bigint | null
  readonly logEndOffset: bigint | null
  readonly lag: bigint | null
  readonly consumerId: string
}

/** Rows of the first table in `text` whose header line starts with `GROUP`, keyed by column name. */
export function parseTable(text: string): Array<Record<string, string>> {
  const lines = text.split('\n')
  const start = lines.findIndex((l) => /^GROUP\s+TOPIC\s+PARTITION/.test(l))
  if (start === -1) return []
  const header = lines[start]!.trim().split(/\s+/)
  const rows: Array<Record<string, string>> = []
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break
    const cells = line.trim().split(/\s+/)
    rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])))
  }
  return rows
}

const offset = (s: string | undefined): bigint | null => (s === undefined || s === '-' ? null : BigInt(s))

/** `kafka-consumer-groups --describe --group <group>`. */
export async function describeGroup(conn: Conn, group: string): Promise<GroupOffsetRow[]> {
  const out = await runJavaOk(javaTools.consumerGroups, [
    ...javaConnArgs(conn),
    '--describe',
    '--group',
    group,
  ])
  return parseTable(out).map((r) => ({
    topic: r.TOPIC!,
    partition: Number(r.PARTITION),
    currentOffset: offset(r['CURRENT-OFFSET']),
    logEndOffset: offset(r['LOG-END-OFFSET']),
    lag: offset(r.LAG),
    consumerId: r['CONSUMER-ID'] ?? '-',
  }))
}

/**
 * `kafka-consumer-groups --reset-offsets <how…> --topic <topic> --execute`; returns the new offset
 * of each partition as the tool printed it.
 */
export async function resetOffsets(
  conn: Conn,
  group: string,
  topic: string,
  how: readonly string[],
): Promise<Map<number, bigint>> {
  const out = await runJavaOk(javaTools.consumerGroups, [
    ...javaConnArgs(conn),
    '--reset-offsets',
    '--group',
    group,
    '--topic',
    topic,
    ...how,
    '--execute',
  ])
  return new Map(parseTable(out).map((r) => [Number(r.PARTITION), BigInt(r['NEW-OFFSET']!)]))
}
