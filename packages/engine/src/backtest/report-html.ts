/**
 * The backtest report as one self-contained HTML page: summary, then inline SVG charts (price with trade markers,
 * equity, drawdown) and the trade list. No script, no external URL: it opens anywhere, offline.
 */
import type { BacktestReport, TradeReport } from './report.ts';
import { formatMoney, metricRows, summaryRows } from './report-text.ts';

const WIDTH = 1000;
const PAD = { left: 70, right: 16, top: 24, bottom: 22 };
/** More points than pixels only adds bytes: longer series are reduced to a min and a max per bucket. */
const MAX_POINTS = 2 * (WIDTH - 70 - 16);
const MAX_TRADE_ROWS = 500;
const MAX_MARKERS = 2_000;

interface Panel {
  readonly title: string;
  readonly height: number;
  readonly time: readonly number[];
  readonly values: readonly number[];
  readonly color: string;
  /** Fill the area between the line and zero (drawdown). */
  readonly area?: boolean;
  readonly markers?: readonly { time: number; price: number; side: number }[];
  /** A second line on the same scale (the buy-and-hold benchmark on the equity chart). */
  readonly overlay?: { readonly values: readonly number[]; readonly color: string };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function dateLabel(time: number, intraday: boolean): string {
  const iso = new Date(time).toISOString();
  return intraday ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}


/** Indexes to draw: every point, or the first, min, max and last of each bucket when there are too many. */
function decimate(values: readonly number[]): number[] {
  if (values.length <= MAX_POINTS) return values.map((_, i) => i);
  const buckets = MAX_POINTS / 2;
  const size = values.length / buckets;
  const picked: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(values.length, Math.floor((b + 1) * size));
    let low = from;
    let high = from;
    for (let i = from; i < to; i++) {
      if ((values[i] ?? 0) < (values[low] ?? 0)) low = i;
      if ((values[i] ?? 0) > (values[high] ?? 0)) high = i;
    }
    picked.push(Math.min(low, high), Math.max(low, high));
  }
  return [...new Set(picked)];
}

