/**
 * A page served from another origin, in a real Chromium, tries what a malicious site would against the local server:
 * close a position and place orders with simple (no-cors) and preflighted requests, read the account, and read the
 * account history over the WebSocket. Every attempt fails and the account stays as it was; the terminal itself works.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchBrowser, openTerminal, startBackend, type Backend } from './harness.ts';

interface AttackReport {
  readonly closeNoCors: string;
  readonly placeNoCors: string;
  readonly placePreflighted: string;
  readonly readAccount: string;
  readonly socket: { opened: boolean; frames: number; closed: boolean };
}

let browser: Browser;
let backend: Backend;
let attacker: Server;
let attackerUrl: string;

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${backend.url}api/v1${path}`, init);
  return (await response.json()) as T;
}

describe.skipIf(!chromiumAvailable())('a page from another origin', () => {
  beforeAll(async () => {
    backend = await startBackend();
    attacker = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Win a prize</title><h1>Nothing to see</h1>');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    // Another host name and port: another site in the browser's eyes.
    attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/`;
    browser = await launchBrowser();
    await api('/broker/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ symbol: 'BTCUSD', type: 2, side: 1, qty: 0.01 }) });
    for (let tries = 0; (await api<unknown[]>('/broker/positions')).length === 0; tries++) {
      if (tries > 100) throw new Error('the position never opened');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => attacker?.close(() => resolve()));
    await backend?.dispose();
  });

  it('can neither trade nor read the account, over HTTP or the WebSocket', async () => {
    const ordersBefore = (await api<unknown[]>('/broker/orders')).length;
    const page = await browser.newPage();
    await page.goto(attackerUrl);
    const report = await page.evaluate(async (target: string): Promise<AttackReport> => {
      const outcome = (attempt: Promise<Response>) =>
        attempt.then(
          (response) => `answered ${response.type} ${response.status}`,
          (error: unknown) => `failed: ${String(error)}`,
        );
      const order = JSON.stringify({ symbol: 'BTCUSD', type: 2, side: -1, qty: 0.01 });
      const closeNoCors = await outcome(fetch(`${target}/api/v1/broker/positions/BTCUSD/close`, { method: 'POST', mode: 'no-cors' }));
      const placeNoCors = await outcome(fetch(`${target}/api/v1/broker/orders`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: order }));
      const placePreflighted = await outcome(fetch(`${target}/api/v1/broker/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: order }));
      const readAccount = await outcome(fetch(`${target}/api/v1/broker/account`));
      const socket = await new Promise<AttackReport['socket']>((resolve) => {
        const state = { opened: false, frames: 0, closed: false };
        const ws = new WebSocket(`${target.replace('http', 'ws')}/api/v1/ws`);
        ws.onopen = () => {
          state.opened = true;
          ws.send(JSON.stringify({ type: 'orders.subscribe', payload: { accountId: 'DEMO-001', sinceSeq: 0 } }));
        };
        ws.onmessage = () => (state.frames += 1);
        ws.onclose = () => resolve({ ...state, closed: true });
        setTimeout(() => resolve(state), 3000);
      });
      return { closeNoCors, placeNoCors, placePreflighted, readAccount, socket };
    }, backend.url.replace(/\/$/, ''));
    await page.close();

    // Opaque answers (no-cors) hide the 403 from the page; the server's state shows it was refused.
    expect(report.closeNoCors).toBe('answered opaque 0');
    expect(report.placeNoCors).toBe('answered opaque 0');
    // Preflight refused, and without CORS headers a plain read cannot be seen by the page.
    expect(report.placePreflighted).toMatch(/^failed/);
    expect(report.readAccount).toMatch(/^failed/);
    expect(report.socket).toEqual({ opened: false, frames: 0, closed: true });

    expect(await api<unknown[]>('/broker/positions')).toHaveLength(1);
    expect(await api<unknown[]>('/broker/orders')).toHaveLength(ordersBefore);
  });

  it('leaves the terminal served by the server itself working', async () => {
    const page = await openTerminal(browser, backend.url);
    await page.getByRole('tab', { name: /Positions/ }).click();
    await expect.poll(() => page.getByText('BTCUSD').count()).toBeGreaterThan(0);
    await page.close();
  });
});
