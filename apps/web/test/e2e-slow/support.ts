/** Shared steps of the browser specs: choosing a symbol, sending from the ticket, reading the tables, and axe-core checks. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function chooseSymbol(page: Page, symbol: string): Promise<void> {
  const search = page.getByRole('combobox', { name: 'Symbol' });
  await search.fill(symbol);
  await page.getByRole('option', { name: new RegExp(`^${symbol}\\b`) }).first().waitFor();
  await search.press('Enter');
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(symbol);
  await expect.poll(() => page.getByTestId('quote-bid').textContent()).not.toBe('—');
}

/** Submits the ticket and confirms the preview. */
export async function sendFromTicket(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm order' });
  await dialog.getByRole('button', { name: 'Send order' }).click();
  await dialog.waitFor({ state: 'detached' });
}

export function positionRow(page: Page, symbol: string) {
  return page.getByRole('table', { name: 'Positions' }).locator(`tr[data-symbol="${symbol}"]`);
}

export function numberOf(text: string | null): number {
  return Number((text ?? '').replace(/[^\d.-]/g, ''));
}

/** Reads the server's own view through the API the page uses. */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => (await fetch(url)).json() as Promise<T>, `/api/v1${path}`);
}

export interface AxeFinding {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** Runs axe-core on the page as it is; returns the critical and serious findings (`rulesOff` skips rules that do not apply). */
export async function axeFindings(page: Page, rulesOff: readonly string[] = []): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  // Evaluated rather than added as a script tag: the terminal's CSP allows no inline scripts, and DevTools evaluation is not one.
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (off) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const rules = Object.fromEntries(off.map((id) => [id, { enabled: false }]));
    const result = await axe.run(document, { resultTypes: ['violations'], rules });
    return result.violations
      .filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
      .map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }));
  }, rulesOff);
}

/** Expects no critical or serious axe finding once the state has settled (a toast may still be arriving), naming the state. */
export async function expectAccessible(page: Page, state: string, rulesOff: readonly string[] = []): Promise<void> {
  let findings: AxeFinding[] = [];
  await expect
    .poll(async () => {
      findings = await axeFindings(page, rulesOff);
      return findings.length;
    }, { timeout: 5000 })
    .toBe(0)
    .catch(() => undefined);
  expect(findings, `${state}: ${JSON.stringify(findings, null, 1)}`).toEqual([]);
}

/** Puts the keyboard focus on the page itself (a tab of the account manager), outside any text field. */
export async function focusPage(page: Page): Promise<void> {
  await page.getByRole('tab', { selected: true }).focus();
}
