/**
 * Test helpers: a broker per test, and a bare wire client that sends requests encoded with
 * @spool/protocol and reads the framed responses, so handlers are tested through real sockets.
 */
import { once } from 'node:events'
import net from 'node:net'
import type { TestContext } from 'node:test'
import {
  type ApiKey,
  ApiKeys as ApiKeysForHelpers,
  type BatchInput,
  decodeRecords,
  decodeResponse,
  encodeBatch,
  encodeRequest,
  type RequestInput,
  type ResponseOf,
  splitBatches,
} from '@spool/protocol'
import { type BrokerInput, type StartedBroker, startBroker } from '../../src/index.ts'
import { Framer } from '../../src/server/framer.ts'

/** Starts a memory broker on a free port, stopped after the test. */
export async function broker(t: TestContext, options: BrokerInput = {}): Promise<StartedBroker> {
  const b = await startBroker({ port: 0, ...options })
  t.after(() => b.stop())
  return b
}

/** A raw connection: write frames, read frames. */
export class WireClient {
  readonly socket: net.Socket
  readonly #framer = new Framer(1 << 30)
  readonly #frames: Buffer[] = []
  #waiters: Array<() => void> = []
  #correlation = 1
  closed = false

  constructor(socket: net.Socket) {
    this.socket = socket
    socket.on('data', (chunk: Buffer) => {
      for (const f of this.#framer.push(chunk)) this.#frames.push(f)
      this.#wake()
    })
    socket.on('close', () => {
      this.closed = true
      this.#wake()
    })
    socket.on('error', () => {})
  }

  static async connect(port: number): Promise<WireClient> {
    const socket = net.connect({ host: '127.0.0.1', port })
    await once(socket, 'connect')
    return new WireClient(socket)
  }

  #wake(): void {
    const w = this.#waiters
    this.#waiters = []
    for (const f of w) f()
  }

  /** Next response frame (without its size), or undefined when the connection closed first. */
  async frame(timeoutMs = 5_000): Promise<Buffer | undefined> {
    const deadline = Date.now() + timeoutMs
    while (this.#frames.length === 0) {
      if (this.closed) return undefined
      if (Date.now() > deadline) throw new Error('no response frame in time')
      await new Promise<void>((r) => {
        const timer = setTimeout(r, Math.max(1, deadline - Date.now()))
        this.#waiters.push(() => {
          clearTimeout(timer)
          r()
        })
      })
    }
    return this.#frames.shift()
  }

  /** Resolves true once the broker closed the connection. */
  async waitClosed(timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    return this.closed
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes)
  }

  /** Encodes a request (next correlation id). */
  encode<K extends ApiKey>(
    apiKey: K,
    version: number,
    body: RequestInput<K>,
    correlationId = this.#correlation++,
  ): Buffer {
    return encodeRequest({ apiKey, apiVersion: version, correlationId, clientId: 'wire-test' }, body)
  }

  /** Sends a request and decodes its response. */
  async request<K extends ApiKey>(apiKey: K, version: number, body: RequestInput<K>): Promise<ResponseOf<K>> {
    const correlationId = this.#correlation++
    this.write(this.encode(apiKey, version, body, correlationId))
    const frame = await this.frame()
    if (frame === undefined)
      throw new Error(`connection closed instead of answering API ${apiKey} v${version}`)
    const res = decodeResponse(apiKey, version, frame)
    if (res.correlationId !== correlationId)
      throw new Error(`correlation id ${res.correlationId}, expected ${correlationId}`)
    return res.body
  }

  close(): void {
    this.socket.destroy()
  }
}

/** A wire client to `b`, closed after the test. */
export async function wire(t: TestContext, b: { port: number }): Promise<WireClient> {
  const c = await WireClient.connect(b.port)
  t.after(() => c.close())
  return c
}

/** Creates a topic over the wire (CreateTopics v7) and fails the test if it is refused. */
export async function createTopic(
  c: WireClient,
  name: string,
  numPartitions = 1,
  configs: Record<string, string> = {},
): Promise<string> {
  const res = await c.request(ApiKeysForHelpers.CREATE_TOPICS, 7, {
    topics: [
      {
        name,
        numPartitions,
        replicationFactor: 1,
        assignments: [],
        configs: Object.entries(configs).map(([n, value]) => ({ name: n, value })),
      },
    ],
    timeoutMs: 1000,
    validateOnly: false,
  })
  const t = res.topics[0]!
  if (t.errorCode !== 0) throw new Error(`CreateTopics ${name}: error ${t.errorCode} ${t.errorMessage}`)
  return t.topicId
}

/** Produces one batch of string records to a partition (Produce v9), returning the partition response. */
export async function produce(
  c: WireClient,
  topic: string,
  partition: number,
  values: Array<string | Buffer>,
  options: { acks?: number; batch?: Partial<BatchInput> } = {},
) {
  const records = encodeBatch({
    records: values.map((v, i) => ({
      key: null,
      value: Buffer.from(v),
      headers: [],
      timestamp: BigInt(1_700_000_000_000 + i),
    })),
    ...options.batch,
  })
  const res = await c.request(ApiKeysForHelpers.PRODUCE, 9, {
    acks: options.acks ?? -1,
    timeoutMs: 1000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
  })
  return res.responses[0]!.partitionResponses[0]!
}

/** Fetches from one partition (Fetch v12) and decodes the records returned. */
export async function fetchRecords(
  c: WireClient,
  topic: string,
  partition: number,
  offset: bigint,
  options: { maxWaitMs?: number; minBytes?: number; maxBytes?: number } = {},
) {
  const res = await c.request(ApiKeysForHelpers.FETCH, 12, {
    maxWaitMs: options.maxWaitMs ?? 0,
    minBytes: options.minBytes ?? 0,
    maxBytes: options.maxBytes ?? 0x7fffffff,
    topics: [
      {
        topic,
        partitions: [{ partition, fetchOffset: offset, partitionMaxBytes: options.maxBytes ?? 1 << 20 }],
      },
    ],
  })
  const p = res.responses[0]!.partitions[0]!
  const records: Array<{ offset: bigint; value: string }> = []
  const { batches } = splitBatches(p.records ?? Buffer.alloc(0))
  for (const b of batches)
    for (const r of decodeRecords(b).records)
      records.push({ offset: r.offset, value: r.value?.toString() ?? '' })
  return { partition: p, records, batches: batches.length }
}
