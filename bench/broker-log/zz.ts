import { mkdtemp } from 'node:fs/promises'
import { encodeBatch } from '@spool/protocol'
import { defaultLogConfig } from '../../packages/broker/src/log/config.ts'
import { fileLogStore } from '../../packages/broker/src/log/file/store.ts'

const dir = await mkdtemp('/dev/shm/zz-')
const store = fileLogStore({ dir })
const log = await store.open('b', 0, defaultLogConfig)
const b = encodeBatch({ records: [{ value: Buffer.alloc(1000) }] })
const t0 = performance.now()
const N = 100000
for (let i = 0; i < N; i++) await log.append([b])
const dt = performance.now() - t0
console.log(((N / dt) * 1000).toFixed(0), 'appends/s', ((dt * 1000) / N).toFixed(2), 'us/append')
await store.close()
