import assert from 'node:assert/strict'
import { test } from 'node:test'
import { assertSupportedNode, isSupportedNode } from '../src/index.ts'

test('Node 22.12 and newer are supported; older ones are refused naming the supported versions', () => {
  for (const v of ['22.12.0', '22.22.1', '23.0.0', '24.21.0', '26.1.0']) assert.ok(isSupportedNode(v), v)
  for (const v of ['20.20.2', '22.11.0', '18.0.0']) assert.ok(!isSupportedNode(v), v)
  assert.throws(() => assertSupportedNode('20.19.0'), {
    code: 'SPOOL_ERR_UNSUPPORTED',
    message: 'Spool needs Node.js 22.12.0 or newer (22, 24, 26); this is 20.19.0',
  })
})
