/**
 * Every screen: a phone (an order placed there), the smallest width, a 1366×768 laptop at 125 % (1093×614, an order
 * placed), 200 % zoom, desktop and 4K; tables that fit or scroll inside their panel with the symbol column kept; the light
 * theme and forced colors; axe-core in each. TERMINAL_SCREENSHOTS=<dir> also saves the README screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchBrowser, openTerminal, startBackend, type Backend } from '../e2e/harness.ts';
import { chooseSymbol, expectAccessible, numberOf, positionRow, sendFromTicket } from './support.ts';

let browser: Browser;
let backend: Backend;
const shots = process.env.TERMINAL_SCREENSHOTS;

async function layoutFacts(page: Page) {
  return page.evaluate(() => {
    const chart = document.querySelector('[data-testid="chart"]')?.getBoundingClientRect();
    return { pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, chartHeight: chart?.height ?? 0, chartWidth: chart?.width ?? 0 };
  });
}

async function expectReflow(page: Page, state: string): Promise<void> {
  await page.getByTestId('chart').and(page.locator('[data-status="ready"]')).waitFor();
  const facts = await layoutFacts(page);
  expect(facts.pageWidth, `${state}: no sideways scrolling`).toBeLessThanOrEqual(facts.viewport);
  expect(facts.chartHeight, `${state}: the chart keeps its height`).toBeGreaterThanOrEqual(150);
  const watchlist = page.getByRole('region', { name: 'Watchlist' });
  expect(await watchlist.count()).toBe(1);
  await expect.poll(async () => (await watchlist.locator('[data-col="last"]').allTextContents()).filter((text) => /\d/.test(text)).length).toBeGreaterThanOrEqual(3);
  await expectAccessible(page, state);
}

async function buyAtMarket(page: Page): Promise<void> {
  const trade = page.getByRole('button', { name: 'Trade', exact: true });
  if (await trade.isVisible()) await trade.click();
  await page.getByRole('button', { name: 'Buy', exact: true }).click();
  await sendFromTicket(page);
  await positionRow(page, 'BTCUSD').waitFor();
}

async function save(page: Page, name: string): Promise<void> {
  if (shots === undefined) return;
  mkdirSync(shots, { recursive: true });
  await page.getByTestId('toast').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(shots, name) });
}

describe.skipIf(!chromiumAvailable())('every screen', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
    backend = await startBackend();
  });
  afterAll(async () => {
    await browser?.close();
    await backend?.dispose();
  });

  it('trades on a 390×844 phone with vertical scrolling only', async () => {
    const page = await openTerminal(browser, backend.url, { width: 390, height: 844 });
    await expectReflow(page, 'phone');
    await chooseSymbol(page, 'BTCUSD');
    await buyAtMarket(page);
    await expectReflow(page, 'phone with a position');
    // Tables scroll inside their panel and keep the symbol column in view.
    expect(await page.getByRole('table', { name: 'Positions' }).locator('tbody th').first().evaluate((cell) => getComputedStyle(cell).position)).toBe('sticky');
    await page.evaluate(() => window.scrollTo(0, 0));
    await save(page, 'screenshot-phone.png');
    await page.close();
  });

  it('reflows down to 320 CSS pixels', async () => {
    const page = await openTerminal(browser, backend.url, { width: 320, height: 640 });
    await expectReflow(page, '320 px');
    await page.close();
  });

  it('trades on a 1366×768 laptop at 125 % (1093×614) and keeps the tables inside their panel', async () => {
    const page = await openTerminal(browser, backend.url, { width: 1093, height: 614 });
    await expectReflow(page, '1093×614');
    await chooseSymbol(page, 'BTCUSD');
    await buyAtMarket(page);
    // The fill's toast leaves the submit button and the row actions free.
    const toast = await page.getByTestId('toast').first().boundingBox();
    for (const control of [page.getByTestId('ticket-submit'), positionRow(page, 'BTCUSD').getByRole('button', { name: 'Close', exact: true })]) {
      const box = await control.boundingBox();
      const overlaps = toast !== null && box !== null && toast.x < box.x + box.width && box.x < toast.x + toast.width && toast.y < box.y + box.height && box.y < toast.y + toast.height;
      expect(overlaps).toBe(false);
    }
    for (const tab of [/Orders/, /History/, /Executions/]) {
      await page.getByRole('tab', { name: tab }).click();
      const wrap = page.getByRole('tabpanel').locator('.table-wrap');
      const fits = await wrap.evaluate((element) => element.getBoundingClientRect().right <= (element.closest('.panel')?.getBoundingClientRect().right ?? 0) + 1);
      expect(fits, `${String(tab)} stays in its panel`).toBe(true);
      // Nothing is cut short: every cell shows its whole text.
      const clipped = await wrap.locator('td, th').evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth + 1).length);
      expect(clipped, `${String(tab)} cells cut short`).toBe(0);
      await expectAccessible(page, `1093×614 ${String(tab)}`);
    }
    await page.close();
  });

  it('keeps the chart usable at 200 % zoom of a 1920×1080 screen (960×540)', async () => {
    const page = await openTerminal(browser, backend.url, { width: 960, height: 540 });
    await expectReflow(page, '960×540');
    await page.close();
  });

  it('uses the space of a 1920×1080 desktop and a 4K screen', async () => {
    const page = await openTerminal(browser, backend.url, { width: 1920, height: 1080 });
    await expectReflow(page, '1920×1080');
    await chooseSymbol(page, 'BTCUSD');
    await page.getByLabel('Order type').selectOption({ label: 'Limit' });
    await page.getByLabel('Limit price').fill((Math.floor(numberOf(await page.getByTestId('quote-bid').textContent())) - 80).toFixed(2));
    await page.getByLabel('Attach take-profit').check();
    await sendFromTicket(page);
    await page.getByLabel('Order type').selectOption({ label: 'Market' });
    await save(page, 'screenshot.png');
    await page.setViewportSize({ width: 3840, height: 2160 });
    await expectReflow(page, '3840×2160');
    expect((await layoutFacts(page)).chartWidth).toBeGreaterThan(2400);
    await page.close();
  });

  it('follows a light system theme, painting the page background light', async () => {
    const page = await openTerminal(browser, backend.url, { width: 1920, height: 1080 }, { colorScheme: 'light' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(243, 245, 248)');
    await expectReflow(page, 'light theme');
    await save(page, 'screenshot-light.png');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByLabel('Theme').selectOption('dark');
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(14, 17, 22)');
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Done' }).click();
    // Windows high contrast: system colours, borders on every control.
    await page.emulateMedia({ forcedColors: 'active' });
    expect(await page.getByRole('button', { name: 'Buy', exact: true }).evaluate((button) => getComputedStyle(button).borderTopStyle)).toBe('solid');
    // The system picks every colour in forced-colors mode, so contrast is not the page's to meet there.
    await expectAccessible(page, 'forced colors', ['color-contrast']);
    await page.close();
  });
});
