/**
 * The console in a real headless Chromium against a real broker: every page renders without a
 * console error or WCAG 2.1 AA violation that axe-core finds (light and dark, screenshots kept), an event produced from the generated form
 * reaches the message browser and the live tail (which survives a gateway restart), and a raw record
 * produced from a topic's page shows in that topic's message browser with its key and headers.
 */
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeOnBrokers } from '@spool/testing'
import {
  accessibilityViolations,
  type Browser,
  browserSkipReason,
  type ConsolePage,
  launchBrowser,
  screenshot,
  settle,
  unexpected,
  visit,
} from './browser.ts'
import { apiGet, type Stack, seed, startStack, waitFor } from './stack.ts'

const skip = browserSkipReason()

if (skip) {
  it('console in Chromium', { skip }, () => {})
} else {
  describeOnBrokers('console in Chromium', (target) => {
    let stack: Stack
    let browser: Browser
    let tab: ConsolePage

    before(async () => {
      stack = await startStack(target.bootstrap!)
      browser = await launchBrowser()
      tab = await browser.open()
      await seed(stack)
    })

    after(async () => {
      await browser?.close()
      await stack?.close()
    })

    const shot = (name: string) => screenshot(tab.page, `${target.name}/${name}`)

    it('renders every page without console errors, in light and dark', async () => {
      const { orders, payments } = stack.events
      const pages: Array<[string, string, RegExp]> = [
        ['overview', '/', /^Overview$/],
        ['topics', '/topics', /^Topics$/],
        ['topic', `/topics/${orders}`, new RegExp(`^${orders}$`)],
        ['topic-configs', `/topics/${orders}?tab=configs`, new RegExp(`^${orders}$`)],
        ['messages-pick', '/messages', /^Messages$/],
        ['messages', `/messages/${orders}`, /^Messages$/],
        ['live', '/live', /^Live tail$/],
        ['produce', '/produce/order.placed', /^Produce$/],
        ['produce-raw', `/produce-raw/${orders}`, /^Produce$/],
        ['groups', '/groups', /^Consumer groups$/],
        ['group', `/groups/${stack.ordersGroup}`, new RegExp(`^${stack.ordersGroup}$`)],
        ['catalog', '/catalog', /^Event catalog$/],
        ['catalog-type', '/catalog/order.placed', /^order\.placed$/],
        ['dead-letters', '/dead-letters', /^Dead letters$/],
        ['dead-letter-topic', `/dead-letters/${payments}.dlq`, new RegExp(`^${payments}\\.dlq$`)],
        ['not-found', '/no/such/page', /^Page not found$/],
      ]
      for (const scheme of ['light', 'dark'] as const) {
        const view = await browser.open({ colorScheme: scheme })
        for (const [name, route, heading] of pages) {
          await visit(view.page, stack.url, route)
          assert.match((await view.page.locator('main h1').textContent()) ?? '', heading, route)
          assert.equal(await view.page.locator('main [role="alert"]').count(), 0, `${route} shows an error`)
          assert.deepEqual(await accessibilityViolations(view.page), [], `${route} in ${scheme}: WCAG 2.1 AA`)
          await screenshot(view.page, `${target.name}/${scheme}/${name}`)
        }
        assert.deepEqual(view.errors, [], `console errors in ${scheme}`)
        await view.page.close()
      }
      // Data made it to the pages, not only their frames.
      await visit(tab.page, stack.url, '/topics')
      assert.equal(await tab.page.locator(`a[href="#/topics/${orders}"]`).count(), 1)
      await visit(tab.page, stack.url, `/messages/${orders}`)
      assert.equal(await tab.page.locator('tr.msg-row').count(), 6)
      await visit(tab.page, stack.url, '/')
      // The cluster may hold other suites' dead letters too: at least ours is counted.
      const waiting = tab.page.locator('a.stat[href="#/dead-letters"] .stat-value')
      await waitFor(
        async () => Number(((await waiting.textContent()) ?? '').replace(/\D/g, '')) >= 1,
        'the overview counts the dead letter',
      )
    })

    it('pages through a topic across partitions, and starts from a time', async () => {
      const { page } = tab
      const { orders } = stack.events
      const total = Number((await apiGet(stack.url, `/api/kafka/topics/${orders}`)).messages)
      await visit(page, stack.url, `/messages/${orders}?from=earliest&limit=2`)
      const rows = page.locator('tr.msg-row')
      assert.equal(await rows.count(), 2)
      for (let shown = 2; shown < total; shown = Math.min(total, shown + 2)) {
        await page.getByRole('button', { name: 'Load 2 more' }).click()
        await waitFor(async () => (await rows.count()) === Math.min(total, shown + 2), `${shown + 2} rows`)
      }
      assert.equal(await page.getByRole('button', { name: 'Load 2 more' }).count(), 0, 'nothing left to load')
      const seen = await rows.evaluateAll((trs) =>
        trs.map((tr) => `${(tr as HTMLElement).dataset.partition}:${(tr as HTMLElement).dataset.offset}`),
      )
      assert.equal(new Set(seen).size, total, 'every record once')
      const times = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[3]!.textContent!))
      assert.deepEqual([...times].sort(), times, 'oldest first across partitions')

      // From a time after every record: nothing; from before them all: everything.
      const future = new Date(Date.now() + 3_600_000).toISOString()
      await visit(
        page,
        stack.url,
        `/messages/${orders}?from=timestamp&timestamp=${encodeURIComponent(future)}`,
      )
      assert.match((await page.locator('.results-summary').textContent()) ?? '', /^0 messages/)
      const past = new Date(Date.now() - 3_600_000).toISOString()
      await visit(
        page,
        stack.url,
        `/messages/${orders}?from=timestamp&timestamp=${encodeURIComponent(past)}&limit=100`,
      )
      assert.equal(await rows.count(), total)
      assert.equal(
        await page.locator('input[name="timestamp"]').isVisible(),
        true,
        'the time field shows for a time query',
      )
      assert.deepEqual(tab.errors, [])
    })

    it('produces an event from the generated form; the message browser and the live tail show it', async () => {
      const { page } = tab
      const live = await browser.open()
      await visit(live.page, stack.url, '/live')
      await live.page.locator('.live-status[data-state="live"]').waitFor({ timeout: 30_000 })

      await visit(page, stack.url, '/produce/order.placed')
      const input = (path: string) => page.locator(`:is(input, select, textarea)[data-path="${path}"]`)
      // First an invalid event: the gateway's issues appear under the fields they name.
      await input('data.userId').fill('u42')
      await input('data.amount').fill('-5')
      await page.getByRole('button', { name: 'Produce event' }).click()
      const alert = page.locator('main [role="alert"]')
      await alert.waitFor()
      assert.match((await alert.textContent()) ?? '', /400 SPOOL_ERR_VALIDATION/)
      const amountError = page.locator('.field[data-path="data.amount"] .field-error')
      assert.match((await amountError.textContent()) ?? '', /\S/, 'the amount has its own message')
      assert.equal(await input('data.amount').getAttribute('aria-invalid'), 'true')
      assert.match(
        (await page.locator('.field[data-path="data.orderId"] .field-error').textContent()) ?? '',
        /\S/,
      )
      assert.deepEqual(await accessibilityViolations(page), [], 'the form with its errors: WCAG 2.1 AA')
      await shot('produce-invalid')

      const orderId = `ui-${Date.now()}`
      await input('data.orderId').fill(orderId)
      await input('data.amount').fill('99.5')
      await input('data.currency').selectOption('USD')
      await input('data.express').selectOption('true')
      await page.getByRole('button', { name: 'Add items item' }).click()
      await input('data.items.0').fill('lamp')
      await input('data.address.city').fill('Lyon')
      await page.locator('input[name="userId"]').fill('u42')
      await page.getByRole('button', { name: 'Add attribute' }).click()
      await page.getByLabel('Attribute name').fill('origin')
      await page.getByLabel('Attribute value').fill('console')
      await page.getByRole('button', { name: 'Produce event' }).click()
      const link = page.locator('.produced-link').first()
      await link.waitFor()
      assert.equal(await alert.count(), 0)
      const [, partition, offset] =
        /partition (\d+) · offset (\d+)/.exec((await link.textContent()) ?? '') ?? []
      assert.ok(partition !== undefined && offset !== undefined, 'the result names partition and offset')
      await shot('produce-done')

      // The record, opened in the browser from the result link.
      await link.click()
      await settle(page)
      const opened = page.locator(`tr.msg-row.open[data-partition="${partition}"][data-offset="${offset}"]`)
      await opened.waitFor()
      const details = page.locator('tr.msg-details:not([hidden])')
      const detailText = (await details.textContent()) ?? ''
      assert.match(detailText, new RegExp(orderId))
      assert.match(detailText, /"USD"/)
      assert.match(detailText, /origin/)
      await shot('message-opened')
      await details.getByRole('tab', { name: /Headers/ }).click()
      assert.match((await details.textContent()) ?? '', /content-type/)

      // A filter on the JSON value finds exactly that record among every partition.
      await visit(page, stack.url, `/messages/${stack.events.orders}`)
      await page.locator('input[name="filter"]').fill(`data.orderId=${orderId}`)
      await page.locator('select[name="from"]').selectOption('earliest')
      await page.getByRole('button', { name: 'Fetch' }).click()
      await page.waitForFunction(() =>
        document.querySelector('.results-summary')?.textContent?.startsWith('1 message'),
      )
      assert.equal(await page.locator('tr.msg-row').count(), 1)

      // The live tail received it, with its subject.
      const row = live.page.locator('tr.live-row', { hasText: orderId })
      await row.waitFor({ timeout: 30_000 })
      assert.match((await row.textContent()) ?? '', /order\.placed/)
      assert.match((await row.textContent()) ?? '', /u42/)
      await screenshot(live.page, `${target.name}/live-tail`)

      // A gateway restart: the tail reconnects by itself and keeps receiving.
      await stack.restartGateway()
      await live.page.locator('.live-status[data-state="live"]').waitFor({ timeout: 30_000 })
      await stack.bus.publish(
        stack.events.OrderPlaced,
        { userId: 'u7', orderId: 'after-restart', amount: 1, currency: 'GBP' },
        { subject: 'u7' },
      )
      await live.page.locator('tr.live-row', { hasText: 'after-restart' }).waitFor({ timeout: 30_000 })
      assert.deepEqual(
        live.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e)),
        [],
        'no errors besides the restart',
      )
      assert.deepEqual(
        unexpected(tab.errors, [400]).filter((e) => !/ERR_CONNECTION_REFUSED/.test(e)),
        [],
        'only the refused invalid event, and polls during the restart',
      )
      await live.page.close()
    })

    it('produces a raw record from a topic page; the message browser shows its key, value and headers', async () => {
      const { page } = tab
      const seen = tab.errors.length
      const topic = `console-raw-${Date.now()}`
      const created = await fetch(new URL('/api/kafka/topics', stack.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: topic, partitions: 2 }),
      })
      assert.equal(created.status, 201)
      await visit(page, stack.url, `/topics/${topic}`)
      await page.getByRole('link', { name: 'Produce to this topic' }).click()
      await settle(page, `/produce-raw/${topic}`)
      assert.equal(await page.locator('select[name="topic"]').inputValue(), topic)
      assert.equal(
        await page.locator('select[name="partition"] option').count(),
        3,
        'any, or one of the 2 partitions',
      )
      const submit = page.getByRole('button', { name: 'Produce record' })
      const valueError = page.locator('.field[data-path="value"] .field-error')

      // JSON that does not parse is caught before anything is sent.
      await page.locator('textarea[name="value"]').fill('{"kind": ')
      await submit.click()
      await valueError.waitFor()
      assert.match((await valueError.textContent()) ?? '', /not valid JSON/)
      assert.equal(await page.locator('textarea[name="value"]').getAttribute('aria-invalid'), 'true')

      // A header name the gateway refuses: its issue lands under the headers.
      const key = `raw-key-${Date.now()}`
      await page.locator('textarea[name="value"]').fill('{"kind": "raw", "n": 1}')
      await page.getByRole('button', { name: 'Add header' }).click()
      await page.getByLabel('Header name').fill('h'.repeat(300))
      await page.getByLabel('Header value').fill('x')
      await submit.click()
      const alert = page.locator('main [role="alert"]')
      await alert.waitFor()
      assert.match((await alert.textContent()) ?? '', /400 SPOOL_ERR_VALIDATION/)
      const headersError = page.locator('fieldset[data-path="headers"] > .field-error')
      assert.match((await headersError.textContent()) ?? '', /\S/)
      assert.equal(await valueError.isVisible(), false, 'the value is fine now')
      assert.deepEqual(await accessibilityViolations(page), [], 'the raw form with its errors: WCAG 2.1 AA')
      await shot('produce-raw-invalid')

      await page.getByRole('button', { name: 'Remove header' }).click()
      await page.locator('select[name="partition"]').selectOption('1')
      await page.locator('input[name="key"]').fill(key)
      for (const [name, value] of [
        ['trace-id', 'abc-123'],
        ['source', 'console'],
      ]) {
        await page.getByRole('button', { name: 'Add header' }).click()
        await page.getByLabel('Header name').last().fill(name!)
        await page.getByLabel('Header value').last().fill(value!)
      }
      await submit.click()
      const link = page.locator('.produced-link', { hasText: `${topic} · partition 1 · offset 0` })
      await link.waitFor()
      assert.equal(await alert.count(), 0)
      // Text mode writes anything as it is: a second record, without key or headers.
      await page.getByRole('button', { name: 'Clear' }).click()
      await page.getByRole('button', { name: 'Text', exact: true }).click()
      await page.locator('textarea[name="value"]').fill('plain text, not JSON')
      await page.locator('select[name="partition"]').selectOption('1')
      await submit.click()
      await page.locator('.produced-link', { hasText: `${topic} · partition 1 · offset 1` }).waitFor()
      await shot('produce-raw-done')

      // The first record, opened in the browser from its result link.
      await link.click()
      await settle(page)
      const opened = page.locator('tr.msg-row.open[data-partition="1"][data-offset="0"]')
      await opened.waitFor()
      assert.equal((await opened.locator('.cell-key').textContent())?.trim(), key)
      const details = page.locator('tr.msg-details:not([hidden])')
      assert.match((await details.textContent()) ?? '', /"kind"/)
      await details.getByRole('tab', { name: /Headers/ }).click()
      const headerText = (await details.textContent()) ?? ''
      assert.match(headerText, /trace-id/)
      assert.match(headerText, /abc-123/)
      assert.match(headerText, /source/)
      await shot('produce-raw-message')

      await visit(page, stack.url, `/messages/${topic}?partition=1&from=earliest`)
      const values = await page.locator('tr.msg-row .value-preview').allTextContents()
      assert.deepEqual(values.length, 2)
      assert.ok(values.some((v) => v.includes('plain text, not JSON')))
      assert.deepEqual(unexpected(tab.errors.slice(seen), [400]), [], 'only the refused header name')
    })
  })
}
