/** The backtest report: summary figures, round trips, fills and the per-bar curves, as plain JSON-ready values. */
import { divRound, fromFixed, roundToStep } from '@trading-pro/contracts';
import type { Execution, Fixed, Side } from '@trading-pro/contracts';
import type { CommissionConfig } from '../models/commission.ts';
import type { SlippageConfig } from '../models/slippage.ts';
import { buyAndHold, curveFigures, equalWeightBuyAndHold, exposureOf, tradeFigures, type CurveFigures, type TradeFigures } from './performance.ts';
import type { LedgerTrade, TradeLedger } from './trade-ledger.ts';

export interface BacktestSettings {
  readonly initialCash: number;
  readonly currency: string;
  readonly commission: { readonly rate: number; readonly min: number } | Extract<CommissionConfig, { model: 'perShare' }>;
  readonly slippage: SlippageConfig;
  readonly latencyMs: number;
  readonly spreadTicks: number;
  /** Fixed displayed size per quote, or `volume` (a quarter of the bar's volume). */
  readonly quoteSize: number | 'volume';
  /** Time one bar covers (ms). */
  readonly barSpanMs: number;
}

export interface BacktestSummary {
  readonly initialCash: number;
  readonly finalEquity: number;
  /** finalEquity − initialCash = realizedPL + unrealizedPL − fees. */
  readonly netPL: number;
  /** netPL / initialCash, in per cent. */
  readonly returnPct: number;
  readonly realizedPL: number;
  readonly unrealizedPL: number;
  readonly fees: number;
  /** Largest fall of the equity from its previous peak, at bar closes, in money and in per cent of that peak. */
  readonly maxDrawdown: number;
  readonly maxDrawdownPct: number;
  /** Closed round trips; a trade still open at the end is in `openTrade`. */
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  /** wins / trades, in per cent (0 without trades). */
  readonly winRatePct: number;
  readonly avgTradePL: number;
  readonly bestTradePL: number;
  readonly worstTradePL: number;
  readonly orders: number;
  readonly rejectedOrders: number;
  readonly fills: number;
}

export interface TradeReport {
  readonly side: Side;
  /** Largest size the position reached. */
  readonly qty: number;
  readonly entryTime: number;
  /** Volume-weighted average of the opening fills. */
  readonly entryPrice: number;
  readonly exitTime?: number;
  readonly exitPrice?: number;
  /** Realized P&L before fees. */
  readonly pl: number;
  readonly fees: number;
  /** pl − fees. */
  readonly netPL: number;
  readonly fills: number;
}

/**
 * What backtrader, LEAN and freqtrade users read first (`performance.ts` says how each is computed). Rates and ratios
 * are fractions (0.12 = 12 %), durations milliseconds, money in the account currency; null where a ratio has no
 * denominator.
 */
export interface PerformanceMetrics extends Omit<CurveFigures, 'totalReturn'>, TradeFigures {
  /** Fraction of bars with a position open. */
  readonly exposure: number;
  /** Commissions paid. */
  readonly commissions: number;
  /** Buy and hold: the initial cash in the instrument at the first close, kept to the end (several symbols: in equal parts, each bought at its own first close). */
  readonly benchmark: CurveFigures & { readonly finalEquity: number };
}

/** The performance figures sit at the top level of the report, beside what was run and the detail behind them. */
export interface BacktestReport extends PerformanceMetrics {
  readonly strategy: string;
  /** The first symbol (the only one, usually). */
  readonly symbol: string;
  /** Every symbol, in the order the strategy saw them. */
  readonly symbols: readonly string[];
  /** Bar times replayed (several symbols: the union of their bar times). */
  readonly bars: number;
  /** First and last bar time. */
  readonly from: number;
  readonly to: number;
  readonly settings: BacktestSettings;
  readonly summary: BacktestSummary;
  readonly trades: readonly TradeReport[];
  readonly openTrade?: TradeReport;
  readonly executions: readonly Execution[];
  /** Per bar time, after its close quotes and the strategy's commands: time, close (of the first symbol), equity, drawdown (≤ 0), benchmark. */
  readonly curve: { readonly time: number[]; readonly close: number[]; readonly equity: number[]; readonly drawdown: number[]; readonly benchmark: number[] };
}

export interface ReportInput {
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly settings: BacktestSettings;
  readonly ledger: TradeLedger;
  readonly initialCash: Fixed;
  /** The currency's minor unit: the average trade is rounded to it. */
  readonly minorUnit: Fixed;
  readonly unrealizedPL: Fixed;
  readonly orders: number;
  readonly rejectedOrders: number;
  readonly executions: readonly Execution[];
  /** The bar times. */
  readonly times: ArrayLike<number>;
  /** Per symbol, its close at each bar time. */
  readonly closes: readonly ArrayLike<number>[];
  /** Equity after each bar in units of 1e-8 (whole numbers below 2^53, so sums and differences are exact). */
  readonly equityUnits: Float64Array;
}

const UNIT = 1e8;

