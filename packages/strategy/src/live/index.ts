/** Runs a strategy module on a server's account through the SDK (`trading-pro run` is this, from the shell). */
export { runStrategy, StrategyRunError } from './run-strategy.ts';
export type { RunOutcome, RunStrategyOptions, StrategyRun } from './run-strategy.ts';
export { LiveContext } from './live-context.ts';
export { BarWindow } from './bar-window.ts';
export { systemClock, type StrategyClock } from './clock.ts';
