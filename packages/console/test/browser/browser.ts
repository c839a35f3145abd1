/**
 * Headless Chromium (the Debian package, never a downloaded build) driven by playwright-core,
 * with a fresh profile per run. Every console error and uncaught page error is recorded, so a
 * test can assert that a page loaded cleanly. Screenshots go to test-artifacts/console/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readTestEnv } from '@spool/testing'
import { type BrowserContext, chromium, type Page } from 'playwright-core'

export const chromiumPath = '/usr/bin/chromium'
export const artifactsDir = resolve(import.meta.dirname, '../../../../test-artifacts/console')

const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/**
 * Why the browser suites cannot run here, or undefined. Without Chromium they are skipped with a
 * notice on a developer's machine; under CI=true they run (and fail loudly if it is missing).
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(chromiumPath) || readTestEnv().ci) return undefined
  const reason = `Chromium not found at ${chromiumPath}: install it with \`apt-get install chromium\` to run the console's browser suites`
  process.stderr.write(`\n[console] NOTICE: ${reason}. They are SKIPPED.\n`)
  return reason
}

export interface ConsolePage {
  page: Page
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[]
}

export interface Browser {
  context: BrowserContext
  open(options?: { colorScheme?: 'light' | 'dark'; width?: number; height?: number }): Promise<ConsolePage>
  close(): Promise<void>
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'spool-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args,
    viewport: { width: 1440, height: 900 },
  })
  return {
    context,
    async open({ colorScheme = 'light', width = 1440, height = 900 } = {}) {
      const page = await context.newPage()
      await page.setViewportSize({ width, height })
      await page.emulateMedia({ colorScheme })
      const errors: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`)
      })
      page.on('pageerror', (e) => errors.push(`page: ${e.message}`))
      return { page, errors }
    },
    async close() {
      await context.close().catch(() => {})
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Waits until `route` (or whatever is current) has rendered: a title, no spinner, no pending render. */
export async function settle(page: Page, route?: string): Promise<void> {
  await page.waitForFunction(
    (hash) => {
      const main = document.querySelector('main')
      if (!main || (hash !== null && main.dataset.route !== hash)) return false
      const busy = main.matches('[aria-busy]') || main.querySelector('[aria-busy="true"], .loading') !== null
      return !busy && main.querySelector('h1') !== null
    },
    route === undefined ? null : `#${route}`,
    { timeout: 20_000 },
  )
}

/** Opens a hash route of the console at `base` and waits for it to render. */
export async function visit(page: Page, base: string, route: string): Promise<void> {
  const origin = new URL(base).origin
  if (page.url().startsWith(origin)) {
    await page.evaluate((r) => {
      location.hash = r
    }, route)
  } else {
    await page.goto(`${origin}/#${route}`)
  }
  await settle(page, route)
}

/** Saves a full-page screenshot as test-artifacts/console/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true })
  const path = join(artifactsDir, `${name}.png`)
  // From the top, so sticky bars sit where a person sees them.
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path, fullPage: true })
  return path
}

/** Errors other than Chromium's own "Failed to load resource" line for refusals a test provoked. */
export function unexpected(errors: string[], statuses: number[]): string[] {
  return errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s} `)))
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/**
 * WCAG 2.1 A/AA problems axe-core finds on the page as it is now, one line each
 * (`rule: help — selector, …`); empty when it finds none.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<any> } }).axe
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
    return result.violations.map(
      (v: { id: string; help: string; nodes: Array<{ target: string[] }> }) =>
        `${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    ) as string[]
  })
  return violations
}
