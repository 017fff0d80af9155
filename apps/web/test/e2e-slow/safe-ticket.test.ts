/** The money-losing bugs, each as a specification: brackets edits, sizes between symbols, blocked previews, stop and bracket sides. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchBrowser, openTerminal, startBackend, type Backend } from '../e2e/harness.ts';
import { apiGet, chooseSymbol, expectAccessible, numberOf, positionRow, sendFromTicket } from './support.ts';

let browser: Browser;
let backend: Backend;
let page: Page;

interface ApiPosition {
  readonly symbol: string;
  readonly takeProfit?: number;
  readonly stopLoss?: number;
}

describe.skipIf(!chromiumAvailable())('safe ticket', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    backend = await startBackend();
    page = await openTerminal(browser, backend.url);
  });
  afterEach(async () => {
    await page?.close();
    await backend?.dispose();
  });

  it('edits the take-profit of a position without deleting its stop-loss, and the table shows both without a reload', async () => {
    await chooseSymbol(page, 'BTCUSD');
    await page.getByLabel('Attach take-profit').check();
    await page.getByLabel('Attach stop-loss').check();
    const takeProfit = numberOf(await page.locator('#ticket-tp').inputValue());
    const stopLoss = numberOf(await page.locator('#ticket-sl').inputValue());
    const ask = numberOf(await page.getByTestId('quote-ask').textContent());
    // Prefilled as offsets from the entry, on the right sides of it, not at the bid.
    expect(takeProfit).toBeGreaterThan(ask);
    expect(stopLoss).toBeLessThan(ask);
    await expect.poll(async () => page.getByTestId('ticket-reward').textContent()).toMatch(/Reward \+/);
    await sendFromTicket(page);

    const row = positionRow(page, 'BTCUSD');
    await expect.poll(() => row.locator('[data-col="sl"]').textContent()).not.toBe('');
    await row.getByRole('button', { name: 'Brackets' }).click();
    const dialog = page.getByRole('dialog', { name: /Brackets/ });
    await expect.poll(async () => numberOf(await dialog.getByLabel('Stop loss', { exact: true }).inputValue())).toBe(stopLoss);
    expect(numberOf(await dialog.getByLabel('Take profit', { exact: true }).inputValue())).toBe(takeProfit);
    await expectAccessible(page, 'brackets dialog');

    const moved = Math.round(takeProfit + 500);
    await dialog.getByLabel('Take profit', { exact: true }).fill(String(moved));
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(async () => numberOf(await row.locator('[data-col="tp"]').textContent())).toBe(moved);
    expect(numberOf(await row.locator('[data-col="sl"]').textContent())).toBe(stopLoss);
    const [server] = await apiGet<ApiPosition[]>(page, '/broker/positions');
    expect(server).toMatchObject({ symbol: 'BTCUSD', takeProfit: moved, stopLoss });
  });

  it('starts every symbol from its own size: 100,000 EURUSD does not become 100,000 BTC', async () => {
    await chooseSymbol(page, 'EURUSD');
    await page.getByLabel('Quantity', { exact: true }).fill('100000');
    await chooseSymbol(page, 'BTCUSD');
    const qty = numberOf(await page.getByLabel('Quantity', { exact: true }).inputValue());
    expect(qty).toBeGreaterThan(0);
    expect(qty).toBeLessThan(1);
    // And a size far beyond the account is refused before it can be sent.
    await page.getByLabel('Quantity', { exact: true }).fill('100000');
    await page.getByTestId('ticket-value-error').waitFor();
    expect(await page.getByRole('button', { name: 'Preview', exact: true }).isDisabled()).toBe(true);
  });

  it('keeps Send order disabled, and focus off it, while the preview shows a blocking error', async () => {
    await page.close();
    page = await openTerminal(browser, backend.url, { width: 1440, height: 900 }, { settings: { maxOrderValue: 0 } });
    await chooseSymbol(page, 'BTCUSD');
    await page.getByLabel('Quantity', { exact: true }).fill('100');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm order' });
    await dialog.getByTestId('preview-errors').waitFor();
    expect(await dialog.getByRole('button', { name: 'Send order' }).isDisabled()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Cancel');
    await expectAccessible(page, 'preview with an error');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await apiGet<unknown[]>(page, '/broker/orders')).toEqual([]);
  });

  it('warns that a buy stop below the ask triggers at once', async () => {
    await chooseSymbol(page, 'BTCUSD');
    await page.getByLabel('Order type').selectOption({ label: 'Stop' });
    const ask = numberOf(await page.getByTestId('quote-ask').textContent());
    await page.getByLabel('Stop price').fill((Math.floor(ask) - 200).toFixed(2));
    await expect.poll(() => page.getByTestId('ticket-warnings').textContent()).toContain('triggers at once');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm order' });
    expect(await dialog.getByRole('list', { name: 'Warnings' }).textContent()).toContain('triggers at once');
  });

  it('shows the market status of the symbol in the ticket', async () => {
    await chooseSymbol(page, 'AAPL');
    await expect.poll(() => page.getByTestId('market-status').textContent()).toMatch(/(Market open · closes|Market closed · opens|Pre-market · opens|Post-market · opens) \w{3} \d\d:\d\d \S+ in /);
    await chooseSymbol(page, 'BTCUSD');
    await expect.poll(() => page.getByTestId('market-status').textContent()).toContain('24/7');
  });
});
