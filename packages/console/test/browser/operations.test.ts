/**
 * Operating Kafka from the console, in a real headless Chromium against a real broker: dead
 * letters are inspected and redriven (one, then all) and their handler handles them; a consumer
 * group's lag shows per partition, its consumers are stopped and started, its offsets reset.
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
  it('console operations in Chromium', { skip }, () => {})
} else {
  describeOnBrokers('console operations in Chromium', (target) => {
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

    it('redrives a dead letter from the UI, and the handler handles it', async () => {
      const { page } = tab
      const dlq = `${stack.events.payments}.dlq`
      await visit(page, stack.url, '/dead-letters')
      await page.locator(`a[href="#/dead-letters/${dlq}"]`).first().click()
      await settle(page, `/dead-letters/${dlq}`)
      const row = page.locator('tr.dlq-row').first()
      assert.match((await row.textContent()) ?? '', /non-retryable/)
      assert.match((await row.textContent()) ?? '', /card declined for pay-1/)
      assert.match((await row.textContent()) ?? '', /pending/)
      await row.getByRole('button', { name: /Details of dead letter/ }).click()
      await page.locator('tr.msg-details:not([hidden])').getByRole('tab', { name: 'Error' }).click()
      assert.match(
        (await page.locator('tr.msg-details:not([hidden])').textContent()) ?? '',
        /SPOOL_ERR_NON_RETRYABLE/,
      )
      assert.deepEqual(await accessibilityViolations(page), [], 'the opened dead letter: WCAG 2.1 AA')
      await shot('dead-letter-details')

      // A second failure, then the handler is fixed.
      await stack.bus.publish(stack.events.PaymentCaptured, {
        paymentId: 'pay-2',
        orderId: 'seed-2',
        amount: 20,
      })
      await waitFor(
        () => stack.bus.consumer(stack.billingGroup).status().deadLettered === 2,
        'the second payment dead-lettered',
      )
      stack.heal()
      await page.getByRole('button', { name: 'Refresh' }).click()
      await page.locator('tr.dlq-row').nth(1).waitFor()
      await page.getByRole('button', { name: 'Redrive all pending (2)' }).waitFor()

      // One, selected: it is handled, and shown as redriven (the ledger remembers single redrives).
      const first = page.locator('tr.dlq-row', { hasText: 'pay-1' })
      await first.getByRole('checkbox').check()
      await page.getByRole('button', { name: 'Redrive 1 selected' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByRole('button', { name: 'Redrive' }).click()
      await page.locator('.toast', { hasText: 'Redriven 1 event' }).waitFor()
      await waitFor(() => stack.handledPayments.includes('pay-1'), 'the redriven payment handled')
      await page.locator('tr.dlq-row', { hasText: 'pay-1' }).filter({ hasText: 'redriven' }).waitFor()
      assert.deepEqual(stack.handledPayments, ['pay-1'])

      // Then every pending one in bulk: only pay-2 is still pending, so only it is sent. (The first
      // toast says the same words: it has to be gone before the second is awaited.)
      await page.locator('.toast', { hasText: 'Redriven 1 event' }).waitFor({ state: 'detached' })
      await page.getByRole('button', { name: 'Redrive all pending (1)' }).click()
      await dialog.getByRole('button', { name: 'Redrive' }).click()
      await page.locator('.toast', { hasText: 'Redriven 1 event' }).waitFor()
      await waitFor(() => stack.handledPayments.includes('pay-2'), 'the bulk-redriven payment handled')
      await waitFor(
        async () => (await page.locator('tr.dlq-row', { hasText: /redriven$/ }).count()) === 2,
        'both shown as redriven',
      )
      assert.deepEqual(stack.handledPayments.toSorted(), ['pay-1', 'pay-2'], 'pay-1 was not sent twice')
      assert.equal(await page.getByRole('button', { name: 'Redrive all pending (0)' }).isDisabled(), true)
      await visit(page, stack.url, '/dead-letters')
      const listed = page.locator('tr', { hasText: dlq })
      assert.match((await listed.textContent()) ?? '', /^\S+\s*\S+\s*0\s*2/, 'none waiting, two retained')
      await shot('dead-letter-redriven')
      assert.deepEqual(tab.errors, [])
    })

    it('shows a group’s lag per partition and resets its offsets', async () => {
      const { page } = tab
      const group = stack.ordersGroup
      const { orders } = stack.events
      await visit(page, stack.url, `/groups/${group}`)
      const stat = (label: string) => page.locator('.stat', { hasText: label }).locator('.stat-value')
      await waitFor(
        async () => (await stat('Total lag').textContent()) === '0',
        'no lag while it runs',
        20_000,
      )
      assert.match((await stat('State').textContent()) ?? '', /Stable/)
      assert.equal(
        await page.locator('#grp-members ~ * tbody tr, [aria-labelledby="grp-members"] tbody tr').count(),
        1,
      )

      // A reset while members run is refused, and the dialog says why.
      await page.getByRole('button', { name: 'Reset offsets' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.locator('select[name="topic"]').selectOption(orders)
      await dialog.getByRole('button', { name: 'Reset offsets' }).click()
      await dialog.locator('[role="alert"]').waitFor()
      assert.match((await dialog.locator('[role="alert"]').textContent()) ?? '', /409 SPOOL_ERR_CONFLICT/)
      assert.deepEqual(await accessibilityViolations(page), [], 'the dialog with its error: WCAG 2.1 AA')
      await screenshot(page, `${target.name}/group-reset-refused`)
      await dialog.getByRole('button', { name: 'Cancel' }).click()

      // Stop the service's consumers from the console; new events then wait as lag.
      await page.getByRole('button', { name: 'Stop consumers' }).click()
      await waitFor(
        async () => (await apiGet(stack.url, `/api/kafka/groups/${group}`)).state === 'Empty',
        'the group empty',
      )
      const before = stack.handledOrders.length
      for (const n of [1, 2, 3]) {
        await stack.bus.publish(stack.events.OrderPlaced, {
          userId: 'u9',
          orderId: `lag-${n}`,
          amount: n,
          currency: 'EUR',
        })
      }
      await page.getByRole('button', { name: 'Refresh' }).click()
      await waitFor(async () => (await stat('Total lag').textContent()) === '3', 'a lag of 3 shown', 20_000)
      assert.match((await stat('State').textContent()) ?? '', /Empty/)
      const lagCells = await page.locator('[aria-labelledby="grp-lag"] tbody tr').allTextContents()
      assert.equal(lagCells.length, (await apiGet(stack.url, `/api/kafka/topics/${orders}`)).partitions)
      await shot('group-lag')

      // Reset to the earliest offset: the lag becomes every message of the topic.
      await page.getByRole('button', { name: 'Reset offsets' }).click()
      await dialog.locator('select[name="topic"]').selectOption(orders)
      await dialog.locator('select[name="to"]').selectOption('earliest')
      await dialog.getByRole('button', { name: 'Reset offsets' }).click()
      await page.locator('.toast', { hasText: `Offsets of ${orders} reset` }).waitFor()
      const total = (await apiGet(stack.url, `/api/kafka/topics/${orders}`)).messages as string
      await waitFor(
        async () => (await stat('Total lag').textContent())?.replace(/\D/g, '') === total,
        `a lag of ${total} shown`,
        20_000,
      )
      await shot('group-reset')

      // Started again, the group reprocesses everything and catches up.
      await page.getByRole('button', { name: 'Start consumers' }).click()
      await waitFor(() => stack.handledOrders.length >= before + Number(total), 'everything handled again')
      await waitFor(async () => (await stat('Total lag').textContent()) === '0', 'the lag back to 0', 30_000)
      assert.deepEqual(unexpected(tab.errors, [409]), [], 'only the refused reset')
    })
  })
}
