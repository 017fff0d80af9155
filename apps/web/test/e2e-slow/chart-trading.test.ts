/** Trading on the chart: drag an order line to modify it (and undo), ✕ to cancel, the position line, click to place, legend, time zone, history. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchBrowser, openTerminal, startBackend, type Backend } from '../e2e/harness.ts';
import { chooseSymbol, expectAccessible, numberOf, positionRow, sendFromTicket } from './support.ts';

let browser: Browser;
let backend: Backend;
let page: Page;

/** A buy limit `below` under the bid: inside the visible prices, and far enough that a short drag up keeps it resting. */
async function placeLimitBuy(below: number): Promise<number> {
  await page.getByLabel('Order type').selectOption({ label: 'Limit' });
  const price = Math.floor(numberOf(await page.getByTestId('quote-bid').textContent()) - below);
  await page.getByLabel('Limit price').fill(price.toFixed(2));
  await sendFromTicket(page);
  return price;
}

function workingLimit(): Promise<number> {
  return page
    .locator('[data-testid="orders-working"] tbody tr')
    .first()
    .locator('[data-col="limit"]')
    .textContent()
    .then(numberOf);
}

/**
 * Drags a level up until its label shows a price `rise` above where it started (the label follows the pointer), then
 * drops it. The live chart rescales, so the pointer is first placed on the handle and the distance is read, not assumed.
 */
async function dragUp(level: ReturnType<Page['locator']>, rise: number): Promise<void> {
  const handle = level.getByTestId('level-handle');
  const start = numberOf(await level.getAttribute('data-price'));
  let center = { x: 0, y: 0 };
  await expect
    .poll(async () => {
      const box = await handle.boundingBox();
      if (box === null) return false;
      center = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      await page.mouse.move(center.x, center.y);
      return page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="level-handle"]') !== null, center);
    })
    .toBe(true);
  await page.mouse.down();
  for (let step = 1; step <= 80; step += 1) {
    await page.mouse.move(center.x, center.y - step);
    if (numberOf(await level.getAttribute('data-price')) >= start + rise) break;
  }
  await page.mouse.up();
}

describe.skipIf(!chromiumAvailable())('chart trading', () => {
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
    await page.getByTestId('chart').and(page.locator('[data-status="ready"]')).waitFor();
  });
  afterEach(async () => {
    await page?.close();
    await backend?.dispose();
  });

  it('moves a working order by dragging its line, undoes the move, and cancels it with ✕', async () => {
    const price = await placeLimitBuy(60);
    await page.getByRole('tab', { name: /Orders/ }).click();
    await expect.poll(workingLimit).toBe(price);
    const level = page.locator('[data-level^="order:"][data-level$=":limit"]');
    await level.waitFor();
    expect(await level.textContent()).toContain('LMT');
    await expectAccessible(page, 'chart with an order line');

    await dragUp(level, 10);
    await expect.poll(workingLimit).toBeGreaterThan(price);
    const moved = await workingLimit();
    expect(numberOf(await level.getAttribute('data-price'))).toBe(moved);

    await page.getByTestId('toast').filter({ hasText: 'moved to' }).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(workingLimit).toBe(price);

    await level.getByRole('button', { name: /^Cancel order/ }).click();
    await page.getByText('No working orders').waitFor();
    await level.waitFor({ state: 'detached' });
  });

  it('moves an order from the keyboard: arrows step by the tick, Enter sends', async () => {
    const price = await placeLimitBuy(60);
    await page.getByRole('tab', { name: /Orders/ }).click();
    await expect.poll(workingLimit).toBe(price);
    const handle = page.locator('[data-level^="order:"][data-level$=":limit"]').getByTestId('level-handle');
    await handle.focus();
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(workingLimit).toBe(price + 0.03);
  });

  it('moves a position stop-loss on the chart and keeps its take-profit', async () => {
    await page.getByLabel('Attach take-profit').check();
    await page.getByLabel('Attach stop-loss').check();
    // Near the market, so its line is inside the visible prices.
    await page.getByLabel('Stop loss', { exact: true }).fill((Math.floor(numberOf(await page.getByTestId('quote-bid').textContent())) - 60).toFixed(2));
    const takeProfit = numberOf(await page.locator('#ticket-tp').inputValue());
    await sendFromTicket(page);
    const row = positionRow(page, 'BTCUSD');
    await expect.poll(() => row.locator('[data-col="sl"]').textContent()).not.toBe('');
    const stopLoss = numberOf(await row.locator('[data-col="sl"]').textContent());
    const level = page.locator('[data-level="position:sl"]');
    await level.getByTestId('level-handle').waitFor();
    await dragUp(level, 10);
    await expect.poll(async () => numberOf(await row.locator('[data-col="sl"]').textContent()), { timeout: 10_000 }).toBeGreaterThan(stopLoss);
    expect(numberOf(await row.locator('[data-col="tp"]').textContent())).toBe(takeProfit);
  });

  it('draws the position with its quantity and P&L, and closes it from the line', async () => {
    await sendFromTicket(page);
    const line = page.locator('[data-level="position"]');
    await expect.poll(() => line.textContent()).toMatch(/Long 0\.01 · [+-][\d,.]+ USD/);
    await line.getByRole('button', { name: 'Close BTCUSD position' }).click();
    await page.getByText('No open positions').waitFor();
  });

  it('places a limit at a clicked price after the preview, drawing the draft first', async () => {
    await page.getByRole('button', { name: 'Click to trade' }).click();
    const chart = page.getByTestId('chart');
    const box = await chart.boundingBox();
    if (box === null) throw new Error('no chart');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height * 0.85);
    const menu = page.getByRole('menu', { name: 'Place at price' });
    await menu.getByRole('menuitem', { name: /^Buy limit/ }).click();
    await page.locator('[data-level="draft:limit"]').waitFor();
    const dialog = page.getByRole('dialog', { name: 'Confirm order' });
    await dialog.getByRole('button', { name: 'Send order' }).click();
    await page.getByRole('tab', { name: /Orders/ }).click();
    await page.locator('[data-testid="orders-working"] tbody tr').first().waitFor();
  });

  it('shows OHLCV under the crosshair, the time zone on the axis, fill markers, and loads older bars on scroll-back', async () => {
    const chart = page.getByTestId('chart');
    const box = await chart.boundingBox();
    if (box === null) throw new Error('no chart');
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
    await expect.poll(() => page.getByTestId('chart-legend').textContent()).toMatch(/O [\d,.]+.*H [\d,.]+.*L [\d,.]+.*C [\d,.]+.*V /);
    expect(await page.getByTestId('chart-zone').textContent()).toBe('UTC');
    await chooseSymbol(page, 'AAPL');
    await expect.poll(() => page.getByTestId('chart-zone').textContent()).toMatch(/^E[SD]T$/);
    await chooseSymbol(page, 'BTCUSD');
    await page.getByTestId('chart').and(page.locator('[data-status="ready"]')).waitFor();

    const bars = async () => Number(/(\d+) bars/.exec((await page.getByTestId('chart-summary').getAttribute('aria-label')) ?? '')?.[1] ?? 0);
    const initial = await bars();
    for (let i = 0; i < 6 && (await bars()) <= initial; i += 1) {
      await page.mouse.move(box.x + 60, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width - 80, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
    }
    await expect.poll(bars).toBeGreaterThan(initial);
  });
});
