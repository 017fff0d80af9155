/**
 * What every replay shares, whether its bars are in memory (`replayBacktest`) or streamed (`replayBarStream`): the
 * settings, the paper engine they configure, the play of one bar time, and the strategy calls with their errors.
 */
import type { Fixed } from '@trading-pro/contracts';
import type { MarketBar } from '../market/bar.ts';
import { catalogOf } from '../market/instrument.ts';
import type { Instrument } from '../market/instrument.ts';
import type { CommissionConfig } from '../models/commission.ts';
import type { FillModelName } from '../models/fill.ts';
import type { LatencyConfig } from '../models/latency.ts';
import type { SlippageConfig } from '../models/slippage.ts';
import { PaperEngine } from '../paper/engine.ts';
import type { BacktestContext, SymbolFeed } from './backtest-context.ts';
import { QUOTES_PER_BAR } from './bar-quotes.ts';
import type { BarQuoter } from './bar-quotes.ts';
import type { BacktestSettings } from './report.ts';
import type { BacktestBar, Strategy, StrategyParams } from './strategy.ts';
import type { TradeLedger } from './trade-ledger.ts';

/** How a replay runs, whatever its data. */
export interface ReplayOptions<State, Params extends StrategyParams = StrategyParams> {
  readonly strategy: Strategy<State, Params>;
  /** The parameters the strategy gets (default: the defaults it declares; `resolveParams` merges `--param` values). */
  readonly params?: Params;
  /** Where `ctx.log` lines go (default: nowhere). */
  readonly log?: (line: string) => void;
  /** Starting cash (default 100,000). */
  readonly initialCash?: number;
  readonly currency?: string;
  readonly commission?: { readonly rate: number; readonly min?: number } | Extract<CommissionConfig, { model: 'perShare' }>;
  readonly slippage?: SlippageConfig;
  /** Between an order and its first possible fill (default 1 ms: after the quote the strategy saw). */
  readonly latencyMs?: number;
  /** Latency model (overrides `latencyMs`), as the paper broker's. */
  readonly latency?: LatencyConfig;
  /** Fill model of resting limits, as the paper broker's (default standard). */
  readonly fill?: FillModelName;
  readonly spreadTicks?: number;
  /** Fixed displayed size per quote (default: a quarter of the bar's volume). */
  readonly quoteSize?: number;
}

/** A strategy failed: names the bar, keeps the original error as `cause`. */
export class StrategyError extends Error {
  override readonly name = 'StrategyError';
}

export function settingsOf(options: ReplayOptions<unknown, StrategyParams>, barSpanMs: number): BacktestSettings {
  return {
    initialCash: options.initialCash ?? 100_000,
    currency: options.currency ?? 'USD',
    commission: options.commission !== undefined && 'model' in options.commission ? options.commission : { rate: options.commission?.rate ?? 0, min: options.commission?.min ?? 0 },
    slippage: options.slippage ?? { model: 'none' },
    latencyMs: options.latencyMs ?? 1,
    spreadTicks: options.spreadTicks ?? 1,
    quoteSize: options.quoteSize ?? 'volume',
    barSpanMs,
  };
}

/** The paper engine a replay runs, configured as the paper broker's with the run's settings. */
export function paperEngineFor(options: ReplayOptions<unknown, StrategyParams>, settings: BacktestSettings, instruments: readonly Instrument[]): PaperEngine {
  return new PaperEngine({
    accountId: 'BACKTEST',
    accountName: options.strategy.name,
    currency: settings.currency,
    initialBalance: settings.initialCash,
    instruments: catalogOf(instruments),
    latencyMs: settings.latencyMs,
    ...(options.latency === undefined ? {} : { latency: options.latency }),
    slippage: settings.slippage,
    commission: settings.commission,
    ...(options.fill === undefined ? {} : { fill: options.fill }),
    // The bars are the market: a bar exists only when the market traded.
    checkMarketHours: false,
  });
}

