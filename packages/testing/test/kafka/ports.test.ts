import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { it } from 'node:test'
import { freePorts } from '../../src/index.ts'

it('freePorts returns distinct ports that can be bound on 127.0.0.1', async () => {
  const ports = await freePorts(6)
  assert.equal(new Set(ports).size, 6)
  for (const port of ports) {
    assert.ok(port > 1024 && port !== 9092 && port !== 9093)
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})