function percent(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

function tradeReport(trade: LedgerTrade): TradeReport {
  const exit = trade.exitQty > 0n && trade.exitTime !== undefined ? { exitTime: trade.exitTime, exitPrice: fromFixed(divRound(trade.exitNotional, trade.exitQty)) } : {};
  return {
    side: trade.side,
    qty: fromFixed(trade.maxQty),
    entryTime: trade.entryTime,
    entryPrice: fromFixed(divRound(trade.entryNotional, trade.entryQty)),
    ...exit,
    pl: fromFixed(trade.pl),
    fees: fromFixed(trade.fees),
    netPL: fromFixed(trade.pl - trade.fees),
    fills: trade.fills,
  };
}

/** What the summary is computed from: a replay's ledger, books and equity curve. */
export type SummaryInput = Pick<ReportInput, 'ledger' | 'initialCash' | 'minorUnit' | 'unrealizedPL' | 'orders' | 'rejectedOrders' | 'equityUnits'>;

/** The summary figures (exact money from the books and the trades; drawdown from the equity curve). */
export function summaryOf(input: SummaryInput): BacktestSummary {
  const { ledger } = input;
  const closed = ledger.trades.filter((t) => !t.open);
  const nets = closed.map((t) => t.pl - t.fees);
  const wins = nets.filter((n) => n > 0n).length;
  const total = nets.reduce((sum, n) => sum + n, 0n);
  const finalEquity = ledger.balance + input.unrealizedPL;
  const netPL = finalEquity - input.initialCash;
  const drawdown = drawdownOf(input.equityUnits, Number(input.initialCash));
  return {
    initialCash: fromFixed(input.initialCash),
    finalEquity: fromFixed(finalEquity),
    netPL: fromFixed(netPL),
    returnPct: input.initialCash > 0n ? percent((Number(netPL) / Number(input.initialCash)) * 100) : 0,
    realizedPL: fromFixed(ledger.realizedPL),
    unrealizedPL: fromFixed(input.unrealizedPL),
    fees: fromFixed(ledger.commissionPaid),
    maxDrawdown: drawdown.units / UNIT,
    maxDrawdownPct: percent(drawdown.pct),
    trades: closed.length,
    wins,
    losses: closed.length - wins,
    winRatePct: closed.length > 0 ? percent((wins / closed.length) * 100) : 0,
    avgTradePL: closed.length > 0 ? fromFixed(roundToStep(divRound(total, BigInt(closed.length)), input.minorUnit)) : 0,
    bestTradePL: nets.length > 0 ? fromFixed(nets.reduce((a, b) => (b > a ? b : a))) : 0,
    worstTradePL: nets.length > 0 ? fromFixed(nets.reduce((a, b) => (b < a ? b : a))) : 0,
    orders: input.orders,
    rejectedOrders: input.rejectedOrders,
    fills: ledger.fills,
  };
}

/** Largest fall of the equity from its running peak (the initial cash is the first peak), in units and per cent. */
function drawdownOf(equityUnits: Float64Array, initialUnits: number): { units: number; pct: number } {
  let peak = initialUnits;
  let units = 0;
  let pct = 0;
  for (const value of equityUnits) {
    if (value > peak) peak = value;
    const down = peak - value;
    if (down > units) units = down;
    if (peak > 0 && (down / peak) * 100 > pct) pct = (down / peak) * 100;
  }
  return { units, pct };
}

export function buildReport(input: ReportInput): BacktestReport {
  const { ledger } = input;
  const closed = ledger.trades.filter((t) => !t.open);
  const open = ledger.trades.find((t) => t.open);
  const curve = curveOf(input);
  const summary = summaryOf(input);
  const trades = closed.map(tradeReport);
  const openTrade = open === undefined ? undefined : tradeReport(open);
  const metrics = metricsOf(curve.curve, summary, [...trades, ...(openTrade === undefined ? [] : [openTrade])]);
  return {
    strategy: input.strategy,
    symbol: input.symbols[0] ?? '',
    symbols: input.symbols,
    bars: input.times.length,
    from: input.times[0] ?? 0,
    to: input.times[input.times.length - 1] ?? 0,
    settings: input.settings,
    ...metrics,
    summary,
    trades,
    ...(openTrade === undefined ? {} : { openTrade }),
    executions: input.executions,
    curve: curve.curve,
  };
}

/** The per-bar columns, with the drawdown from the running peak (the initial cash is the first peak). */
function curveOf(input: ReportInput): { curve: BacktestReport['curve'] } {
  const count = input.times.length;
  const closes = input.closes[0] ?? [];
  // Pre-sized, filled arrays: faster than pushing into growing ones, and than Array.from(typed array).
  const time = new Array<number>(count).fill(0);
  const close = new Array<number>(count).fill(0);
  const equity = new Array<number>(count).fill(0);
  const drawdown = new Array<number>(count).fill(0);
  let peak = Number(input.initialCash);
  for (let i = 0; i < count; i++) {
    const units = input.equityUnits[i] ?? 0;
    if (units > peak) peak = units;
    const down = peak - units;
    time[i] = input.times[i] as number;
    close[i] = closes[i] as number;
    equity[i] = units / UNIT;
    drawdown[i] = down === 0 ? 0 : -down / UNIT;
  }
  const benchmark = input.closes.length === 1 ? buyAndHold(close, Number(input.initialCash) / UNIT) : equalWeightBuyAndHold(input.closes.map((closes) => Array.from(closes)), Number(input.initialCash) / UNIT);
  return { curve: { time, close, equity, drawdown, benchmark } };
}

function metricsOf(curve: BacktestReport['curve'], summary: BacktestSummary, trades: readonly TradeReport[]): PerformanceMetrics {
  // The total return is in the summary already; the metrics hold the rest of the curve's figures.
  const { totalReturn: _inSummary, ...figures } = curveFigures(curve.time, curve.equity, summary.initialCash);
  const benchmark = curveFigures(curve.time, curve.benchmark, summary.initialCash);
  const closed = trades.filter((trade) => trade.exitTime !== undefined);
  return {
    ...figures,
    exposure: exposureOf(curve.time, trades),
    ...tradeFigures(closed.map((trade) => trade.netPL)),
    commissions: summary.fees,
    benchmark: { ...benchmark, finalEquity: curve.benchmark.at(-1) ?? summary.initialCash },
  };
}
