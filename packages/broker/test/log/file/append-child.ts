/**
 * Child process for the SIGKILL test: appends batches to a file store forever, printing
 * `ack <baseOffset> <label>` once each append resolved. The parent kills it with SIGKILL mid-stream.
 */
import { encodeBatch } from '@spool/protocol'
import { fileLogStore } from '../../../src/log/file/store.ts'
import { testConfig } from '../helpers.ts'

const dir = process.argv[2]!
const store = fileLogStore({ dir })
const log = await store.open('killed', 0, { ...testConfig, segmentBytes: 64 * 1024 })
let i = 0
while (true) {
  // Several appends in flight at once, as a broker with many producers would have.
  const labels = Array.from({ length: 4 }, () => `m${i++}`)
  await Promise.all(
    labels.map(async (label) => {
      const batch = encodeBatch({ records: [{ value: `${label}${'.'.repeat(200)}` }] })
      const { baseOffset } = await log.append([batch])
      process.stdout.write(`ack ${baseOffset} ${label}\n`)
    }),
  )
}
