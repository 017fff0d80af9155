/** Position and money arithmetic: netting fills into positions, realized and unrealized P&L, margin. */
import { FIXED_ONE, absFixed, divRound, mulFixed, roundToStep } from '@trading-pro/contracts';
import type { Fixed, Side } from '@trading-pro/contracts';
import type { MarketQuote } from '../market/quote.ts';
import type { PositionRecord } from './records.ts';

const ZERO_DECIMAL_CURRENCIES = new Set(['JPY', 'KRW', 'CLP', 'ISK', 'VND']);

/** The currency's minor unit as a Fixed (0.01 for USD, 1 for JPY). */
export function minorUnitOf(currency: string): Fixed {
  return ZERO_DECIMAL_CURRENCIES.has(currency.toUpperCase()) ? FIXED_ONE : FIXED_ONE / 100n;
}

/** Money is posted in whole minor units, rounded half-even. */
export function roundMoney(value: Fixed, minorUnit: Fixed): Fixed {
  return roundToStep(value, minorUnit, 'half-even');
}

export function signOf(value: Fixed): -1 | 0 | 1 {
  return value > 0n ? 1 : value < 0n ? -1 : 0;
}

export interface PositionChange {
  readonly position: PositionRecord;
  /** Realized P&L of the closed part, in minor units. */
  readonly realized: Fixed;
}

/**
 * Nets one fill into the symbol's position: averages the price on an increase, realizes P&L on the
 * closed part of a reduction, and when the fill goes through zero opens the rest at the fill price.
 */
export function netFill(
  previous: PositionRecord | undefined,
  symbol: string,
  side: Side,
  qty: Fixed,
  price: Fixed,
  time: number,
  minorUnit: Fixed,
): PositionChange {
  const oldQty = previous?.qty ?? 0n;
  const oldAvg = previous?.avgPrice ?? 0n;
  const signed = side === 1 ? qty : -qty;
  const newQty = oldQty + signed;
  if (oldQty === 0n || signOf(oldQty) === side) {
    const avgPrice = divRound(absFixed(oldQty) * oldAvg + qty * price, absFixed(newQty), 'half-even');
    return { position: { symbol, qty: newQty, side, avgPrice, updateTime: time }, realized: 0n };
  }
  const closing = absFixed(oldQty) < qty ? absFixed(oldQty) : qty;
  const perUnit = oldQty > 0n ? price - oldAvg : oldAvg - price;
  const realized = roundMoney(mulFixed(perUnit, closing), minorUnit);
  const newSide = signOf(newQty);
  if (newSide === 0) return { position: { symbol, qty: 0n, side: signOf(oldQty) === 1 ? 1 : -1, avgPrice: oldAvg, updateTime: time }, realized };
  const avgPrice = newSide === signOf(oldQty) ? oldAvg : price;
  return { position: { symbol, qty: newQty, side: newSide, avgPrice, updateTime: time }, realized };
}

/** The price a position would close at now: the bid for a long, the ask for a short. */
export function closingMark(quote: MarketQuote, qty: Fixed): Fixed {
  return qty >= 0n ? quote.bid : quote.ask;
}

/** Unrealized P&L at the closing mark, rounded to the minor unit; zero without a quote. */
export function unrealizedPL(position: PositionRecord, quote: MarketQuote | undefined, minorUnit: Fixed): Fixed {
  if (quote === undefined || position.qty === 0n) return 0n;
  return roundMoney(mulFixed(closingMark(quote, position.qty) - position.avgPrice, position.qty), minorUnit);
}

/** Margin a position of `qty` at `price` ties up: |qty| × price / leverage, in minor units. */
export function marginFor(qty: Fixed, price: Fixed, leverage: number, minorUnit: Fixed): Fixed {
  return roundToStep(divRound(mulFixed(absFixed(qty), price), BigInt(leverage), 'ceil'), minorUnit, 'ceil');
}

/** How much a fill of `signed` qty grows |position| (0 for a reduction or a flip to a smaller size). */
export function exposureIncrease(positionQty: Fixed, signed: Fixed): Fixed {
  const grow = absFixed(positionQty + signed) - absFixed(positionQty);
  return grow > 0n ? grow : 0n;
}
