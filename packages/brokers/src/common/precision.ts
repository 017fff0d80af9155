/** The one place prices and quantities are fitted to a market's tick, lot step and minimums before sending. */
import { ErrorCode, FIXED_DECIMALS, TradingError, divRound, fromFixed, mulFixed, roundToStep, toFixed, type Fixed } from '@trading-pro/contracts';

/** A market's trading rules in exact decimals (from the venue's market list). */
export interface MarketRules {
  readonly symbol: string;
  readonly tickSize: Fixed;
  readonly lotStep: Fixed;
  readonly minQty: Fixed;
  /** Smallest order value in the quote currency, when the venue has one. */
  readonly minNotional?: Fixed;
}

/** Rules for a venue that publishes precision as decimal places rather than tick sizes. */
export function stepFromDecimals(decimals: number): Fixed {
  const places = Math.min(FIXED_DECIMALS, Math.max(0, Math.trunc(decimals)));
  return 10n ** BigInt(FIXED_DECIMALS - places);
}

/** Price to the nearest tick (half-even), as a JSON number. */
export function roundPrice(price: number, rules: MarketRules): number {
  const rounded = roundToStep(toFixed(price), rules.tickSize, 'half-even');
  if (rounded <= 0n) throw validation(`price ${price} is below the tick size of ${rules.symbol}`, 'limitPrice');
  return fromFixed(rounded);
}

/** Quantity down to the lot step: never more than asked. */
export function roundQty(qty: number, rules: MarketRules): number {
  return fromFixed(divRound(toFixed(qty), rules.lotStep, 'down') * rules.lotStep);
}

/** Rounds and checks minimums; throws VALIDATION_ERROR (nothing is sent) when the order is too small. */
export function fitOrder(
  order: { readonly qty: number; readonly limitPrice?: number; readonly stopPrice?: number },
  rules: MarketRules,
  referencePrice?: number,
): { qty: number; limitPrice?: number; stopPrice?: number } {
  const qty = roundQty(order.qty, rules);
  const minQty = rules.minQty > rules.lotStep ? rules.minQty : rules.lotStep;
  if (toFixed(qty) < minQty) {
    throw validation(`quantity ${order.qty} is below the minimum ${fromFixed(minQty)} of ${rules.symbol}`, 'qty');
  }
  const limitPrice = order.limitPrice === undefined ? undefined : roundPrice(order.limitPrice, rules);
  const stopPrice = order.stopPrice === undefined ? undefined : roundPrice(order.stopPrice, rules);
  const price = limitPrice ?? stopPrice ?? referencePrice;
  if (rules.minNotional !== undefined && rules.minNotional > 0n && price !== undefined) {
    const notional = mulFixed(toFixed(qty), toFixed(price));
    if (notional < rules.minNotional) {
      throw validation(`order value ${fromFixed(notional)} is below the minimum ${fromFixed(rules.minNotional)} of ${rules.symbol}`, 'qty');
    }
  }
  return {
    qty,
    ...(limitPrice === undefined ? {} : { limitPrice }),
    ...(stopPrice === undefined ? {} : { stopPrice }),
  };
}

function validation(message: string, path: string): TradingError {
  return new TradingError(ErrorCode.VALIDATION_ERROR, message, { details: [{ path, message }] });
}
