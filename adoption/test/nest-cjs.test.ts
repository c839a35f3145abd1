/**
 * The nest-esm application switched to CommonJS (no `"type": "module"`, `module: commonjs`:
 * adoption/projects/nest-cjs over nest-esm), which loads the ES-module Spool packages through
 * require(esm), on Node 22 and 26.
 */
import { test } from 'node:test'
import { nestApplication } from './helpers/nest-app.ts'

test('NestJS application switched to CommonJS from the packed tarballs', async (t) => {
  await nestApplication(t, ['nest-esm', 'nest-cjs'], 'cjs')
})
