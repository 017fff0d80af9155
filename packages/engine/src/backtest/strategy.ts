/** The strategy API of the backtester: what a strategy module exports and what it may do on each bar. */
import type { Account, ModifyOrder, Order, Position, PreOrder } from '@trading-pro/contracts';

/** One bar as a strategy sees it: plain numbers for signal math (the engine keeps the exact prices). */
export interface BacktestBar {
  /** Position in the series, from 0. */
  readonly index: number;
  /** Bar open time, Unix ms UTC. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** An order as a strategy places it: the backtest's symbol unless `symbol` names another. */
export type StrategyOrder = Omit<PreOrder, 'symbol'> & { readonly symbol?: string };

/** The engine's answer: the order id, and the reason when it was rejected (it is then recorded as Rejected). */
export interface OrderOutcome {
  readonly orderId: string;
  readonly rejectReason?: string;
}

export interface StrategyContext {
  /** The symbol being backtested. */
  readonly symbol: string;
  /** Time of the current bar's close quote (Unix ms): orders placed now fill on the following quotes. */
  readonly now: number;
  /** Index of the current bar (-1 during `init`). */
  readonly barIndex: number;
  placeOrder(order: StrategyOrder): OrderOutcome;
  modifyOrder(orderId: string, changes: ModifyOrder): void;
  cancelOrder(orderId: string): void;
  /** Open positions. */
  positions(): Position[];
  /** The open position of `symbol` (default: the backtest's symbol). */
  position(symbol?: string): Position | undefined;
  /** Signed net quantity of `symbol` (default: the backtest's symbol): > 0 long, < 0 short, 0 flat. Cheap. */
  positionQty(symbol?: string): number;
  account(): Account;
  /** Balance + unrealized P&L, as a number. Cheap (account() builds the whole account). */
  equity(): number;
  /** Orders that are not final yet (working, or inactive bracket children), newest first. */
  orders(): Order[];
  /** The bar `ago` bars back (0 = current); undefined before the first bar. */
  bar(ago?: number): BacktestBar | undefined;
  /** Simple moving average of the closes over `period` bars, ending `ago` bars back; undefined until enough bars. */
  sma(period: number, ago?: number): number | undefined;
  /** 1 when SMA(fast) crossed above SMA(slow) on this bar, -1 when it crossed below, else 0. */
  crossover(fastPeriod: number, slowPeriod: number): -1 | 0 | 1;
}

/**
 * A strategy module exports `strategy`. `init` runs once before the first bar and returns the run's own state
 * (so two runs never share it); `onBar` runs after each bar's close quote.
 */
export interface Strategy<State = void> {
  readonly name: string;
  init?(ctx: StrategyContext): State;
  onBar(bar: BacktestBar, ctx: StrategyContext, state: State): void;
}
