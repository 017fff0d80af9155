/**
 * One strategy file, backtested and then run on a paper account of a real server (loopback, CSV market replay) through
 * the SDK: the run places the strategy's orders, and stopping it cancels the working ones it placed.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side, type Order } from '@trading-pro/contracts';
import { parseCsvBars, runBacktest } from '@trading-pro/engine';
import { TradingProClient } from '@trading-pro/sdk';
import { eventually, startServer, type TestServer } from '../../server/test/harness.ts';
import { describeStrategyError, loadStrategy } from '../../server/src/strategy/load-strategy.ts';
import { resolveParams } from '../../server/src/strategy/strategy-params.ts';
import { runStrategy, type StrategyClock } from '../src/live/index.ts';
import { waveDir } from './wave-bars.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const EXAMPLE = join(ROOT, 'examples/strategies/sma-cross.ts');
const PARAMS = ['fast=5', 'slow=20', 'stopLoss=0.2'];
const FIXTURES = join(ROOT, 'packages/server/test/fixtures/strategies');

/** A clock that moves only when the test says: due timeouts run in due order, each at its own due time. */
class ManualClock implements StrategyClock {
  time: number;
  readonly #timeouts = new Map<number, { due: number; callback: () => void }>();
  #next = 0;

  constructor(time: number) {
    this.time = time;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    this.#next += 1;
    this.#timeouts.set(this.#next, { due: this.time + delayMs, callback });
    return this.#next;
  }

  clearTimeout(handle: unknown): void {
    this.#timeouts.delete(handle as number);
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.#timeouts.entries()].filter(([, t]) => t.due <= end).sort((a, b) => a[1].due - b[1].due)[0];
      if (due === undefined) break;
      this.#timeouts.delete(due[0]);
      this.time = due[1].due;
      due[1].callback();
    }
    this.time = end;
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the example strategy, backtested and then run on paper', () => {
  const dir = waveDir(['BTCUSD'], 3_000, 240);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

  it('backtests over the bars: crossovers buy with a protective stop and sell', async () => {
    const { strategy } = await loadStrategy(EXAMPLE);
    const bars = parseCsvBars(readFileSync(join(dir, 'BTCUSD.csv'), 'utf8'), 'BTCUSD.csv');
    const { engine, report } = runBacktest({ data: [{ symbol: 'BTCUSD', bars: bars.slice(0, 600) }], strategy, params: resolveParams(strategy.params, PARAMS) });
    const orders = engine.orders();
    const parents = orders.filter((o) => o.parentId === undefined);
    expect(parents.filter((o) => o.side === Side.Buy).length).toBeGreaterThanOrEqual(2);
    expect(parents.filter((o) => o.side === Side.Sell).length).toBeGreaterThanOrEqual(2);
    expect(orders.some((o) => o.type === OrderType.Stop && o.parentId !== undefined)).toBe(true);
    expect(report.summary.trades).toBeGreaterThanOrEqual(2);
  });

  it('runs on a paper account through the SDK: places its orders, and its stop cancels its working ones', async () => {
    const server: TestServer = await startServer({
      market: { source: 'csv', seed: 1, intervalMs: 20, csvDir: dir },
    });
    cleanups.push(() => server.close());
    const client = new TradingProClient({ baseUrl: server.url, accountId: 'DEMO-001' });
    cleanups.push(() => client.close());
    // An order of someone else on the account: the strategy's stop must leave it alone.
    const other = (await client.broker.placeOrder({ symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 0.01, limitPrice: 1_000 })).orderId;
    const { strategy } = await loadStrategy(EXAMPLE);
    const lines: string[] = [];
    const run = await runStrategy({ client, accountId: 'DEMO-001', strategy, params: resolveParams(strategy.params, PARAMS), symbols: ['BTCUSD'], warmup: 0, log: (line) => lines.push(line) });

    // The first crossover up: a market buy that fills, with its protective stop working under the position.
    const stop = await eventually(
      async () => {
        const orders = await client.broker.workingAndRecentOrders(50);
        const entry = orders.find((o) => o.side === Side.Buy && o.status === OrderStatus.Filled && o.clientOrderId?.startsWith('sma-cross-') === true);
        return entry && orders.find((o) => o.type === OrderType.Stop && o.status === OrderStatus.Working && o.side === Side.Sell);
      },
      20_000,
      'a filled entry and its working stop',
    );
    expect(lines.some((line) => /crossed up/.test(line))).toBe(true);

    const outcome = await run.stop('test');
    expect(outcome.error).toBeUndefined();
    expect(outcome.canceled).toContain(stop.id);
    const after = await client.broker.order(stop.id);
    expect(after.status).toBe(OrderStatus.Canceled);
    expect((await client.broker.order(other)).status).toBe(OrderStatus.Working);
    const working = (await client.broker.workingAndRecentOrders(1)).filter((o: Order) => o.status === OrderStatus.Working);
    expect(working.map((o) => o.id)).toEqual([other]);
    expect(await run.done).toBe(outcome);
  });
});

