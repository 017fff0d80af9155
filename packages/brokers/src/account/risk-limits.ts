/**
 * Per-account limits from the configuration (`accounts[].risk`), checked before an order reaches the broker, for
 * every broker kind. A new order that breaks one is recorded as Rejected with RISK_LIMIT (422); a modify that
 * would break one is refused and leaves the order as it was. Orders that only reduce a position always pass.
 */
import { ErrorCode, TradingError, type Side } from '@trading-pro/contracts';

export interface RiskLimits {
  /** Largest notional of one order (qty × its price, or the market price), in the account currency. */
  readonly maxOrderNotional?: number;
  /** Largest notional of one position if the order filled. */
  readonly maxPositionNotional?: number;
  /** Most orders working at once. */
  readonly maxOpenOrders?: number;
  /** Once the day's loss reaches this (equity below the UTC day's start by it), only reducing orders are taken. */
  readonly maxDailyLoss?: number;
}

/** What the check reads: the account as the broker decides on it (the paper engine's own state, or the account state). */
export interface RiskView {
  /** The price a market order of this side would trade at now, if known. */
  marketPrice(symbol: string, side: Side): number | undefined;
  /** Signed position (long > 0). */
  positionQty(symbol: string): number;
  /** Orders working now (bracket legs excluded: they only reduce). */
  openOrders(): number;
  /** Change of equity since the UTC day started. */
  dayPL(): number;
}

export interface RiskOrder {
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  readonly price?: number;
}

/** The first limit `order` breaks, or undefined. `replacing` is the order's current version (for a modify). */
export function riskLimitProblem(limits: RiskLimits | undefined, view: RiskView, order: RiskOrder, replacing?: RiskOrder): TradingError | undefined {
  if (limits === undefined) return undefined;
  const position = view.positionQty(order.symbol);
  const signed = order.side * order.qty;
  const reducing = position !== 0 && Math.sign(signed) !== Math.sign(position) && order.qty <= Math.abs(position);
  if (reducing) return undefined;
  const price = order.price ?? view.marketPrice(order.symbol, order.side);
  const money = (value: number) => value.toFixed(2);
  if (limits.maxOrderNotional !== undefined && price !== undefined && order.qty * price > limits.maxOrderNotional) {
    return problem(`order notional ${money(order.qty * price)} exceeds the account's maxOrderNotional ${money(limits.maxOrderNotional)}`);
  }
  if (limits.maxPositionNotional !== undefined && price !== undefined) {
    const after = Math.abs(position + signed);
    if (after > Math.abs(position) && after * price > limits.maxPositionNotional) {
      return problem(`the ${order.symbol} position would reach ${money(after * price)} of notional, above the account's maxPositionNotional ${money(limits.maxPositionNotional)}`);
    }
  }
  if (limits.maxOpenOrders !== undefined && replacing === undefined && view.openOrders() + 1 > limits.maxOpenOrders) {
    return problem(`the account already has ${view.openOrders()} working orders (maxOpenOrders ${limits.maxOpenOrders})`);
  }
  if (limits.maxDailyLoss !== undefined) {
    const dayPL = view.dayPL();
    if (-dayPL >= limits.maxDailyLoss) {
      return problem(`today's loss ${money(-dayPL)} has reached the account's maxDailyLoss ${money(limits.maxDailyLoss)}: only orders that reduce a position are taken`);
    }
  }
  return undefined;
}

function problem(message: string): TradingError {
  return new TradingError(ErrorCode.RISK_LIMIT, message);
}
