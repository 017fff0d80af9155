/**
 * @trading-pro/strategy: write a strategy once, backtest it (`trading-pro backtest`) and run it on a paper or live
 * account (`trading-pro run`, or `runStrategy` from `@trading-pro/strategy/live`). This entry holds what a strategy
 * file needs: the types, `defineStrategy`, and the indicators of `trading-signals`; and streamed backtests
 * (`mergeBarStreams`, `replayBarStream`) for data too large to hold.
 */
export { defineStrategy } from '@trading-pro/engine';
export type {
  BacktestBar,
  CancelTimer,
  OrderOutcome,
  ParamValue,
  Strategy,
  StrategyBar,
  StrategyContext,
  StrategyOrder,
  StrategyParams,
  StrategyQuote,
} from '@trading-pro/engine';
/** Every indicator of `trading-signals` (https://github.com/bennycode/trading-signals): `new indicators.RSI(14)`. */
export * as indicators from 'trading-signals';
export { ATR, BollingerBands, EMA, MACD, RSI, SMA } from 'trading-signals';
export { strategyFrame } from './strategy-frame.ts';
/** Backtests over streamed bars (several symbols, not all in memory): one time-ordered stream, replayed. */
export { replayBarStream } from '@trading-pro/engine';
export type { BarStreamOptions, BarStreamRun, SymbolBar } from '@trading-pro/engine';
export { mergeBarStreams } from './stream/merge-bar-streams.ts';
