/** The backtester's public surface, and the strategy API it shares with live runs. */
export * from './strategy.ts';
export type { StrategyCommand } from './backtest-context.ts';
export { TimerQueue } from './timer-queue.ts';
export { BarQuoter, QUOTES_PER_BAR, barSpanOf } from './bar-quotes.ts';
export type { BarQuoteOptions } from './bar-quotes.ts';
export { backtestInstrument } from './backtest-instrument.ts';
export { StrategyError, replayBacktest, reportBacktest, runBacktest } from './run-backtest.ts';
export type { BacktestData, BacktestOptions, BacktestReplay, BacktestRun, ReplayOptions } from './run-backtest.ts';
export { replayBarStream } from './stream-backtest.ts';
export type { BarStreamOptions, BarStreamRun, SymbolBar } from './stream-backtest.ts';
export type { BacktestReport, BacktestSettings, BacktestSummary, TradeReport } from './report.ts';
export { renderReportHtml } from './report-html.ts';
export { formatReportText, summaryRows } from './report-text.ts';
