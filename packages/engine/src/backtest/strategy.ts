/**
 * The strategy API: what a strategy module exports and what it may do on each bar. One API for backtests (this
 * package runs it over bars) and for paper or live accounts (`@trading-pro/strategy/live` runs it through the SDK).
 */
import type { Account, ModifyOrder, Order, Position, PreOrder } from '@trading-pro/contracts';

/** A parameter's value: its type is the type of the default the strategy declares. */
export type ParamValue = number | string | boolean;
export type StrategyParams = Readonly<Record<string, ParamValue>>;

/** One bar as a strategy sees it: plain numbers for signal math (the engine keeps the exact prices). */
export interface BacktestBar {
  /** Position in its symbol's series, from 0. */
  readonly index: number;
  /** The bar's symbol (several symbols: one `onBar` per symbol and bar). */
  readonly symbol: string;
  /** Bar open time, Unix ms UTC. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** The bar type under its run-anywhere name. */
export type StrategyBar = BacktestBar;

/** An order as a strategy places it: the current bar's symbol unless `symbol` names another. */
export type StrategyOrder = Omit<PreOrder, 'symbol'> & { readonly symbol?: string };

/**
 * The answer to `placeOrder`: the id to modify or cancel it with, and the reason when the order was refused at once.
 * A backtest knows both at once; against a server the order travels afterwards and a rejection shows in `orders()`
 * and the log.
 */
export interface OrderOutcome {
  readonly orderId: string;
  readonly rejectReason?: string;
}

/** The latest quote of a symbol, in plain numbers. */
export interface StrategyQuote {
  readonly symbol: string;
  readonly time: number;
  readonly bid: number;
  readonly ask: number;
  readonly last: number;
}

/** Cancels a timer; calling it again does nothing. */
export type CancelTimer = () => void;

export interface StrategyContext<Params extends StrategyParams = StrategyParams> {
  /** The symbol of the bar being handled (the first symbol in `init` and timers). */
  readonly symbol: string;
  /** Every symbol the strategy runs on. */
  readonly symbols: readonly string[];
  /** The strategy's parameters: its declared defaults with the command line's `--param` values over them. */
  readonly params: Params;
  /** Now (Unix ms): a backtest's simulated clock (the current bar's close quote), the clock of the machine live. */
  readonly now: number;
  /** Index of the current bar in its symbol's series (-1 before the first). */
  readonly barIndex: number;
  placeOrder(order: StrategyOrder): OrderOutcome;
  modifyOrder(orderId: string, changes: ModifyOrder): void;
  cancelOrder(orderId: string): void;
  /** Open positions. */
  positions(): Position[];
  /** The open position of `symbol` (default: the current symbol). */
  position(symbol?: string): Position | undefined;
  /** Signed net quantity of `symbol` (default: the current symbol): > 0 long, < 0 short, 0 flat. Cheap. */
  positionQty(symbol?: string): number;
  account(): Account;
  /** Balance + unrealized P&L, as a number. Cheap (account() builds the whole account). */
  equity(): number;
  /** Orders that are not final yet (working, or inactive bracket children), newest first. */
  orders(): Order[];
  /** The latest quote of `symbol` (default: the current symbol); undefined before the first. */
  quote(symbol?: string): StrategyQuote | undefined;
  /** The bar `ago` bars back (0 = current) of `symbol` (default: the current symbol); undefined before the first. */
  bar(ago?: number, symbol?: string): BacktestBar | undefined;
  /** Simple moving average of the closes over `period` bars, ending `ago` bars back; undefined until enough bars. */
  sma(period: number, ago?: number): number | undefined;
  /** 1 when SMA(fast) crossed above SMA(slow) on this bar, -1 when it crossed below, else 0. */
  crossover(fastPeriod: number, slowPeriod: number): -1 | 0 | 1;
  /** Calls `callback` once, `delayMs` from now, on the run's clock (a backtest's simulated one). */
  after(delayMs: number, callback: () => void): CancelTimer;
  /** Calls `callback` every `intervalMs`, on the run's clock. */
  every(intervalMs: number, callback: () => void): CancelTimer;
  /** A line in the run's log, stamped with `now`. */
  log(message: string): void;
  /** Ends the run after this call: working orders the strategy placed are canceled, then `onStop` runs. */
  stop(reason?: string): void;
}

/**
 * A strategy module exports `strategy` (or a default export). `init` runs once before the first bar and returns the
 * run's own state (so two runs never share it); `onBar` runs after each bar's close; `onStop` at the end of a run.
 */
export interface Strategy<State = void, Params extends StrategyParams = StrategyParams> {
  readonly name: string;
  /** Parameters with their defaults; `--param name=value` overrides them, parsed as the default's type. */
  readonly params?: Params;
  /** Symbols to run on when the command line names none. */
  readonly symbols?: readonly string[];
  /** Bar resolution of a live run when the command line names none (`1`, `5`, `15`, `60`, `1D`; default `1`). */
  readonly resolution?: string;
  /** Bars of history a live run hands `onBar` before the first live bar (orders placed meanwhile are refused). */
  readonly warmup?: number;
  init?(ctx: StrategyContext<Params>): State;
  onBar(bar: BacktestBar, ctx: StrategyContext<Params>, state: State): void;
  onStop?(ctx: StrategyContext<Params>, state: State): void;
}

/** Types a strategy from its literal: `ctx.params` gets the declared parameters' names and types. */
export function defineStrategy<State = void, Params extends StrategyParams = StrategyParams>(strategy: Strategy<State, Params>): Strategy<State, Params> {
  return strategy;
}
