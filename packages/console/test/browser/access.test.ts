/**
 * Reaching the console: a gateway with API keys (the page asks for one, keeps it, sends it; a
 * key without the needed role gets the gateway's 403 explained), the live tail with a key in its
 * URL (and a gateway whose stream is off), and the layout on a phone-sized screen.
 */
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeOnBrokers } from '@spool/testing'
import {
  accessibilityViolations,
  type Browser,
  browserSkipReason,
  launchBrowser,
  screenshot,
  visit,
} from './browser.ts'
import { type Stack, startStack } from './stack.ts'

const skip = browserSkipReason()
const keys = {
  reader: { key: 'reader-key-123456', roles: ['read' as const], name: 'dashboard' },
  admin: { key: 'admin-key-123456', roles: ['admin' as const], name: 'ops' },
}

if (skip) {
  it('console access in Chromium', { skip }, () => {})
} else {
  // Auth and layout do not depend on the broker: the embedded one (or an external cluster) is enough.
  describeOnBrokers(
    'console access in Chromium',
    (target) => {
      let stack: Stack
      let browser: Browser
      let secured: string

      before(async () => {
        stack = await startStack(target.bootstrap!)
        secured = (await stack.extraGateway({ auth: { keys: [keys.reader, keys.admin] }, stream: {} })).url
        browser = await launchBrowser()
      })

      after(async () => {
        await browser?.close()
        await stack?.close()
      })

      it('asks for an API key, keeps it, and explains a key that lacks a role', async () => {
        const { page, errors } = await browser.open()
        await visit(page, secured, '/')
        const alert = page.locator('main [role="alert"]')
        await alert.waitFor()
        assert.match((await alert.textContent()) ?? '', /401 SPOOL_ERR_UNAUTHORIZED/)
        await page.locator('#health', { hasText: 'API key needed' }).waitFor()
        assert.deepEqual(await accessibilityViolations(page), [], 'the key request: WCAG 2.1 AA')
        await screenshot(page, `${target.name}/auth-required`)

        await alert.getByRole('button', { name: 'Set API key' }).click()
        const dialog = page.getByRole('dialog', { name: 'API key' })
        await dialog.getByLabel('Key', { exact: true }).fill(keys.reader.key)
        await dialog.getByRole('button', { name: 'Save key' }).click()
        await page.locator('a.stat[href="#/topics"]').waitFor()
        assert.equal(await alert.count(), 0)
        assert.equal(await page.evaluate(() => localStorage.getItem('spool.console.apiKey')), keys.reader.key)
        assert.match((await page.locator('#key-button').textContent()) ?? '', /API key set/)

        // The reader may look but not publish: the 403 says which role is missing.
        await visit(page, secured, '/produce/order.placed')
        await page.getByRole('button', { name: 'Fill with example' }).click()
        await page.getByRole('button', { name: 'Produce event' }).click()
        await alert.waitFor()
        const text = (await alert.textContent()) ?? ''
        assert.match(text, /403 SPOOL_ERR_FORBIDDEN/)
        assert.match(text, /lacks the "publish" role/)
        await screenshot(page, `${target.name}/auth-forbidden`)

        // The live tail sends the key in its URL (browsers cannot set WebSocket headers).
        await visit(page, secured, '/live')
        await page.locator('.live-status[data-state="live"]').waitFor({ timeout: 30_000 })

        // A gateway with its stream turned off: the tail says so instead of retrying forever.
        const { url: quiet } = await stack.extraGateway({ stream: false })
        await visit(page, quiet, '/live')
        await page
          .locator('.live-status[data-state="failed"]', { hasText: 'turned off' })
          .waitFor({ timeout: 30_000 })
        await screenshot(page, `${target.name}/live-stream-off`)
        const stray = errors.filter((e) => !/status of 40[13] |WebSocket/.test(e))
        assert.deepEqual(stray, [], 'only the refusals provoked on purpose')
        await page.close()
      })

      it('fits a phone: the navigation is a menu that opens, navigates and closes', async () => {
        const { page, errors } = await browser.open({ width: 390, height: 844, colorScheme: 'dark' })
        await visit(page, stack.url, '/')
        const menu = page.getByRole('button', { name: 'Menu' })
        assert.equal(await menu.isVisible(), true)
        assert.equal(
          await page.locator('#sidebar').evaluate((el) => el.getBoundingClientRect().right <= 0),
          true,
        )
        await screenshot(page, `${target.name}/mobile-overview`)
        await menu.click()
        assert.equal(await menu.getAttribute('aria-expanded'), 'true')
        await page.waitForFunction(
          () => document.querySelector('#sidebar')!.getBoundingClientRect().left >= 0,
        )
        assert.deepEqual(await accessibilityViolations(page), [], 'the open menu: WCAG 2.1 AA')
        await screenshot(page, `${target.name}/mobile-menu`)
        await page.locator('#sidebar').getByRole('link', { name: 'Consumer groups' }).click()
        await page.waitForFunction(() => document.querySelector('main')?.dataset.route === '#/groups')
        assert.equal(await menu.getAttribute('aria-expanded'), 'false')
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        )
        assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`)
        assert.deepEqual(errors, [])
        await page.close()
      })
    },
    { only: ['embedded', 'external'] },
  )
}
