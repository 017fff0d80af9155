/**
 * "The same ticks give the same fills": the quotes a backtest makes of its bars, fed to a live PaperBroker through
 * a quote feed, with the strategy's commands sent at the same times, give exactly the backtest's executions.
 */
import { OrderType, Side, parseFixed } from '@trading-pro/contracts';
import { catalogOf, createRandom, runBacktest } from '@trading-pro/engine';
import type { Instrument, MarketBar, MarketQuote, Strategy } from '@trading-pro/engine';
import { describe, expect, it } from 'vitest';
import { accountHarness } from './conformance/account-harness.ts';
import { PaperBroker } from '../src/paper/paper-broker.ts';
import { parsePaperOptions } from '../src/paper/paper-options.ts';
import type { QuoteFeed } from '../src/paper/quote-feed.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');

const TEST: Instrument = {
  symbol: 'TEST', description: 'test', type: 'stock', exchange: 'CSV', currency: 'USD',
  tickSize: parseFixed('0.01'), lotStep: parseFixed('1'), minQty: parseFixed('1'),
  session: { spec: '24x7', timezone: 'Etc/UTC' }, maxLeverage: 1, defaultLeverage: 1,
};

/** Forty seeded daily bars around 100. */
function walk(): MarketBar[] {
  const random = createRandom(11);
  const cents = (value: number) => BigInt(Math.round(value * 100)) * 1_000_000n;
  const bars: MarketBar[] = [];
  let close = 100;
  for (let i = 0; i < 40; i++) {
    const open = close + (random.next() - 0.5);
    close = open + (random.next() - 0.5) * 3;
    const high = Math.max(open, close) + random.next();
    const low = Math.min(open, close) - random.next();
    bars.push({ time: T0 + i * DAY, open: cents(open), high: cents(high), low: cents(low), close: cents(close), volume: cents(400) });
  }
  return bars;
}

const price = (value: number) => Math.round(value * 100) / 100;

/** Market orders bigger than the displayed size, limits, stops, a bracket, a modify and a cancel. */
const busy: Strategy<{ limitId?: string; stopId?: string }> = {
  name: 'parity',
  init: () => ({}),
  onBar(bar, ctx, state) {
    switch (ctx.barIndex) {
      case 1:
        ctx.placeOrder({ type: OrderType.Market, side: Side.Buy, qty: 12 });
        break;
      case 3:
        state.limitId = ctx.placeOrder({ type: OrderType.Limit, side: Side.Sell, qty: 6, limitPrice: price(bar.close + 3) }).orderId;
        state.stopId = ctx.placeOrder({ type: OrderType.Stop, side: Side.Sell, qty: 4, stopPrice: price(bar.low - 0.5) }).orderId;
        break;
      case 6:
        if (state.limitId !== undefined) ctx.modifyOrder(state.limitId, { limitPrice: price(bar.close + 0.4) });
        break;
      case 9:
        if (state.stopId !== undefined && ctx.orders().some((o) => o.id === state.stopId)) ctx.cancelOrder(state.stopId);
        break;
      case 12:
        ctx.placeOrder({ type: OrderType.Market, side: Side.Sell, qty: ctx.positionQty() + 7 });
        break;
      case 20:
        ctx.placeOrder({ type: OrderType.Market, side: Side.Buy, qty: 15, takeProfit: price(bar.close + 1.5), stopLoss: price(bar.close - 1.5) });
        break;
      default:
        if (ctx.barIndex > 25 && ctx.crossover(2, 5) !== 0 && ctx.positionQty() === 0) {
          ctx.placeOrder({ type: OrderType.Market, side: ctx.crossover(2, 5) === 1 ? Side.Buy : Side.Sell, qty: 3 });
        }
    }
  },
};

/** A quote feed the test drives by hand. */
class ManualFeed implements QuoteFeed {
  readonly #latest = new Map<string, MarketQuote>();
  readonly #listeners = new Set<(quote: MarketQuote) => void>();

  instruments() {
    return catalogOf([TEST]);
  }

  quote(symbol: string) {
    return this.#latest.get(symbol);
  }

  subscribe(listener: (quote: MarketQuote) => void) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(quote: MarketQuote): void {
    this.#latest.set(quote.symbol, quote);
    for (const listener of this.#listeners) listener(quote);
  }
}

const MODELS = {
  'rate commission, percent slippage': { commission: { rate: 0.001, min: 1 }, slippage: { model: 'percent', value: 0.0005 } },
  'per-share commission, touch fills, random latency': {
    commission: { model: 'perShare', perShare: 0.005, min: 1, maxRate: 0.01 },
    slippage: { model: 'sqrt', value: 0.001 },
    fill: 'touch',
    latency: { model: 'random', minMs: 1, maxMs: 40, seed: 7 },
  },
} as const;

describe('backtest and live paper session', () => {
  it.each(Object.entries(MODELS))('fill the same orders at the same prices, quantities, times and fees from the same quotes (%s)', async (_name, settings) => {
    const bars = walk();
    const run = runBacktest({ symbol: 'TEST', bars, strategy: busy, instrument: TEST, initialCash: 50_000, quoteSize: 5, ...settings });

    let clock = T0;
    const feed = new ManualFeed();
    const { core, context } = accountHarness({ accountId: 'BACKTEST', accountName: 'parity', initialBalance: 50_000, now: () => clock });
    const broker = new PaperBroker(context, feed, parsePaperOptions({ latencyMs: 1, checkMarketHours: false, ...settings }));
    await core.load(broker);
    await broker.connect();
    const commands = [...run.commands];
    for (const bar of bars) {
      for (const quote of run.quoter.quotes(bar)) {
        clock = quote.time;
        feed.emit(quote);
      }
      while (commands[0] !== undefined && commands[0].time <= run.quoter.closeTime(bar)) {
        const command = commands.shift();
        if (command === undefined) break;
        clock = command.time;
        if (command.kind === 'place') await core.placeOrder(command.order);
        else if (command.kind === 'modify') await core.modifyOrder(command.orderId, command.changes);
        else await core.cancelOrder(command.orderId);
      }
    }
    await broker.disconnect();

    const backtested = run.engine.executions('TEST');
    expect(backtested.length).toBeGreaterThan(8);
    expect(backtested.some((e) => e.qty === 5)).toBe(true); // displayed size split some fills
    // The live session's history comes from its store, newest first.
    expect((await core.executions({ symbol: 'TEST', limit: 1_000 })).value.items.reverse()).toEqual(backtested);
    expect((await core.orders({ limit: 1_000 })).value.items).toEqual(run.engine.orders());
    expect(core.account().value).toEqual({ ...run.engine.account(), name: 'parity' });
  });
});
