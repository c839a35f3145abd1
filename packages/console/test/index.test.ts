import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { describe, it } from 'node:test'
import { createBus } from '@spool/bus'
import { consoleDir, consoleIndex, hasConsole } from '@spool/console'
import { createGateway } from '@spool/gateway'
import { pino } from 'pino'

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  )

describe('console package', () => {
  it('exports the absolute path of a folder holding index.html', () => {
    assert.ok(isAbsolute(consoleDir))
    assert.equal(consoleIndex, join(consoleDir, 'index.html'))
    assert.equal(hasConsole(), true)
    assert.match(readFileSync(consoleIndex, 'utf8'), /<title>Spool console<\/title>/)
  })

  it('references only files that exist: every stylesheet, script and module import', () => {
    const html = readFileSync(consoleIndex, 'utf8')
    const linked = [...html.matchAll(/(?:href|src)="\/([^"#]+)"/g)].map((m) => m[1]!)
    assert.ok(linked.length >= 6, 'the page links its styles, script and icon')
    for (const path of linked) assert.ok(existsSync(join(consoleDir, path)), `index.html links /${path}`)
    const modules = files(join(consoleDir, 'js')).filter((f) => f.endsWith('.js'))
    assert.ok(modules.length > 20)
    for (const file of modules) {
      const source = readFileSync(file, 'utf8')
      for (const [, spec] of source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)) {
        assert.ok(
          spec!.startsWith('.'),
          `${relative(consoleDir, file)} imports a bare specifier ${spec}: browsers cannot resolve it`,
        )
        assert.ok(
          existsSync(resolve(dirname(file), spec!)),
          `${relative(consoleDir, file)} imports ${spec}, which is missing`,
        )
      }
      assert.doesNotMatch(
        source,
        /\.innerHTML\s*=/,
        `${relative(consoleDir, file)} must build DOM, not HTML strings`,
      )
    }
  })

  it('is served by the gateway: the page, ES modules as JavaScript, and deep links', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-console-unit-'))
    const logger = pino({ level: 'silent' })
    const bus = createBus({
      brokers: ['127.0.0.1:1'],
      offline: 'fail',
      offlinePath: join(dir, 'o.db'),
      logger,
      connectionTimeout: 200,
      retries: 0,
    })
    const gateway = createGateway({
      bus,
      console: consoleDir,
      logger: logger as never,
      stream: false,
      docs: false,
    })
    t.after(async () => {
      await gateway.close()
      await bus.close(1_000).catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    })
    const page = await gateway.inject({ url: '/' })
    assert.equal(page.statusCode, 200)
    assert.match(page.headers['content-type'] as string, /text\/html/)
    const script = await gateway.inject({ url: '/js/main.js' })
    assert.equal(script.statusCode, 200)
    assert.match(
      script.headers['content-type'] as string,
      /javascript/,
      'module scripts need a JavaScript MIME type',
    )
    const css = await gateway.inject({ url: '/css/tokens.css' })
    assert.match(css.headers['content-type'] as string, /text\/css/)
    const deep = await gateway.inject({ url: '/topics/orders', headers: { accept: 'text/html' } })
    assert.equal(deep.statusCode, 200)
    assert.match(deep.body, /Spool console/)
  })
})
