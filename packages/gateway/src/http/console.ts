/**
 * Serves the console's static files (a built single-page app) at the root, when a folder is
 * given or the console package has been built. API routes always win over files.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

export async function installConsole(app: FastifyInstance, folder: string | false): Promise<boolean> {
  if (folder === false || !existsSync(folder)) return false
  await app.register(fastifyStatic, {
    root: resolve(folder),
    prefix: '/',
    wildcard: true,
    index: ['index.html'],
  })
  return existsSync(resolve(folder, 'index.html'))
}
