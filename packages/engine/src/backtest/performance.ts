/**
 * Performance figures of an equity curve, as backtrader, LEAN and freqtrade users read them first. Returns are per bar
 * (close to close); annualised with the bars a year actually holds in this series (elapsed calendar time between the
 * first and last bar), so daily stock bars count about 252 a year and crypto bars 365. Risk-free rate 0. Ratios and
 * rates are fractions (0.12 = 12 %); durations are milliseconds; a ratio without a denominator is null.
 */
const YEAR_MS = 365.25 * 24 * 3_600_000;

export interface CurveFigures {
  /** Compound annual growth rate of the equity from the initial cash. */
  readonly cagr: number;
  /** Annualised standard deviation of the per-bar returns (sample). */
  readonly volatility: number;
  readonly sharpe: number | null;
  /** Mean return over the downside deviation (the root mean square of the negative returns, over all bars), annualised. */
  readonly sortino: number | null;
  /** CAGR over the maximum drawdown. */
  readonly calmar: number | null;
  /** Largest fall from a running peak (the initial cash is the first peak), as a fraction of that peak. */
  readonly maxDrawdown: number;
  /** Longest time from a peak until the equity is back at it (or the last bar, when it never is). */
  readonly maxDrawdownDuration: number;
  readonly totalReturn: number;
}

export interface TradeFigures {
  readonly winRate: number;
  /** Gross profit over gross loss of the closed trades (net of fees); null without a losing trade. */
  readonly profitFactor: number | null;
  /** Mean net P&L of the winning trades, and of the losing ones (a negative number). */
  readonly averageWin: number;
  readonly averageLoss: number;
}

const mean = (values: readonly number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

function sampleStdev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Figures of `equity` (one value per bar at `time`), starting from `initialCash`. */
export function curveFigures(time: readonly number[], equity: readonly number[], initialCash: number): CurveFigures {
  const returns = equity.slice(1).map((value, i) => value / (equity[i] as number) - 1);
  const years = equity.length > 1 ? ((time.at(-1) as number) - (time[0] as number)) / YEAR_MS : 0;
  const perYear = years > 0 ? returns.length / years : 0;
  const final = equity.at(-1) ?? initialCash;
  const totalReturn = initialCash > 0 ? final / initialCash - 1 : 0;
  const cagr = years > 0 && initialCash > 0 && final > 0 ? (final / initialCash) ** (1 / years) - 1 : 0;
  const stdev = sampleStdev(returns);
  const downside = returns.length === 0 ? 0 : Math.sqrt(returns.reduce((sum, r) => sum + Math.min(r, 0) ** 2, 0) / returns.length);
  const annual = Math.sqrt(perYear);
  const { maxDrawdown, maxDrawdownDuration } = drawdowns(time, equity, initialCash);
  const sharpe = ratio(mean(returns), stdev);
  const sortino = ratio(mean(returns), downside);
  return {
    cagr,
    volatility: stdev * annual,
    sharpe: sharpe === null ? null : sharpe * annual,
    sortino: sortino === null ? null : sortino * annual,
    calmar: ratio(cagr, maxDrawdown),
    maxDrawdown,
    maxDrawdownDuration,
    totalReturn,
  };
}

function drawdowns(time: readonly number[], equity: readonly number[], initialCash: number): { maxDrawdown: number; maxDrawdownDuration: number } {
  let peak = initialCash;
  let peakTime = time[0] ?? 0;
  let maxDrawdown = 0;
  let maxDrawdownDuration = 0;
  let under = false;
  equity.forEach((value, i) => {
    const at = time[i] as number;
    if (value >= peak) {
      if (under) maxDrawdownDuration = Math.max(maxDrawdownDuration, at - peakTime);
      under = false;
      peak = value;
      peakTime = at;
      return;
    }
    under = true;
    maxDrawdown = Math.max(maxDrawdown, (peak - value) / peak);
  });
  if (under) maxDrawdownDuration = Math.max(maxDrawdownDuration, (time.at(-1) ?? peakTime) - peakTime);
  return { maxDrawdown, maxDrawdownDuration };
}

/** Figures of the closed trades' net P&L. */
export function tradeFigures(nets: readonly number[]): TradeFigures {
  const wins = nets.filter((n) => n > 0);
  const losses = nets.filter((n) => n < 0);
  const grossLoss = -losses.reduce((a, b) => a + b, 0);
  return {
    winRate: nets.length === 0 ? 0 : wins.length / nets.length,
    profitFactor: ratio(wins.reduce((a, b) => a + b, 0), grossLoss),
    averageWin: mean(wins),
    averageLoss: mean(losses),
  };
}

/**
 * Fraction of bars during which a position was open: bar i counts when a trade spans its time (entry ≤ t < exit, an
 * open trade until the end). One pass over bars and trades in time order; trades of several symbols may overlap.
 */
export function exposureOf(time: readonly number[], trades: readonly { readonly entryTime: number; readonly exitTime?: number }[]): number {
  if (time.length === 0) return 0;
  const spans = [...trades].sort((a, b) => a.entryTime - b.entryTime);
  let next = 0;
  // The latest exit among the trades entered so far: a bar is exposed while it is ahead of the bar's time.
  let openUntil = Number.NEGATIVE_INFINITY;
  let exposed = 0;
  for (const t of time) {
    while (next < spans.length && (spans[next] as { entryTime: number }).entryTime <= t) {
      openUntil = Math.max(openUntil, spans[next]?.exitTime ?? Number.POSITIVE_INFINITY);
      next += 1;
    }
    if (openUntil > t) exposed += 1;
  }
  return exposed / time.length;
}

/** Buy and hold: the initial cash in the instrument at the first close, marked at every close. */
export function buyAndHold(close: readonly number[], initialCash: number): number[] {
  const first = close[0] ?? 0;
  return close.map((price) => (first > 0 ? (initialCash * price) / first : initialCash));
}

/** Buy and hold of several symbols: the initial cash in equal parts, each part buy-and-held in its own symbol. */
export function equalWeightBuyAndHold(closes: readonly (readonly number[])[], initialCash: number): number[] {
  const parts = closes.map((close) => buyAndHold(close, initialCash / closes.length));
  return (closes[0] ?? []).map((_, i) => parts.reduce((sum, part) => sum + (part[i] ?? 0), 0));
}
