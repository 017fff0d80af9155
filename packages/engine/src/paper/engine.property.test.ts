import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OrderStatus, OrderType, TradingError, absFixed, divRound, mulFixed, roundToStep, toFixed } from '@trading-pro/contracts';
import type { Fixed, PreOrder } from '@trading-pro/contracts';
import type { MarketQuote } from '../market/quote.ts';
import { decodeEngineEvent, encodeEngineEvent } from './codec.ts';
import type { PaperEngine } from './engine.ts';
import { decodeEngineImage, encodeEngineImage } from './image-codec.ts';
import type { EngineEvent } from './records.ts';
import { BTC, AAPL, T0, makeEngine } from './test-support.ts';

interface Market { readonly symbol: string; readonly tick: number; readonly lot: number; readonly decimals: number; mid: number; readonly maxLeverage: number }

/** `arb` about one time in `n`, otherwise null. */
const sometimes = <T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | null> => fc.oneof({ weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

const action = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('quote' as const), sym: fc.nat(1), move: fc.integer({ min: -40, max: 40 }), spread: fc.integer({ min: 1, max: 4 }), bidLots: fc.integer({ min: 0, max: 40 }), askLots: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('place' as const), sym: fc.nat(1), type: fc.constantFrom(1, 2, 3, 4), side: fc.constantFrom(1, -1), lots: fc.integer({ min: 1, max: 25 }), offset: fc.integer({ min: -50, max: 50 }), offset2: fc.integer({ min: -10, max: 10 }), tif: fc.constantFrom('GTC', 'GTC', 'DAY', 'IOC', 'FOK'), tp: sometimes(fc.integer({ min: -5, max: 80 }), 3), sl: sometimes(fc.integer({ min: -5, max: 80 }), 3), trail: sometimes(fc.integer({ min: 1, max: 40 }), 4), cid: sometimes(fc.constantFrom('c1', 'c2', 'c3'), 5) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('modify' as const), pick: fc.nat(), lots: sometimes(fc.integer({ min: 1, max: 30 }), 2), offset: sometimes(fc.integer({ min: -50, max: 50 }), 2), tp: sometimes(fc.integer({ min: -5, max: 80 }), 4) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancelAll' as const), sym: sometimes(fc.nat(1), 2), side: sometimes(fc.constantFrom(1 as const, -1 as const), 2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), sym: fc.nat(1), lots: sometimes(fc.integer({ min: 1, max: 30 }), 2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverse' as const), sym: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('brackets' as const), sym: fc.nat(1), tp: sometimes(fc.integer({ min: -5, max: 80 }), 3), sl: sometimes(fc.integer({ min: -5, max: 80 }), 3), trail: sometimes(fc.integer({ min: 1, max: 40 }), 3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leverage' as const), sym: fc.nat(1), leverage: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 4 * 3_600_000 }) }) },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

const priceOf = (m: Market, ticks: number): number => Number((Math.max(1, ticks) * m.tick).toFixed(m.decimals));
const qtyOf = (m: Market, lots: number): number => Number((lots * m.lot).toFixed(3));

function quoteFor(m: Market, spread: number, bidLots: number, askLots: number, time: number): MarketQuote {
  return { symbol: m.symbol, time, bid: toFixed(priceOf(m, m.mid)), ask: toFixed(priceOf(m, m.mid + spread)), last: toFixed(priceOf(m, m.mid)), bidSize: toFixed(qtyOf(m, bidLots)), askSize: toFixed(qtyOf(m, askLots)), volume: 0n };
}

function preOrder(m: Market, a: Extract<Action, { kind: 'place' }>): PreOrder {
  const ref = m.mid + a.offset;
  const req: PreOrder = { symbol: m.symbol, type: a.type as PreOrder['type'], side: a.side as 1 | -1, qty: qtyOf(m, a.lots) };
  if (a.type === OrderType.Limit || a.type === OrderType.StopLimit) req.limitPrice = priceOf(m, a.type === OrderType.StopLimit ? ref + a.offset2 : ref);
  if (a.type === OrderType.Stop || a.type === OrderType.StopLimit) req.stopPrice = priceOf(m, ref);
  if (a.tif !== 'GTC') req.duration = { type: a.tif as 'DAY' | 'IOC' | 'FOK' };
  if (a.tp !== null) req.takeProfit = priceOf(m, ref + a.side * a.tp);
  if (a.sl !== null) req.stopLoss = priceOf(m, ref - a.side * a.sl);
  if (a.trail !== null) req.trailingStopPips = a.trail;
  if (a.cid !== null) req.clientOrderId = a.cid;
  return req;
}

/** Runs one action; `orders` is the list `pick` chooses from (the full engine's, so a twin picks the same order). */
function run(engine: PaperEngine, markets: Market[], a: Action, time: number, orders = engine.orders()): EngineEvent[] {
  const m = markets['sym' in a && typeof a.sym === 'number' ? a.sym : 0] ?? (markets[0] as Market);
  const picked = 'pick' in a && orders.length > 0 ? orders[a.pick % orders.length] : undefined;
  switch (a.kind) {
    case 'quote':
      m.mid = Math.max(10, m.mid + a.move);
      return engine.onQuote(quoteFor(m, a.spread, a.bidLots, a.askLots, time));
    case 'place':
      return engine.placeOrder(preOrder(m, a), time).events;
    case 'modify': {
      if (picked === undefined) return [];
      const pm = markets.find((x) => x.symbol === picked.symbol) ?? m;
      const price = a.offset === null ? undefined : priceOf(pm, pm.mid + a.offset);
      return engine.modifyOrder(picked.id, {
        ...(a.lots === null ? {} : { qty: qtyOf(pm, a.lots) }),
        ...(price === undefined ? {} : picked.type === OrderType.Limit ? { limitPrice: price } : picked.type === OrderType.Market ? {} : { stopPrice: price }),
        ...(a.tp === null ? {} : { takeProfit: priceOf(pm, pm.mid + picked.side * a.tp) }),
      }, time);
    }
    case 'cancel':
      return picked === undefined ? [] : engine.cancelOrder(picked.id, time);
    case 'cancelAll':
      return engine.cancelOrders({ ...(a.sym === null ? {} : { symbol: markets[a.sym]?.symbol }), ...(a.side === null ? {} : { side: a.side }) }, time).events;
    case 'close':
      return engine.closePosition(m.symbol, a.lots === null ? undefined : qtyOf(m, a.lots), time);
    case 'reverse':
      return engine.reversePosition(m.symbol, time);
    case 'brackets': {
      const side = engine.positions().find((p) => p.symbol === m.symbol)?.side ?? 1;
      return engine.setPositionBrackets(m.symbol, {
        takeProfit: a.tp === null ? null : priceOf(m, m.mid + side * a.tp),
        ...(a.sl === null ? {} : { stopLoss: priceOf(m, m.mid - side * a.sl) }),
        ...(a.trail === null ? {} : { trailingStopPips: a.trail }),
      }, time);
    }
    case 'leverage':
      return engine.setLeverage(m.symbol, a.leverage, time);
    case 'advance':
      return engine.advance(time + a.ms);
  }
}

/** Realized P&L recomputed from the executions alone, netting by average cost. */
function realizedFromExecutions(engine: PaperEngine): Fixed {
  const book = new Map<string, { qty: Fixed; avg: Fixed }>();
  let realized = 0n;
  for (const e of engine.executions()) {
    const p = book.get(e.symbol) ?? { qty: 0n, avg: 0n };
    const qty = toFixed(e.qty);
    const price = toFixed(e.price);
    const signed = e.side === 1 ? qty : -qty;
    if (p.qty === 0n || (p.qty > 0n) === (signed > 0n)) {
      const next = p.qty + signed;
      book.set(e.symbol, { qty: next, avg: divRound(absFixed(p.qty) * p.avg + qty * price, absFixed(next)) });
      continue;
    }
    const closing = absFixed(p.qty) < qty ? absFixed(p.qty) : qty;
    // Crypto P&L is kept exact; other symbols' in cents.
    realized += roundToStep(mulFixed(p.qty > 0n ? price - p.avg : p.avg - price, closing), e.symbol === BTC.symbol ? 1n : toFixed(0.01));
    const next = p.qty + signed;
    book.set(e.symbol, { qty: next, avg: next === 0n || (next > 0n) === (p.qty > 0n) ? p.avg : price });
  }
  return realized;
}

function checkInvariants(engine: PaperEngine, journal: readonly EngineEvent[], marks: MarketQuote[]): void {
  const exact = (n: number): Fixed => toFixed(n);
  const books = engine.books();
  expect(books.balance).toBe(toFixed(100_000) + books.realizedPL - books.commissionPaid);
  expect(books.realizedPL).toBe(realizedFromExecutions(engine));
  const account = engine.account();
  const executions = engine.executions();
  const orders = engine.orders();
  expect(executions.reduce((s, e) => s + exact(e.commission), 0n)).toBe(books.commissionPaid);
  expect(orders.reduce((s, o) => s + exact(o.commission), 0n)).toBe(books.commissionPaid);
  expect(exact(account.equity)).toBe(exact(account.balance) + engine.positions().reduce((s, p) => s + exact(p.pl), 0n));
  for (const order of orders) {
    const filled = executions.filter((e) => e.orderId === order.id).reduce((s, e) => s + toFixed(e.qty), 0n);
    expect(toFixed(order.filledQty)).toBe(filled);
    expect(filled <= toFixed(order.qty)).toBe(true);
    expect(order.status === OrderStatus.Filled).toBe(filled === toFixed(order.qty) && order.status !== OrderStatus.Canceled);
  }
  for (const symbol of [AAPL.symbol, BTC.symbol]) {
    const net = executions.filter((e) => e.symbol === symbol).reduce((s, e) => s + (e.side === 1 ? toFixed(e.qty) : -toFixed(e.qty)), 0n);
    const position = engine.positions().find((p) => p.symbol === symbol);
    expect(position === undefined ? 0n : position.side === 1 ? toFixed(position.qty) : -toFixed(position.qty)).toBe(net);
    const guards = orders.filter((o) => o.symbol === symbol && o.parentType === 2 && (o.status === OrderStatus.Working || o.status === OrderStatus.Inactive));
    if (position === undefined) expect(guards).toEqual([]);
    for (const guard of guards) expect(guard.side).toBe(position?.side === 1 ? -1 : 1);
  }
  const restored = makeEngine({ latencyMs: 0 });
  restored.restore(journal, marks);
  expect(restored.orders()).toEqual(orders);
  expect(restored.positions()).toEqual(engine.positions());
  expect(restored.executions()).toEqual(executions);
  expect(restored.account()).toEqual(account);
  expect(restored.leverageInfo('AAPL')).toEqual(engine.leverageInfo('AAPL'));
  expect(restored.leverageInfo('BTCUSD')).toEqual(engine.leverageInfo('BTCUSD'));
}

/** Margin held by positions and working orders within equity (to the cent). */
function withinMargin(engine: PaperEngine): boolean {
  const { positions, orders } = engine.margin();
  return Math.round((positions + orders) * 100) <= Math.round(engine.account().equity * 100);
}

/** Replays the executions: every fill of a reduce-only order (closes, liquidations) only reduces the position. */
function checkClosesNeverFlip(engine: PaperEngine): void {
  const reduceOnly = new Set(engine.image().orders.filter((o) => o.reduceOnly === true).map((o) => o.id));
  const net = new Map<string, Fixed>();
  for (const e of engine.executions()) {
    const before = net.get(e.symbol) ?? 0n;
    const signed = e.side === 1 ? toFixed(e.qty) : -toFixed(e.qty);
    if (reduceOnly.has(e.orderId)) {
      expect(before !== 0n && (before > 0n) !== (signed > 0n), `close ${e.orderId} adds to or opens a position`).toBe(true);
      expect(absFixed(signed) <= absFixed(before), `close ${e.orderId} goes through zero`).toBe(true);
    }
    net.set(e.symbol, before + signed);
  }
}

const COMMANDS = new Set<Action['kind']>(['place', 'modify', 'close', 'reverse', 'brackets', 'leverage', 'cancel', 'cancelAll']);

describe('paper engine model', () => {
  it('balances its books exactly and restores identically after thousands of random operations', () => {
    const scenario = fc.record({
      latencyMs: fc.constantFrom(0, 0, 30),
      checkMarketHours: fc.boolean(),
      actions: fc.array(fc.record({ action, dt: fc.integer({ min: 0, max: 60 }) }), { minLength: 200, maxLength: 500 }),
      snapshotAt: fc.nat(500),
    });
    fc.assert(
      fc.property(scenario, ({ latencyMs, checkMarketHours, actions, snapshotAt }) => {
        const config = { latencyMs, checkMarketHours, slippage: { model: 'sqrt', value: 0.0005 }, commission: { rate: 0.001, min: 0.5 } } as const;
        const engine = makeEngine(config);
        // The same account without history, restored once from a JSON snapshot half-way: it must stay identical.
        const lean = makeEngine({ ...config, retainHistory: false });
        // What the lean engine decides, folded into a ledger that never matches (the server's committed engine).
        const ledger = makeEngine({ ...config, retainHistory: false, matching: false });
        const markets: Market[] = [
          { symbol: AAPL.symbol, tick: 0.01, lot: 1, decimals: 2, mid: 10_000, maxLeverage: 4 },
          { symbol: BTC.symbol, tick: 0.5, lot: 0.001, decimals: 1, mid: 100_000, maxLeverage: 10 },
        ];
        const journal: EngineEvent[] = [];
        // Without history, a retried clientOrderId is the server's to answer (its store knows every order).
        const usedClientIds = new Set<string>();
        let time = T0;
        for (const [step, { action: a, dt }] of actions.entries()) {
          time += dt * 1000 + (a.kind === 'advance' ? a.ms : 0);
          const at = a.kind === 'advance' ? time - a.ms : time;
          const covered = withinMargin(engine);
          const leanMarkets = markets.map((m) => ({ ...m }));
          const orders = engine.orders();
          try {
            journal.push(...run(engine, markets, a, at));
            // No accepted command takes an account that was within its margin beyond it.
            if (COMMANDS.has(a.kind) && covered) expect(withinMargin(engine), `${a.kind} at step ${step} breaks the margin`).toBe(true);
          } catch (error) {
            if (!(error instanceof TradingError)) throw error;
          }
          const retried = a.kind === 'place' && a.cid !== null && usedClientIds.has(a.cid);
          if (a.kind === 'place' && a.cid !== null && engine.orders().some((o) => o.clientOrderId === a.cid)) usedClientIds.add(a.cid);
          try {
            if (!retried) ledger.applyAll(run(lean, leanMarkets, a, at, orders));
          } catch (error) {
            if (!(error instanceof TradingError)) throw error;
          }
          for (const m of markets) {
            const mark = lean.quote(m.symbol);
            if (mark !== undefined) ledger.mark(mark);
          }
          if (step === snapshotAt) {
            // State from a JSON snapshot; market data (the quotes and what fills left of their size) stays the engine's.
            const image = decodeEngineImage(JSON.parse(JSON.stringify(encodeEngineImage(lean.image()))));
            const restored = makeEngine({ ...config, retainHistory: false, matching: false });
            restored.restore([], [], image);
            lean.resetTo(restored);
          }
        }
        for (const event of journal) expect(decodeEngineEvent(JSON.parse(JSON.stringify(encodeEngineEvent(event))))).toEqual(event);
        const marks = markets.map((m) => engine.quote(m.symbol)).filter((q): q is MarketQuote => q !== undefined);
        checkInvariants(engine, journal, marks);
        checkClosesNeverFlip(engine);
        expect(lean.positions()).toEqual(engine.positions());
        expect(lean.account()).toEqual(engine.account());
        expect(lean.orders()).toEqual(engine.orders().filter((o) => o.status === OrderStatus.Working || o.status === OrderStatus.Inactive));
        expect(ledger.positions()).toEqual(lean.positions());
        expect(ledger.account()).toEqual(lean.account());
        expect(ledger.orders()).toEqual(lean.orders());
      }),
      { seed: 20_261_120, numRuns: 30 },
    );
  });
});
