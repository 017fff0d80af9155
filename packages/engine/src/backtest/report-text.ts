/** The backtest summary as text: the figures in display order, and the table the CLI prints. */
import type { BacktestReport, BacktestSummary, PerformanceMetrics } from './report.ts';

type Kind = 'money' | 'pct' | 'count';

const SUMMARY_ROWS: readonly (readonly [keyof BacktestSummary, string, Kind])[] = [
  ['initialCash', 'Initial cash', 'money'],
  ['finalEquity', 'Final equity', 'money'],
  ['netPL', 'Net P&L', 'money'],
  ['returnPct', 'Return', 'pct'],
  ['realizedPL', 'Realized P&L', 'money'],
  ['unrealizedPL', 'Unrealized P&L', 'money'],
  ['fees', 'Fees', 'money'],
  ['maxDrawdown', 'Max drawdown', 'money'],
  ['maxDrawdownPct', 'Max drawdown %', 'pct'],
  ['trades', 'Trades (closed)', 'count'],
  ['wins', 'Winning trades', 'count'],
  ['winRatePct', 'Win rate', 'pct'],
  ['avgTradePL', 'Average trade', 'money'],
  ['bestTradePL', 'Best trade', 'money'],
  ['worstTradePL', 'Worst trade', 'money'],
  ['orders', 'Orders', 'count'],
  ['rejectedOrders', 'Rejected orders', 'count'],
  ['fills', 'Fills', 'count'],
];

/** Money with thousands separators and two decimals: `-1,329.94`. */
export function formatMoney(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function formatFigure(value: number, kind: Kind): string {
  if (kind === 'count') return String(value);
  return kind === 'pct' ? `${formatMoney(value)} %` : formatMoney(value);
}

/** The summary figures as label/value pairs, in display order. */
export function summaryRows(summary: BacktestSummary): [string, string][] {
  return SUMMARY_ROWS.map(([key, label, kind]) => [label, formatFigure(summary[key], kind)]);
}

const DAY_MS = 86_400_000;

const percentOf = (fraction: number): string => `${formatMoney(fraction * 100)} %`;
const ratioOf = (value: number | null): string => (value === null ? '—' : value.toFixed(2));

function durationOf(ms: number): string {
  if (ms >= DAY_MS) return `${formatMoney(ms / DAY_MS)} days`;
  return `${formatMoney(ms / 3_600_000)} hours`;
}

/** The performance figures and the buy-and-hold benchmark as label/value pairs, in display order. */
export function metricRows(metrics: PerformanceMetrics & { readonly symbols: readonly string[] }): [string, string][] {
  const { benchmark } = metrics;
  return [
    ['CAGR', percentOf(metrics.cagr)],
    ['Volatility (annual)', percentOf(metrics.volatility)],
    ['Sharpe ratio', ratioOf(metrics.sharpe)],
    ['Sortino ratio', ratioOf(metrics.sortino)],
    ['Calmar ratio', ratioOf(metrics.calmar)],
    ['Max drawdown duration', durationOf(metrics.maxDrawdownDuration)],
    ['Exposure', percentOf(metrics.exposure)],
    ['Profit factor', ratioOf(metrics.profitFactor)],
    ['Average win', formatMoney(metrics.averageWin)],
    ['Average loss', formatMoney(metrics.averageLoss)],
    ['Commissions', formatMoney(metrics.commissions)],
    [metrics.symbols.length > 1 ? 'Buy & hold return (equal weights)' : 'Buy & hold return', percentOf(benchmark.totalReturn)],
    ['Buy & hold CAGR', percentOf(benchmark.cagr)],
    ['Buy & hold max drawdown', percentOf(benchmark.maxDrawdown)],
  ];
}

/** A readable summary table: a heading line, then one aligned row per figure. */
export function formatReportText(report: BacktestReport): string {
  const day = (t: number) => new Date(t).toISOString().slice(0, report.settings.barSpanMs < 86_400_000 ? 16 : 10).replace('T', ' ');
  const rows = [...summaryRows(report.summary), ...metricRows(report)];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const lines = [
    `${report.strategy} on ${report.symbols.join(', ')}: ${report.bars} bars, ${day(report.from)} to ${day(report.to)}`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(labelWidth)}  ${value.padStart(valueWidth)}`),
  ];
  return `${lines.join('\n')}\n`;
}
