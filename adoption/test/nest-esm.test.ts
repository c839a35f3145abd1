/**
 * A NestJS application as `nest new` generates it today (ES modules: `"type": "module"`,
 * `module: nodenext`), with SpoolModule.forRoot, a @SpoolHandler, the Spool microservice transport
 * for @EventPattern and a Terminus health check (adoption/projects/nest-esm), from the packed
 * tarballs, on Node 22 and 26.
 */
import { test } from 'node:test'
import { nestApplication } from './helpers/nest-app.ts'

test('NestJS application (ES modules, as nest new makes it) from the packed tarballs', async (t) => {
  await nestApplication(t, ['nest-esm'], 'esm')
})
