/**
 * Runs a strategy on an account of a running server, through the SDK: the same module a backtest runs. It reads the
 * account, subscribes to its orders, positions and equity and to each symbol's quotes and bars, warms the strategy up
 * on history, then calls `onBar` with each completed bar (a bar is complete when the stream starts the next one).
 * `stop()` (a signal, or the strategy's own `ctx.stop`) ends it: no more bars or timers, `onStop`, then the working
 * orders the run placed are canceled.
 */
import { TimerQueue } from '@trading-pro/engine';
import type { Strategy, StrategyParams } from '@trading-pro/engine';
import type { Bar, TradingClient, Unsubscribe } from '@trading-pro/sdk';
import { BarWindow } from './bar-window.ts';
import { systemClock, type StrategyClock } from './clock.ts';
import { LiveContext } from './live-context.ts';

export interface RunStrategyOptions<State, Params extends StrategyParams> {
  readonly client: TradingClient;
  readonly accountId: string;
  readonly strategy: Strategy<State, Params>;
  /** Default: the defaults the strategy declares. */
  readonly params?: Params;
  /** Default: the strategy's `symbols`. */
  readonly symbols?: readonly string[];
  /** Default: the strategy's `resolution`, else `1` (one minute). */
  readonly resolution?: string;
  /** Bars of history before the first live bar (default: the strategy's `warmup`, else 0). */
  readonly warmup?: number;
  readonly clock?: StrategyClock;
  /** Where the run's lines go (default: nowhere). */
  readonly log?: (line: string) => void;
}

/** How a run ended. */
export interface RunOutcome {
  readonly reason: string;
  /** What the strategy threw, when that ended the run. */
  readonly error?: unknown;
  /** Working orders of the run canceled at the stop. */
  readonly canceled: readonly string[];
}

export interface StrategyRun<Params extends StrategyParams = StrategyParams> {
  readonly context: LiveContext<Params>;
  /** Ends the run (once; later calls get the same outcome). */
  stop(reason?: string): Promise<RunOutcome>;
  /** Settles when the run has ended, however it ended. */
  readonly done: Promise<RunOutcome>;
}

/** A strategy callback threw; the run stops and `RunOutcome.error` holds this (with the original as `cause`). */
export class StrategyRunError extends Error {
  override readonly name = 'StrategyRunError';
}

const slug = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24) || 'strategy';

