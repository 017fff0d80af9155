/**
 * Soak of the terminal: the real server and Chromium for SOAK_MINUTES (default 5) of steady trading activity (symbol
 * switches, resolution changes, limit orders placed and canceled, tab changes) while live quotes and bars stream.
 * The JS heap is read after a forced garbage collection every SOAK_SAMPLE_SECONDS (default 30); the script prints the
 * samples and fails when, after a warm-up minute, the heap grew by more than SOAK_MAX_GROWTH_MB (default 3) between the
 * first and the last third of the run (SOAK_OUT=<file> also writes them as JSON). A measurement, not a test: `npm run soak -w @trading-pro/web`.
 */
import { writeFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { setup as build } from '../test/e2e/build-once.ts';
import { launchBrowser, openTerminal, startBackend } from '../test/e2e/harness.ts';

const minutes = Number(process.env.SOAK_MINUTES ?? 5);
const sampleSeconds = Number(process.env.SOAK_SAMPLE_SECONDS ?? 30);
const maxGrowthMb = Number(process.env.SOAK_MAX_GROWTH_MB ?? 3);
/** Caches, compiled code and the first chunks settle in the first minute; growth is measured after it. */
const warmupSeconds = Number(process.env.SOAK_WARMUP_SECONDS ?? 60);
const symbols = ['BTCUSD', 'ETHUSD', 'AAPL', 'EURUSD', 'SPY'];
const resolutions = ['1m', '5m', '1h', '1m'];

interface Sample {
  readonly second: number;
  readonly heapMb: number;
  readonly nodes: number;
}

async function chooseSymbol(page: Page, symbol: string): Promise<void> {
  await page.getByRole('region', { name: 'Watchlist' }).getByRole('button', { name: symbol, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: symbol }).waitFor();
}

/** One round of what a trader does in a few seconds. */
async function activity(page: Page, round: number): Promise<void> {
  await chooseSymbol(page, symbols[round % symbols.length] ?? 'BTCUSD');
  await page.getByRole('group', { name: 'Chart resolution' }).getByRole('button', { name: resolutions[round % resolutions.length] ?? '1m', exact: true }).click();
  if (round % 3 === 0) {
    await chooseSymbol(page, 'BTCUSD');
    await page.getByLabel('Order type').selectOption({ label: 'Limit' });
    const bid = Number((await page.getByTestId('quote-bid').textContent())?.replace(/,/g, ''));
    await page.getByLabel('Limit price').fill((Math.floor(bid) - 500).toFixed(2));
    await page.getByRole('button', { name: 'Place', exact: true }).click();
    await page.getByRole('tab', { name: /Orders/ }).click();
    await page.locator('[data-testid="orders-working"] tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Cancel all' }).click();
    await page.getByRole('dialog', { name: 'Cancel all orders' }).getByRole('button', { name: 'Cancel all orders' }).click();
    await page.getByText('No working orders').waitFor();
    await page.getByLabel('Order type').selectOption({ label: 'Market' });
    await page.getByRole('tab', { name: /Positions/ }).click();
  }
}

async function sample(page: Page, cdp: CDPSession, start: number): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  return { second: Math.round((Date.now() - start) / 1000), heapMb: Math.round((heap.usedSize / 1024 / 1024) * 100) / 100, nodes };
}

async function main(): Promise<void> {
  await build();
  const backend = await startBackend();
  const browser = await launchBrowser();
  try {
    const page = await openTerminal(browser, backend.url, { width: 1920, height: 1080 }, { settings: { confirmPlace: false } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const start = Date.now();
    const end = start + minutes * 60_000;
    const samples: Sample[] = [await sample(page, cdp, start)];
    let next = start + sampleSeconds * 1000;
    let round = 0;
    console.log('second  heap MB  DOM nodes');
    console.log(`${String(samples[0]?.second).padStart(6)}  ${String(samples[0]?.heapMb).padStart(7)}  ${String(samples[0]?.nodes).padStart(9)}`);
    while (Date.now() < end) {
      await activity(page, round);
      round += 1;
      if (Date.now() >= next) {
        const taken = await sample(page, cdp, start);
        samples.push(taken);
        console.log(`${String(taken.second).padStart(6)}  ${String(taken.heapMb).padStart(7)}  ${String(taken.nodes).padStart(9)}`);
        next += sampleSeconds * 1000;
      }
    }
    samples.push(await sample(page, cdp, start));
    const settled = samples.filter((entry) => entry.second >= warmupSeconds);
    const measured = settled.length >= 3 ? settled : samples;
    const third = Math.max(1, Math.floor(measured.length / 3));
    const mean = (list: Sample[]) => list.reduce((total, entry) => total + entry.heapMb, 0) / list.length;
    const early = mean(measured.slice(0, third));
    const late = mean(measured.slice(-third));
    const growth = Math.round((late - early) * 100) / 100;
    const result = { minutes, rounds: round, samples, earlyMeanMb: early, lateMeanMb: late, growthMb: growth, maxGrowthMb };
    if (process.env.SOAK_OUT !== undefined) writeFileSync(process.env.SOAK_OUT, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`${round} rounds; after a ${warmupSeconds} s warm-up, heap mean first third ${early.toFixed(2)} MB, last third ${late.toFixed(2)} MB, growth ${growth} MB (limit ${maxGrowthMb} MB)`);
    if (growth > maxGrowthMb) process.exitCode = 1;
  } finally {
    await browser.close();
    await backend.dispose();
  }
}

await main();
