/** Speed: hotkeys from anywhere on the page, the shortcuts list, one-click mode kept per browser, flatten with its confirmation. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchBrowser, openTerminal, startBackend, type Backend } from '../e2e/harness.ts';
import { apiGet, chooseSymbol, expectAccessible, focusPage, positionRow } from './support.ts';

let browser: Browser;
let backend: Backend;
let page: Page;

describe.skipIf(!chromiumAvailable())('speed', () => {
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

  it('lists the shortcuts with their keys on "?"', async () => {
    await focusPage(page);
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const buy = dialog.getByRole('row', { name: /^Buy/ });
    // The dialog is a lazy chunk: wait for its row before reading it (allTextContents does not wait).
    await buy.locator('kbd').last().waitFor();
    expect(await buy.locator('kbd').allTextContents()).toEqual(['Shift', 'B']);
    await expectAccessible(page, 'shortcuts dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('buys with Shift+B from a table, the chart or the quantity field, through the preview', async () => {
    await page.getByRole('tab', { name: /Positions/ }).focus();
    await page.keyboard.press('Shift+B');
    const dialog = page.getByRole('dialog', { name: 'Confirm order' });
    expect(await dialog.textContent()).toContain('Buy 0.01 BTCUSD Market');
    await dialog.getByRole('button', { name: 'Send order' }).click();
    await positionRow(page, 'BTCUSD').waitFor();

    await page.getByLabel('Quantity', { exact: true }).focus();
    await page.keyboard.press('Shift+S');
    await page.getByRole('dialog', { name: 'Confirm order' }).getByRole('button', { name: 'Send order' }).click();
    await page.getByText('No open positions').waitFor();
  });

  it('does not trade when Shift+B is typed into the symbol search', async () => {
    await page.getByRole('combobox', { name: 'Symbol' }).focus();
    await page.keyboard.press('Shift+B');
    expect(await page.getByRole('combobox', { name: 'Symbol' }).inputValue()).toBe('B');
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('sends at once in one-click mode, which stays on after a reload', async () => {
    await page.getByRole('switch', { name: 'One-click' }).check();
    await page.getByRole('button', { name: 'Place', exact: true }).click();
    await positionRow(page, 'BTCUSD').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);

    await page.reload();
    await page.getByRole('tab', { name: /Positions/ }).waitFor();
    expect(await page.getByRole('switch', { name: 'One-click' }).isChecked()).toBe(true);
    await focusPage(page);
    await page.keyboard.press('Shift+B');
    await expect.poll(async () => (await apiGet<unknown[]>(page, '/broker/orders')).length).toBe(2);
  });

  it('flattens everything with Shift+F after a confirmation, and focuses size and search by key', async () => {
    await page.getByRole('switch', { name: 'One-click' }).check();
    await page.getByRole('button', { name: 'Place', exact: true }).click();
    await positionRow(page, 'BTCUSD').waitFor();
    await focusPage(page);
    await page.keyboard.press('Shift+F');
    const confirm = page.getByRole('dialog', { name: 'Flatten all' });
    await expectAccessible(page, 'flatten confirmation');
    await confirm.getByRole('button', { name: 'Flatten all' }).click();
    await page.getByText('No open positions').waitFor();

    await page.keyboard.press('Shift+Q');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('ticket-qty');
    await focusPage(page);
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('symbol-search-input');
  });

  it('keeps the tab, resolution and ticket choices after a reload, and offers recent and watched symbols with prices', async () => {
    await page.getByRole('tab', { name: /History/ }).click();
    await page.getByRole('group', { name: 'Chart resolution' }).getByRole('button', { name: '15m' }).click();
    await page.getByRole('button', { name: 'Sell', exact: true }).click();
    await page.getByLabel('Order type').selectOption({ label: 'Limit' });
    await page.reload();
    await page.getByRole('tab', { name: /History/, selected: true }).waitFor();
    expect(await page.getByRole('group', { name: 'Chart resolution' }).getByRole('button', { name: '15m' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'Sell', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Order type').inputValue()).toBe('1');

    await page.getByRole('combobox', { name: 'Symbol' }).focus();
    const recent = page.getByRole('option', { name: /^BTCUSD .*Recent$/ });
    await expect.poll(() => recent.textContent()).toMatch(/[\d,]+\.\d{2}/);
    expect(await page.getByRole('option', { name: /Watchlist$/ }).count()).toBeGreaterThanOrEqual(3);
  });

  it('lets the trader rebind a hotkey in Settings', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await expectAccessible(page, 'settings dialog');
    await dialog.getByRole('button', { name: 'Shift+B' }).click();
    await dialog.getByRole('button', { name: 'Press a key…' }).waitFor();
    await page.keyboard.press('Alt+1');
    await dialog.getByRole('button', { name: 'Alt+1' }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await focusPage(page);
    await page.keyboard.press('Alt+1');
    await page.getByRole('dialog', { name: 'Confirm order' }).waitFor();
  });
});
