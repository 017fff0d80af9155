/**
 * In Chromium: the policy served under /tradingview/ lets TradingView's library load the way it does (its chart page
 * built as a blob: iframe with inline scripts, a blob: worker inside, requests to this server), while the rest of the
 * server keeps refusing blob: workers. The library is licensed, so a stand-in repeats those steps.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable } from './chromium.ts';
import { eventually, startServer, type TestServer } from './harness.ts';


const INDEX = `<!doctype html><html><head><meta charset="utf-8"><title>example</title></head><body><div id="tv"></div>
<script src="charting_library/charting_library.standalone.js"></script>
<script type="module">
  import { marker } from './trading-pro-tradingview.js';
  window.addEventListener('message', (event) => { window.tvResult = { ...event.data, bundle: marker }; });
  TradingView.widget({ container: 'tv', library_path: 'charting_library/' });
</script></body></html>`;

/** What the library's standalone script does: the chart page as a blob: URL in an iframe, its bundles from library_path. */
const STANDALONE = `var TradingView = { widget: function (options) {
  var base = new URL(options.library_path, location.href).href;
  var html = '<!DOCTYPE html><html><head><base href="' + base + '"><meta charset="utf-8">'
    + '<script>window.inlineRan = true<\\/script><script defer src="bundles/library.js"><\\/script></head>'
    + '<body style="margin:0"><div id="loading" style="background-color: #000"></div></body></html>';
  var frame = document.createElement('iframe');
  frame.src = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  document.getElementById(options.container).appendChild(frame);
} };`;

/** The chart page's bundle: a blob: worker and a request to this server's UDF time. */
const LIBRARY_BUNDLE = `const worker = new Worker(URL.createObjectURL(new Blob(['postMessage(6 * 7)'], { type: 'text/javascript' })));
worker.onmessage = async (event) => {
  const time = await fetch('/api/v1/udf/time').then((r) => r.text(), () => 'blocked');
  window.parent.postMessage({ inline: window.inlineRan === true, worker: event.data, time }, '*');
};
worker.onerror = () => window.parent.postMessage({ inline: window.inlineRan === true, worker: 'blocked' }, '*');`;

describe.skipIf(!chromiumAvailable())('TradingView example in Chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'tp-tradingview-csp-'));
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    const dir = join(root, 'example');
    mkdirSync(join(dir, 'charting_library', 'bundles'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'charting_library', 'charting_library.standalone.js'), STANDALONE);
    writeFileSync(join(dir, 'charting_library', 'bundles', 'library.js'), LIBRARY_BUNDLE);
    writeFileSync(join(root, 'bundle.js'), "export const marker = 'adapters';");
    server = await startServer({ server: { web: true, modules: ['datafeed'], tradingview: { dir, bundle: join(root, 'bundle.js') } } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('runs the blob: chart page, its inline script, a blob: worker and a request to the API, with no CSP report', async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.goto(`${server.url}/tradingview/`);
    const result = await eventually(() => page.evaluate(() => (window as { tvResult?: Record<string, unknown> }).tvResult), 10_000, 'the chart page to report');
    expect(result).toMatchObject({ inline: true, worker: 42, bundle: 'adapters', time: expect.stringMatching(/^\d+$/) });
    expect(refused).toEqual([]);
    await page.close();
  });

  it('still refuses a blob: worker on the rest of the server', async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.goto(`${server.url}/`);
    const outcome = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          try {
            const worker = new Worker(URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' })));
            worker.onmessage = () => resolve('ran');
            worker.onerror = () => resolve('refused');
          } catch (error) {
            resolve((error as Error).name);
          }
        }),
    );
    expect(outcome).not.toBe('ran');
    await eventually(() => refused.some((text) => /worker-src|script-src/.test(text)), 5000, 'the CSP refusal');
    await page.close();
  });
});
