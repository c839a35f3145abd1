/**
 * Fetches the pinned Apache Kafka jars into `.cache/kafka` (CI runs this before the tests so the
 * download is timed on its own). Exits 1 when Java or Maven is missing or Maven fails.
 *
 * @example
 * node packages/testing/src/bin/fetch-kafka.ts
 */
import { fetchKafka } from '../kafka/fetch.ts'

try {
  const started = performance.now()
  const kafka = await fetchKafka({ log: (line) => console.log(line) })
  console.log(
    `Apache Kafka ${kafka.version} (tools ${kafka.toolsVersion}) ready in ${kafka.libDir} ` +
      `(${Math.round(performance.now() - started)} ms)`,
  )
} catch (err) {
  console.error((err as Error).message)
  process.exitCode = 1
}