function renderPanel(panel: Panel, intraday: boolean): string {
  const { time, values, height } = panel;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const t0 = time[0] ?? 0;
  const t1 = time.at(-1) ?? t0 + 1;
  // A loop, not Math.min(...values): a million arguments would overflow the stack.
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (const v of panel.overlay?.values ?? []) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (const m of panel.markers ?? []) {
    if (m.price < min) min = m.price;
    if (m.price > max) max = m.price;
  }
  if (panel.area) max = Math.max(max, 0);
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = 0;
    max = 1;
  }
  if (!(max > min)) {
    min -= 1;
    max += 1;
  }
  const x = (t: number) => PAD.left + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => PAD.top + (1 - (v - min) / (max - min)) * plotH;
  const points = decimate(values).map((i) => `${x(time[i] ?? 0).toFixed(1)},${y(values[i] ?? 0).toFixed(1)}`);
  const parts: string[] = [`<svg viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${escapeHtml(panel.title)}">`];
  parts.push(`<text x="${PAD.left}" y="15" class="title">${escapeHtml(panel.title)}</text>`);
  for (let g = 0; g <= 4; g++) {
    const v = min + ((max - min) * g) / 4;
    parts.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" class="axis" text-anchor="end">${formatMoney(v)}</text>`);
  }
  for (const [t, anchor] of [[t0, 'start'], [(t0 + t1) / 2, 'middle'], [t1, 'end']] as const) {
    parts.push(`<text x="${x(t).toFixed(1)}" y="${height - 6}" class="axis" text-anchor="${anchor}">${dateLabel(t, intraday)}</text>`);
  }
  if (panel.area && points.length > 0) {
    const base = y(0).toFixed(1);
    parts.push(`<polygon points="${x(t0).toFixed(1)},${base} ${points.join(' ')} ${x(t1).toFixed(1)},${base}" fill="${panel.color}" fill-opacity="0.25" stroke="none"/>`);
  }
  if (panel.overlay) {
    const overlay = panel.overlay.values;
    const line = decimate(overlay).map((i) => `${x(time[i] ?? 0).toFixed(1)},${y(overlay[i] ?? 0).toFixed(1)}`);
    parts.push(`<polyline points="${line.join(' ')}" fill="none" stroke="${panel.overlay.color}" stroke-width="1" stroke-dasharray="4 3" class="benchmark"/>`);
  }
  parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${panel.color}" stroke-width="1.2"/>`);
  for (const m of panel.markers ?? []) {
    const mx = x(m.time);
    const my = y(m.price);
    const shape = m.side === 1 ? `${mx - 5},${my + 11} ${mx + 5},${my + 11} ${mx},${my + 3}` : `${mx - 5},${my - 11} ${mx + 5},${my - 11} ${mx},${my - 3}`;
    parts.push(`<polygon points="${shape}" class="${m.side === 1 ? 'buy' : 'sell'}"><title>${m.side === 1 ? 'buy' : 'sell'} @ ${m.price} ${dateLabel(m.time, true)}</title></polygon>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function tradeRow(trade: TradeReport, index: number, intraday: boolean): string {
  const cells = [
    String(index + 1),
    trade.side === 1 ? 'long' : 'short',
    String(trade.qty),
    dateLabel(trade.entryTime, intraday),
    String(trade.entryPrice),
    trade.exitTime === undefined ? 'open' : dateLabel(trade.exitTime, intraday),
    trade.exitPrice === undefined ? '' : String(trade.exitPrice),
    formatMoney(trade.pl),
    formatMoney(trade.fees),
    formatMoney(trade.netPL),
  ];
  return `<tr class="${trade.netPL > 0 ? 'win' : 'loss'}">${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
}

export function renderReportHtml(report: BacktestReport): string {
  const intraday = report.settings.barSpanMs < 86_400_000;
  const title = `Backtest: ${report.strategy} on ${report.symbols.join(', ')}`;
  const { curve } = report;
  const markers = report.executions.slice(0, MAX_MARKERS).map((e) => ({ time: e.time, price: e.price, side: e.side }));
  const trades = [...report.trades, ...(report.openTrade === undefined ? [] : [report.openTrade])];
  const summary = [...summaryRows(report.summary), ...metricRows(report)]
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  const tradeRows = trades.slice(0, MAX_TRADE_ROWS).map((t, i) => tradeRow(t, i, intraday));
  const more = trades.length > MAX_TRADE_ROWS ? `<p>… and ${trades.length - MAX_TRADE_ROWS} more trades (all of them are in the JSON report).</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2330; max-width: 1040px; }
h1 { font-size: 20px; margin: 0 0 4px; } p.meta { color: #5b6475; margin: 0 0 16px; }
table { border-collapse: collapse; margin: 8px 0 20px; } th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #e4e7ee; }
table.summary th { text-align: left; font-weight: 500; } tr.win td:last-child { color: #13795b; } tr.loss td:last-child { color: #b42318; }
svg { display: block; margin: 0 0 12px; background: #fbfcfe; border: 1px solid #e4e7ee; }
.title { font-size: 13px; font-weight: 600; fill: #1d2330; } .axis { font-size: 11px; fill: #5b6475; } .grid { stroke: #e4e7ee; }
.buy { fill: #13795b; } .sell { fill: #b42318; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${report.bars} bars, ${dateLabel(report.from, intraday)} to ${dateLabel(report.to, intraday)} · commission ${'rate' in report.settings.commission ? report.settings.commission.rate : `${report.settings.commission.perShare}/share`} (min ${report.settings.commission.min}) · slippage ${escapeHtml(JSON.stringify(report.settings.slippage))} · spread ${report.settings.spreadTicks} tick(s)</p>
<table class="summary">
${summary}
</table>
${renderPanel({ title: `${report.symbol} close, with fills (▲ buy, ▼ sell)`, height: 300, time: curve.time, values: curve.close, color: '#2f5bd3', markers }, intraday)}
${renderPanel({ title: `Equity (${report.settings.currency}), dashed: buy and hold`, height: 220, time: curve.time, values: curve.equity, color: '#13795b', overlay: { values: curve.benchmark, color: '#8a93a6' } }, intraday)}
${renderPanel({ title: `Drawdown (${report.settings.currency})`, height: 160, time: curve.time, values: curve.drawdown, color: '#b42318', area: true }, intraday)}
<h2>Trades</h2>
<table>
<tr><th>#</th><th>side</th><th>qty</th><th>entry</th><th>entry price</th><th>exit</th><th>exit price</th><th>P&amp;L</th><th>fees</th><th>net</th></tr>
${tradeRows.join('\n')}
</table>
${more}
</body>
</html>
`;
}
