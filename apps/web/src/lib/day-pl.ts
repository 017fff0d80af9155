/**
 * Day P&L of one symbol as brokers count it: the position held at the day's start marked from the previous close,
 * plus every fill of the day marked from its price, less the day's commissions. Exact when the day's fills are known.
 */
import { Side, type Execution } from '@trading-pro/sdk';

export interface DayPLInput {
  /** Signed position now (long > 0, short < 0). */
  readonly position: number;
  /** Fills of the symbol since the trading day started. */
  readonly fills: readonly Execution[];
  readonly mark: number | undefined;
  readonly previousClose: number | undefined;
}

/** Undefined when a needed price is missing. */
export function dayPL(input: DayPLInput): number | undefined {
  let filled = 0;
  let flow = 0;
  let commission = 0;
  for (const fill of input.fills) {
    const signed = fill.side === Side.Buy ? fill.qty : -fill.qty;
    filled += signed;
    flow += signed * fill.price;
    commission += fill.commission;
  }
  const held = input.position - filled;
  const needsMark = Math.abs(input.position) > 1e-12;
  if (needsMark && input.mark === undefined) return undefined;
  if (Math.abs(held) > 1e-12 && input.previousClose === undefined) return undefined;
  const mark = input.mark ?? 0;
  const value = held * (mark - (input.previousClose ?? 0)) + (filled * mark - flow) - commission;
  return Math.round(value * 100) / 100;
}