/** Starts the run; resolves once the strategy is warmed up and live (rejects when the account cannot be read). */
export async function runStrategy<State, Params extends StrategyParams = StrategyParams>(options: RunStrategyOptions<State, Params>): Promise<StrategyRun<Params>> {
  const { client, accountId, strategy } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => undefined);
  const symbols = options.symbols ?? strategy.symbols ?? [];
  if (symbols.length === 0) throw new RangeError('a run needs at least one symbol (--symbols, or the strategy declares `symbols`)');
  const resolution = options.resolution ?? strategy.resolution ?? '1';
  const windows = symbols.map((symbol) => new BarWindow(symbol));
  const timers = new TimerQueue();
  let timeout: unknown;
  let stopping: Promise<RunOutcome> | undefined;
  let finish: (outcome: RunOutcome) => void = () => undefined;
  const done = new Promise<RunOutcome>((resolve) => (finish = resolve));
  const subscriptions: Unsubscribe[] = [];

  const stop = (reason = 'stopped', error?: unknown): Promise<RunOutcome> => {
    stopping ??= (async () => {
      if (timeout !== undefined) clock.clearTimeout(timeout);
      timers.clear();
      let failure = error;
      if (strategy.onStop !== undefined && state.started) {
        try {
          strategy.onStop(ctx, state.value as State);
        } catch (thrown) {
          failure ??= wrap('onStop', thrown);
        }
      }
      await ctx.settled();
      const canceled = await ctx.cancelMine();
      for (const unsubscribe of subscriptions) unsubscribe();
      log(`stopped (${reason}); canceled ${canceled.length} working order${canceled.length === 1 ? '' : 's'} of this run${canceled.length > 0 ? `: ${canceled.join(', ')}` : ''}`);
      const outcome: RunOutcome = { reason, canceled, ...(failure === undefined ? {} : { error: failure }) };
      finish(outcome);
      return outcome;
    })();
    return stopping;
  };

  const armTimers = (): void => {
    if (timeout !== undefined) clock.clearTimeout(timeout);
    timeout = undefined;
    if (timers.size === 0 || stopping !== undefined) return;
    timeout = clock.setTimeout(() => {
      timeout = undefined;
      guarded('a timer', () => timers.runDue(clock.now()));
      armTimers();
    }, Math.max(0, timers.next - clock.now()));
  };

  const ctx = new LiveContext<Params>({
    broker: client.broker,
    params: (options.params ?? strategy.params ?? {}) as Params,
    windows,
    clock,
    timers,
    onTimersChanged: armTimers,
    log,
    stop: (reason) => void stop(reason),
    idPrefix: `${slug(strategy.name)}-${clock.now().toString(36)}-`,
  });
  const state: { started: boolean; value: State | undefined } = { started: false, value: undefined };

  function wrap(what: string, error: unknown): StrategyRunError {
    const where = what === 'onBar' ? `at bar ${ctx.barIndex} (${new Date(ctx.bar()?.time ?? ctx.now).toISOString()}) of ${ctx.symbol}` : `in ${what}`;
    return new StrategyRunError(`strategy ${strategy.name} failed ${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }

  /** Runs a strategy callback; a throw stops the run with the error. */
  function guarded(what: string, action: () => void): void {
    if (stopping !== undefined) return;
    try {
      action();
    } catch (error) {
      void stop('the strategy failed', wrap(what, error));
    }
  }

  const deliver = (window: BarWindow, bar: Bar): void => {
    const full = window.push(bar);
    ctx.current = window;
    guarded('onBar', () => strategy.onBar(full, ctx, state.value as State));
  };

  const [account, positions, orders] = await Promise.all([client.broker.account(), client.broker.positions(), client.broker.workingAndRecentOrders(1)]);
  ctx.seed(account, positions, orders);
  const ready: Promise<void>[] = [];
  const watch = (subscription: Unsubscribe & { ready?: Promise<void> }) => {
    subscriptions.push(subscription);
    if (subscription.ready !== undefined) ready.push(subscription.ready);
  };
  watch(client.stream.orders(accountId, (order) => ctx.onOrder(order)));
  watch(client.stream.positions(accountId, (position) => ctx.onPosition(position)));
  watch(client.stream.equity(accountId, (equity) => ctx.onEquity(equity)));
  // Live bars wait until the warm-up is done; the forming bar of each symbol is kept until the next one starts.
  const forming = new Map<string, Bar>();
  let live = false;
  const pending: [BarWindow, Bar][] = [];
  for (const window of windows) {
    watch(client.stream.quotes(window.symbol, (quote) => ctx.onQuote(quote)));
    watch(
      client.stream.bars(window.symbol, resolution, (bar) => {
        const previous = forming.get(window.symbol);
        if (previous !== undefined && bar.time < previous.time) return;
        forming.set(window.symbol, bar);
        if (previous === undefined || bar.time === previous.time || stopping !== undefined) return;
        if (live) deliver(window, previous);
        else pending.push([window, previous]);
      }),
    );
  }
  await Promise.all(ready);

  ctx.current = windows[0] as BarWindow;
  try {
    state.value = strategy.init?.(ctx);
  } catch (error) {
    for (const unsubscribe of subscriptions) unsubscribe();
    throw wrap('init', error);
  }
  state.started = true;
  const warmup = options.warmup ?? strategy.warmup ?? 0;
  if (warmup > 0) {
    ctx.warmingUp = true;
    for (const window of windows) {
      const now = clock.now();
      const history = await client.datafeed.history({ symbol: window.symbol, resolution, from: 0, to: now, countback: warmup + 1 });
      // The last bar of the history may still be forming: the stream delivers it once complete.
      const firstLive = pending.find(([w]) => w === window)?.[1].time ?? forming.get(window.symbol)?.time ?? Number.POSITIVE_INFINITY;
      for (const bar of history.bars.filter((b) => b.time < firstLive).slice(-warmup)) deliver(window, bar);
    }
    ctx.warmingUp = false;
  }
  live = true;
  for (const [window, bar] of pending.splice(0)) if ((window.bar()?.time ?? -1) < bar.time) deliver(window, bar);
  log(`running ${strategy.name} on ${accountId}: ${symbols.join(', ')} at resolution ${resolution}${warmup > 0 ? ` after ${warmup} bars of warm-up` : ''}`);
  return { context: ctx, stop: (reason) => stop(reason), done };
}
