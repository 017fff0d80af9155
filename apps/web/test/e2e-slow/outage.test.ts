/** Honest state: a banner for as long as the server is gone, trading off and prices greyed, "NOT sent" when a send never reached it, and one P&L. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchBrowser, openTerminal, startBackend, type Backend } from '../e2e/harness.ts';
import { apiGet, chooseSymbol, expectAccessible, positionRow, sendFromTicket } from './support.ts';

let browser: Browser;
let backend: Backend;
let page: Page;

describe.skipIf(!chromiumAvailable())('outages', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    backend = await startBackend();
    page = await openTerminal(browser, backend.url);
    await chooseSymbol(page, 'BTCUSD');
  });
  afterEach(async () => {
    await page?.close();
    await backend?.dispose();
  });

  it('shows a banner while the server is down, disables trading and greys the prices, and clears it on reconnect', async () => {
    await backend.stop();
    const banner = page.getByRole('alert').filter({ hasText: /Disconnected|Reconnecting|Offline/ });
    await banner.waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: 'Buy', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Preview', exact: true }).isDisabled()).toBe(true);
    expect(await page.locator('.terminal').getAttribute('class')).toContain('stale');
    expect(await page.getByTestId('quote-last').evaluate((element) => getComputedStyle(element).fontStyle)).toBe('italic');
    await expectAccessible(page, 'outage banner');

    await backend.restart();
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByRole('button', { name: 'Buy', exact: true }).isEnabled()).toBe(true);
  });

  it('says Offline while the device has no network, and recovers when it is back', async () => {
    await page.context().setOffline(true);
    const banner = page.getByRole('alert').filter({ hasText: /Offline|Disconnected|Reconnecting/ });
    await banner.waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: 'Preview', exact: true }).isDisabled()).toBe(true);
    await page.context().setOffline(false);
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('says an order was NOT sent when the request never reached the server, and drops that error after reconnecting', async () => {
    await page.route('**/api/v1/broker/orders', (route) => route.abort('connectionrefused'));
    await sendFromTicket(page);
    await expect.poll(() => page.getByTestId('ticket-error').textContent()).toContain('NOT sent');
    await page.getByRole('alert').filter({ hasText: 'Order NOT sent' }).first().waitFor();
    await page.unroute('**/api/v1/broker/orders');
    expect(await apiGet<unknown[]>(page, '/broker/orders')).toEqual([]);

    await backend.stop();
    await page.getByTestId('outage-banner').waitFor({ timeout: 10_000 });
    await backend.restart();
    await page.getByTestId('outage-banner').waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByTestId('ticket-error').waitFor({ state: 'detached' });
  });

  it('shows the same unrealized P&L in the header as the sum of the position rows', async () => {
    await sendFromTicket(page);
    const row = positionRow(page, 'BTCUSD');
    await row.waitFor();
    const header = page.getByTestId('account-summary').locator('[data-key="unrealized"] dd');
    await expect.poll(async () => (await header.textContent()) === (await row.locator('[data-col="pl"]').textContent())).toBe(true);
  });
});
