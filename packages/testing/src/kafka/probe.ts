/**
 * Readiness as a client sees it: a real Kafka client (@platformatic/kafka) connects to one node
 * and asks for cluster metadata. A node is ready when it answers and lists the expected brokers;
 * an open port alone is not enough (the controller listener opens first, and a broker that has
 * not caught up with the metadata log answers with a partial broker list).
 */
import { Admin } from '@platformatic/kafka'

/** What one successful probe saw. */
export interface ProbeResult {
  /** Ids of the brokers the node lists as alive (unfenced). */
  readonly brokerIds: number[]
  readonly clusterId: string
}

/**
 * Asks the broker at `address` (`host:port`) for metadata once, without retries.
 *
 * @example
 * const { brokerIds } = await probeBroker('127.0.0.1:40123', 2_000)
 */
export async function probeBroker(address: string, timeoutMs: number): Promise<ProbeResult> {
  const admin = new Admin({
    clientId: 'spool-testing-probe',
    bootstrapBrokers: [address],
    retries: 0,
    timeout: timeoutMs,
    connectTimeout: timeoutMs,
  })
  try {
    const metadata = await admin.metadata({ topics: [], forceUpdate: true })
    return { brokerIds: [...metadata.brokers.keys()].sort((a, b) => a - b), clusterId: metadata.id }
  } finally {
    await admin.close().catch(() => {})
  }
}
