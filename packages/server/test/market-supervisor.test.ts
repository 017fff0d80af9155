/** A market source whose venue is down: degraded with its error, retried with backoff, ok once the venue answers. */
import { ErrorCode, TradingError } from '@trading-pro/contracts';
import { LiveSimulatedSource, type MarketSource } from '@trading-pro/engine';
import { describe, expect, it } from 'vitest';
import { MarketSupervisor } from '../src/market-supervisor.ts';
import { FakeRetryTimers } from './fake-retry-timers.ts';
import { eventually } from './harness.ts';

const NOW = Date.UTC(2026, 2, 4, 15, 0, 0);

/** A simulated market whose start fails while `down` is true; it counts starts and stops. */
class FlakySource implements MarketSource {
  readonly kind = 'ccxt:flaky';
  readonly market = new LiveSimulatedSource({ seed: 1 });
  down = true;
  starts = 0;
  stops = 0;
  failure: Error = new TradingError(ErrorCode.BROKER_UNAVAILABLE, 'flaky loadMarkets failed: connect ECONNREFUSED 127.0.0.1:9');
  readonly instruments = () => this.market.instruments();
  readonly quote = (symbol: string) => this.market.quote(symbol);
  readonly dayStats = (symbol: string) => this.market.dayStats(symbol);
  readonly history: MarketSource['history'] = (...args) => this.market.history(...args);
  readonly subscribe: MarketSource['subscribe'] = (listener) => this.market.subscribe(listener);

  start(): void {
    this.starts += 1;
    if (this.down) throw this.failure;
    this.market.start();
  }

  stop(): void {
    this.stops += 1;
    this.market.stop();
  }
}

function supervised(source: MarketSource, timers: FakeRetryTimers, now = () => NOW): MarketSupervisor {
  return new MarketSupervisor('binance', source, { timers, now });
}

describe('MarketSupervisor', () => {
  it('starts degraded with the error when the venue cannot be reached, instead of failing', async () => {
    const timers = new FakeRetryTimers();
    const supervisor = supervised(new FlakySource(), timers);
    await supervisor.start();
    expect(supervisor.health()).toEqual({
      name: 'binance',
      kind: 'ccxt:flaky',
      status: 'degraded',
      message: 'flaky loadMarkets failed: connect ECONNREFUSED 127.0.0.1:9',
      failures: 1,
      nextRetryAt: NOW + 2_000,
    });
    await supervisor.stop();
  });

  it('retries with a delay doubling from 2 s up to a minute', async () => {
    const timers = new FakeRetryTimers();
    const source = new FlakySource();
    const supervisor = supervised(source, timers);
    await supervisor.start();
    for (let retry = 1; retry <= 7; retry += 1) {
      timers.fire();
      await eventually(() => expect(source.starts).toBe(retry + 1));
      await eventually(() => expect(timers.pending).toBe(1));
    }
    expect(timers.delays).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(supervisor.health()).toMatchObject({ status: 'degraded', failures: 8 });
    // Each failed attempt's leftovers are stopped before the next one.
    expect(source.stops).toBe(8);
    await supervisor.stop();
  });

  it('becomes ok when the venue answers again, and starts the backoff over after a later failure', async () => {
    const timers = new FakeRetryTimers();
    const source = new FlakySource();
    const supervisor = supervised(source, timers);
    await supervisor.start();
    timers.fire();
    await eventually(() => expect(timers.pending).toBe(1));
    source.down = false;
    timers.fire();
    await eventually(() => expect(supervisor.health()).toEqual({ name: 'binance', kind: 'ccxt:flaky', status: 'ok', failures: 0 }));
    expect(source.market.running).toBe(true);
    expect(timers.pending).toBe(0);
    expect(timers.delays).toEqual([2_000, 4_000]);
    await supervisor.stop();
    expect(source.market.running).toBe(false);
  });

  it('is ok at once when the first start succeeds, and asks for no timer', async () => {
    const timers = new FakeRetryTimers();
    const source = new FlakySource();
    source.down = false;
    const supervisor = supervised(source, timers);
    await supervisor.start();
    expect(supervisor.health()).toMatchObject({ status: 'ok', failures: 0 });
    expect(timers.delays).toEqual([]);
    await supervisor.stop();
  });

  it('fails the start for a configuration error the venue answered (no retry fixes a symbol it does not list)', async () => {
    const timers = new FakeRetryTimers();
    const source = new FlakySource();
    source.failure = new TradingError(ErrorCode.VALIDATION_ERROR, 'binance has no market BTC/USDTT');
    await expect(supervised(source, timers).start()).rejects.toThrow('binance has no market BTC/USDTT');
    expect(timers.delays).toEqual([]);
  });

  it('stops retrying when stopped', async () => {
    const timers = new FakeRetryTimers();
    const source = new FlakySource();
    const supervisor = supervised(source, timers);
    await supervisor.start();
    await supervisor.stop();
    expect(timers.pending).toBe(0);
    expect(source.starts).toBe(1);
  });

  it('logs the degraded source once a logger is given, and its recovery', async () => {
    const timers = new FakeRetryTimers();
    const source = new FlakySource();
    const supervisor = supervised(source, timers);
    await supervisor.start();
    const logged: { level: string; details: object }[] = [];
    supervisor.useLog({ warn: (details) => logged.push({ level: 'warn', details }), info: (details) => logged.push({ level: 'info', details }) });
    expect(logged).toEqual([{ level: 'warn', details: expect.objectContaining({ marketSource: 'binance', failures: 1 }) }]);
    source.down = false;
    timers.fire();
    await eventually(() => expect(logged.map((entry) => entry.level)).toEqual(['warn', 'info']));
    await supervisor.stop();
  });
});