/** One symbol of a replay as a bar time plays it. */
export interface ReplayFeed extends SymbolFeed {
  readonly quoter: BarQuoter;
  /** The symbol's bar at the bar time being played (its latest one). */
  bar: MarketBar;
  /** Displayed size of the current bar's quotes. */
  size: Fixed;
}

/** A replay in progress: what plays each bar time. */
export interface ReplayRun<State, Params extends StrategyParams> {
  readonly engine: PaperEngine;
  readonly ledger: TradeLedger;
  readonly ctx: BacktestContext<Params>;
  readonly strategy: Strategy<State, Params>;
  /** The feed timers run on (the first symbol). */
  readonly first: ReplayFeed;
  state: State;
}

/** Runs the strategy's `init` at `now` (just before the first bar). */
export function initRun<State, Params extends StrategyParams>(run: Omit<ReplayRun<State, Params>, 'state'>, now: number): ReplayRun<State, Params> {
  const { ctx, strategy } = run;
  ctx.now = now;
  const state = call(ctx, strategy.name, 'init', () => (strategy.init === undefined ? (undefined as State) : strategy.init(ctx)));
  return { ...run, state };
}

/**
 * One bar time: quote k of every symbol with a bar then before quote k + 1 of any, timers due by the latest close,
 * then `onBar` once per symbol at its close quote's time. `active[0..n)` are the feeds with a bar at `time`.
 */
export function playBarTime<State, Params extends StrategyParams>(run: ReplayRun<State, Params>, active: readonly ReplayFeed[], n: number, time: number): void {
  const { engine, ledger, ctx, strategy } = run;
  for (let k = 0; k < QUOTES_PER_BAR; k++) {
    for (let a = 0; a < n; a++) {
      const feed = active[a] as ReplayFeed;
      feed.quoter.write(feed.slot, feed.bar, k, k === 0 ? (feed.size = feed.quoter.sizeOf(feed.bar)) : feed.size);
      const events = engine.onQuote(feed.slot);
      if (events.length !== 0) ledger.record(events);
    }
  }
  let close = time;
  for (let a = 0; a < n; a++) {
    const at = (active[a] as ReplayFeed).quoter.closeTime((active[a] as ReplayFeed).bar);
    if (at > close) close = at;
  }
  const timers = ctx.timers;
  if (timers.size !== 0 && timers.next <= close) {
    ctx.current = run.first;
    call(ctx, strategy.name, 'a timer', () => timers.runDue(close, (due) => (ctx.now = due)));
  }
  ctx.now = close;
  for (let a = 0; a < n && ctx.stopReason === undefined; a++) {
    const feed = active[a] as ReplayFeed;
    ctx.current = feed;
    ctx.now = feed.quoter.closeTime(feed.bar);
    try {
      strategy.onBar(feed.series.view(feed.index) as BacktestBar, ctx, run.state);
    } catch (error) {
      throw strategyError(strategy.name, ctx, 'onBar', error);
    }
  }
}

/** Ends a run: `onStop`, then (when the strategy stopped it) its working orders canceled, and its timers dropped. */
export function finishRun<State, Params extends StrategyParams>(run: ReplayRun<State, Params>): void {
  const { ctx, strategy } = run;
  if (strategy.onStop !== undefined) call(ctx, strategy.name, 'onStop', () => strategy.onStop?.(ctx, run.state));
  if (ctx.stopReason !== undefined) ctx.cancelWorkingOrders();
  ctx.timers.clear();
}

function call<T>(ctx: BacktestContext<StrategyParams>, name: string, what: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw strategyError(name, ctx, what, error);
  }
}

function strategyError(name: string, ctx: BacktestContext<StrategyParams>, what: string, error: unknown): StrategyError {
  const at = `(${new Date(ctx.now).toISOString()})`;
  const where = what === 'init' ? 'at init' : what === 'onBar' ? `at bar ${ctx.barIndex} ${at} of ${ctx.symbol}` : `in ${what} ${at}`;
  const message = error instanceof Error ? error.message : String(error);
  return new StrategyError(`strategy ${name} failed ${where}: ${message}`, { cause: error });
}