describe('a strategy run on a server: timers, and errors', () => {
  const dir = waveDir(['BTCUSD'], 3_000, 240);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  let server: TestServer | undefined;
  const connect = async () => {
    server ??= await startServer({ market: { source: 'csv', seed: 1, intervalMs: 20, csvDir: dir } });
    cleanups.push(() => server?.close());
    const client = new TradingProClient({ baseUrl: server.url, accountId: 'DEMO-001' });
    cleanups.push(() => client.close());
    return client;
  };

  it('runs timers on the run’s clock (a fake one here), and ends when the strategy stops itself', async () => {
    const client = await connect();
    const { strategy } = await loadStrategy(join(FIXTURES, 'every-second.ts'));
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const lines: string[] = [];
    const run = await runStrategy({ client, accountId: 'DEMO-001', strategy, symbols: ['BTCUSD'], clock, log: (line) => lines.push(line) });
    clock.advance(999);
    expect(lines.filter((line) => / tick \d/.test(line))).toEqual([]);
    clock.advance(1);
    clock.advance(2_500);
    expect(lines.filter((line) => / tick \d/.test(line))).toEqual(['2026-06-01T00:00:01.000Z tick 1', '2026-06-01T00:00:02.000Z tick 2', '2026-06-01T00:00:03.000Z tick 3']);
    const outcome = await run.done;
    expect(outcome).toMatchObject({ reason: 'enough ticks', canceled: [] });
    clock.advance(10_000);
    expect(lines.filter((line) => / tick \d/.test(line))).toHaveLength(3);
  });

  it('names the strategy file and line of an error in a backtest too', async () => {
    const { strategy, path } = await loadStrategy(join(FIXTURES, 'throws-on-bar.ts'));
    const bars = parseCsvBars(readFileSync(join(dir, 'BTCUSD.csv'), 'utf8'), 'BTCUSD.csv').slice(0, 10);
    let thrown: unknown;
    try {
      runBacktest({ data: [{ symbol: 'BTCUSD', bars }], strategy });
    } catch (error) {
      thrown = error;
    }
    expect(describeStrategyError(thrown, path)).toMatch(/^strategy buggy failed at bar 2 \(2026-01-05T00:02:45\.000Z\) of BTCUSD: no price for BTCUSD\n {4}at .*throws-on-bar\.ts:9:\d+$/);
  });

  it('stops on a strategy error and names the strategy file and line', async () => {
    const client = await connect();
    const { strategy, path } = await loadStrategy(join(FIXTURES, 'throws-on-bar.ts'));
    const run = await runStrategy({ client, accountId: 'DEMO-001', strategy, symbols: ['BTCUSD'] });
    const outcome = await run.done;
    expect(outcome.reason).toBe('the strategy failed');
    const text = describeStrategyError(outcome.error, path);
    expect(text).toMatch(/^strategy buggy failed at bar 2 \(.*\) of BTCUSD: no price for BTCUSD\n {4}at .*throws-on-bar\.ts:9:\d+$/);
  });
});
