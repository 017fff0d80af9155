/** The `StrategyContext` a backtest hands its strategy: engine commands at the bar's close time, and series lookups. */
import { isFinalStatus } from '@trading-pro/contracts';
import type { Account, ModifyOrder, Order, Position, PreOrder } from '@trading-pro/contracts';
import type { EngineEvent } from '../paper/records.ts';
import type { PaperEngine } from '../paper/engine.ts';
import type { BarSeries } from './bar-series.ts';
import type { TradeLedger } from './trade-ledger.ts';
import type { BacktestBar, OrderOutcome, StrategyContext, StrategyOrder } from './strategy.ts';

/** A command the strategy sent, with its time: replaying these against the same quotes gives the same fills. */
export type StrategyCommand =
  | { readonly kind: 'place'; readonly time: number; readonly order: PreOrder }
  | { readonly kind: 'modify'; readonly time: number; readonly orderId: string; readonly changes: ModifyOrder }
  | { readonly kind: 'cancel'; readonly time: number; readonly orderId: string };

export class BacktestContext implements StrategyContext {
  readonly symbol: string;
  now = 0;
  barIndex = -1;
  readonly commands: StrategyCommand[] = [];
  readonly #engine: PaperEngine;
  readonly #series: BarSeries;
  readonly #ledger: TradeLedger;

  constructor(symbol: string, engine: PaperEngine, series: BarSeries, ledger: TradeLedger) {
    this.symbol = symbol;
    this.#engine = engine;
    this.#series = series;
    this.#ledger = ledger;
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
    return Number(this.#ledger.openQty(symbol)) / 1e8;
  }

  account(): Account {
    return this.#engine.account();
  }

  equity(): number {
    const books = this.#engine.books();
    return Number(books.balance + books.unrealizedPL) / 1e8;
  }

  orders(): Order[] {
    return this.#engine.orders().filter((o) => !isFinalStatus(o.status));
  }

  // A negative `ago` would look ahead: the future is not there.
  bar(ago = 0): BacktestBar | undefined {
    if (ago < 0) return undefined;
    return this.#series.view(this.barIndex - ago);
  }

  sma(period: number, ago = 0): number | undefined {
    if (ago < 0) return undefined;
    return this.#series.sma(this.barIndex - ago, period);
  }

  crossover(fastPeriod: number, slowPeriod: number): -1 | 0 | 1 {
    const index = this.barIndex;
    const series = this.#series;
    const fast = series.sma(index, fastPeriod);
    const slow = series.sma(index, slowPeriod);
    const fastBefore = series.sma(index - 1, fastPeriod);
    const slowBefore = series.sma(index - 1, slowPeriod);
    if (fast === undefined || slow === undefined || fastBefore === undefined || slowBefore === undefined) return 0;
    if (fast > slow && fastBefore <= slowBefore) return 1;
    if (fast < slow && fastBefore >= slowBefore) return -1;
    return 0;
  }
}
