/**
 * What the group handlers share: the member's host as Kafka shows it, and the topic checks KafkaApis
 * makes before handing offsets to its coordinator (unknown topics and partitions are answered
 * UNKNOWN_TOPIC_OR_PARTITION, unknown topic ids UNKNOWN_TOPIC_ID, without reaching the coordinator).
 */
import { ErrorCodes } from '@spool/protocol'
import type { BrokerContext } from '../handlers/types.ts'

/** '/127.0.0.1', as Java prints an InetAddress (an IPv4-mapped IPv6 address shown as IPv4). */
export function clientHost(remoteAddress: string): string {
  return `/${remoteAddress.startsWith('::ffff:') ? remoteAddress.slice(7) : remoteAddress}`
}

/** NONE if the partition exists, else UNKNOWN_TOPIC_OR_PARTITION. */
export function partitionError(broker: BrokerContext, topic: string, partition: number): number {
  return broker.topics.partition(topic, partition) === undefined
    ? ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION
    : ErrorCodes.NONE
}

/** The topic's name for a topic id, or undefined. */
export function topicName(broker: BrokerContext, topicId: string): string | undefined {
  return broker.topics.byId(topicId)?.name
}

/** The topic's id for a name, or undefined when the topic does not exist (any more). */
export function topicId(broker: BrokerContext, name: string): string | undefined {
  return broker.topics.get(name)?.id
}
