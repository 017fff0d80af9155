/** The `StrategyContext` a backtest hands its strategy: engine commands at the bar's close time, series lookups, timers on the simulated clock. */
import { isFinalStatus } from '@trading-pro/contracts';
import type { Account, ModifyOrder, Order, Position, PreOrder } from '@trading-pro/contracts';
import type { EngineEvent } from '../paper/records.ts';
import type { PaperEngine } from '../paper/engine.ts';
import type { QuoteSlot } from './bar-quotes.ts';
import type { BarHistory } from './bar-series.ts';
import type { TimerQueue } from './timer-queue.ts';
import type { TradeLedger } from './trade-ledger.ts';
import type { BacktestBar, CancelTimer, OrderOutcome, StrategyContext, StrategyOrder, StrategyParams, StrategyQuote } from './strategy.ts';

/** A command the strategy sent, with its time: replaying these against the same quotes gives the same fills. */
export type StrategyCommand =
  | { readonly kind: 'place'; readonly time: number; readonly order: PreOrder }
  | { readonly kind: 'modify'; readonly time: number; readonly orderId: string; readonly changes: ModifyOrder }
  | { readonly kind: 'cancel'; readonly time: number; readonly orderId: string };

/** One symbol of a backtest: its bars as the strategy sees them, its latest quote, and the bar being handled. */
export interface SymbolFeed {
  readonly symbol: string;
  readonly series: BarHistory;
  readonly slot: QuoteSlot;
  /** Index of the symbol's latest bar (-1 before its first). */
  index: number;
}

const UNIT = 1e8;

export class BacktestContext<Params extends StrategyParams = StrategyParams> implements StrategyContext<Params> {
  now = 0;
  readonly symbols: readonly string[];
  readonly params: Params;
  readonly commands: StrategyCommand[] = [];
  /** Set by `stop()`: the replay ends after the current call. */
  stopReason: string | undefined;
  current: SymbolFeed;
  readonly #feeds: ReadonlyMap<string, SymbolFeed>;
  readonly #engine: PaperEngine;
  readonly #ledger: TradeLedger;
  readonly timers: TimerQueue;
  readonly #log: (line: string) => void;

  constructor(feeds: readonly SymbolFeed[], engine: PaperEngine, ledger: TradeLedger, timers: TimerQueue, params: Params, log: (line: string) => void) {
    this.#feeds = new Map(feeds.map((feed) => [feed.symbol, feed]));
    this.symbols = feeds.map((feed) => feed.symbol);
    this.current = feeds[0] as SymbolFeed;
    this.#engine = engine;
    this.#ledger = ledger;
    this.timers = timers;
    this.params = params;
    this.#log = log;
  }

  get symbol(): string {
    return this.current.symbol;
  }

  get barIndex(): number {
    return this.current.index;
  }

  #feed(symbol: string | undefined): SymbolFeed | undefined {
    return symbol === undefined ? this.current : this.#feeds.get(symbol);
  }

  #record(events: readonly EngineEvent[]): void {
    if (events.length !== 0) this.#ledger.record(events);
  }

  placeOrder(order: StrategyOrder): OrderOutcome {
    const request: PreOrder = { ...order, symbol: order.symbol ?? this.symbol };
    this.commands.push({ kind: 'place', time: this.now, order: request });
    const result = this.#engine.placeOrder(request, this.now);
    this.#record(result.events);
    return result.rejection === undefined ? { orderId: result.orderId } : { orderId: result.orderId, rejectReason: result.rejection.message };
  }

  modifyOrder(orderId: string, changes: ModifyOrder): void {
    this.commands.push({ kind: 'modify', time: this.now, orderId, changes });
    this.#record(this.#engine.modifyOrder(orderId, changes, this.now));
  }

  cancelOrder(orderId: string): void {
    this.commands.push({ kind: 'cancel', time: this.now, orderId });
    this.#record(this.#engine.cancelOrder(orderId, this.now));
  }

  positions(): Position[] {
    return this.#engine.positions();
  }

  position(symbol: string = this.symbol): Position | undefined {
    return this.#engine.positions().find((p) => p.symbol === symbol);
  }

  positionQty(symbol: string = this.symbol): number {
    return Number(this.#ledger.openQty(symbol)) / UNIT;
  }

  account(): Account {
    return this.#engine.account();
  }

  equity(): number {
    const books = this.#engine.books();
    return Number(books.balance + books.unrealizedPL) / UNIT;
  }

  orders(): Order[] {
    return this.#engine.orders().filter((o) => !isFinalStatus(o.status));
  }

  quote(symbol?: string): StrategyQuote | undefined {
    const feed = this.#feed(symbol);
    if (feed === undefined || feed.index < 0) return undefined;
    const { slot } = feed;
    return { symbol: slot.symbol, time: slot.time, bid: Number(slot.bid) / UNIT, ask: Number(slot.ask) / UNIT, last: Number(slot.last) / UNIT };
  }

  // A negative `ago` would look ahead: the future is not there.
  bar(ago = 0, symbol?: string): BacktestBar | undefined {
    const feed = this.#feed(symbol);
    if (ago < 0 || feed === undefined) return undefined;
    return feed.series.view(feed.index - ago);
  }

  sma(period: number, ago = 0): number | undefined {
    if (ago < 0) return undefined;
    return this.current.series.sma(this.current.index - ago, period);
  }

  crossover(fastPeriod: number, slowPeriod: number): -1 | 0 | 1 {
    const { series, index } = this.current;
    const fast = series.sma(index, fastPeriod);
    const slow = series.sma(index, slowPeriod);
    const fastBefore = series.sma(index - 1, fastPeriod);
    const slowBefore = series.sma(index - 1, slowPeriod);
    if (fast === undefined || slow === undefined || fastBefore === undefined || slowBefore === undefined) return 0;
    if (fast > slow && fastBefore <= slowBefore) return 1;
    if (fast < slow && fastBefore >= slowBefore) return -1;
    return 0;
  }

  after(delayMs: number, callback: () => void): CancelTimer {
    return this.timers.add(this.now + delayMs, 0, callback);
  }

  every(intervalMs: number, callback: () => void): CancelTimer {
    if (!(intervalMs > 0)) throw new RangeError(`every() needs an interval > 0 ms, got ${intervalMs}`);
    return this.timers.add(this.now + intervalMs, intervalMs, callback);
  }

  log(message: string): void {
    this.#log(`${new Date(this.now).toISOString()} ${message}`);
  }

  stop(reason = 'stopped by the strategy'): void {
    this.stopReason ??= reason;
  }

  /** Cancels every order that is not final yet (the end of a stopped run). */
  cancelWorkingOrders(): void {
    for (const order of this.orders()) {
      if (!isFinalStatus(this.#engine.order(order.id).status)) this.cancelOrder(order.id);
    }
  }
}
