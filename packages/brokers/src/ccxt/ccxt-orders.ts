/** Our `PreOrder` to a ccxt `createOrder` request: type, side, time in force, trigger and bracket params. */
import { ErrorCode, OrderType, Side, TradingError, type PreOrder, type TimeInForce } from '@trading-pro/contracts';
import type { CcxtVenueSpec, MarketKind } from './venue-spec.ts';

export interface CreateOrderRequest {
  readonly symbol: string;
  readonly type: 'market' | 'limit';
  readonly side: 'buy' | 'sell';
  readonly amount: number;
  readonly price: number | undefined;
  readonly params: Record<string, unknown>;
}

export interface FittedOrder {
  readonly qty: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
}

/** Fields every order must have before it can be sent (400: nothing recorded). */
export function checkOrderShape(order: PreOrder): void {
  const fail = (message: string, path: string) => new TradingError(ErrorCode.VALIDATION_ERROR, message, { details: [{ path, message }] });
  if (!(order.qty > 0)) throw fail('qty must be positive', 'qty');
  const needsLimit = order.type === OrderType.Limit || order.type === OrderType.StopLimit;
  const needsStop = order.type === OrderType.Stop || order.type === OrderType.StopLimit;
  if (needsLimit && order.limitPrice === undefined) throw fail('a limit order needs limitPrice', 'limitPrice');
  if (needsStop && order.stopPrice === undefined) throw fail('a stop order needs stopPrice', 'stopPrice');
}

/** What the venue cannot do (422 UNSUPPORTED_ORDER: the order is recorded as Rejected). */
export function unsupportedReason(order: PreOrder, spec: CcxtVenueSpec, market: MarketKind): string | undefined {
  const duration: TimeInForce = order.duration?.type ?? 'GTC';
  if (!spec.durations.includes(duration)) return `${spec.kind} has no ${duration} time in force (supported: ${spec.durations.join(', ')})`;
  if (order.type === OrderType.Stop && !spec.supportsStopOrders) return `${spec.kind} ${market} has no stop-market orders`;
  if (order.type === OrderType.StopLimit && !spec.supportsStopLimitOrders) return `${spec.kind} ${market} has no stop-limit orders`;
  if ((order.takeProfit !== undefined || order.stopLoss !== undefined) && !spec.supportsBrackets(market)) {
    return `${spec.kind} ${market} has no attached take-profit/stop-loss brackets`;
  }
  if (order.trailingStopPips !== undefined) return `${spec.kind} trailing stops are not supported by this adapter`;
  if (order.type === OrderType.Market && duration !== 'GTC' && !(spec.marketDurations ?? ['IOC', 'FOK']).includes(duration)) {
    return `${spec.kind} market orders take no ${duration} time in force (a market order fills what it can at once)`;
  }
  return undefined;
}

/** Builds the ccxt request from a validated, precision-fitted order. */
export function buildCreateOrderRequest(
  order: PreOrder,
  fitted: FittedOrder,
  venueClientOrderId: string,
  spec: CcxtVenueSpec,
  market: MarketKind,
): CreateOrderRequest {
  const isLimit = order.type === OrderType.Limit || order.type === OrderType.StopLimit;
  const isStop = order.type === OrderType.Stop || order.type === OrderType.StopLimit;
  const params: Record<string, unknown> = { clientOrderId: venueClientOrderId };
  const duration = order.duration?.type ?? 'GTC';
  if (isLimit) params['timeInForce'] = duration;
  else if ((duration === 'IOC' || duration === 'FOK') && spec.marketDurations === undefined) params['timeInForce'] = duration;
  const side = order.side === Side.Sell ? 'sell' : 'buy';
  if (isStop && fitted.stopPrice !== undefined) Object.assign(params, spec.stopParams?.(fitted.stopPrice, side, market) ?? { triggerPrice: fitted.stopPrice });
  if (order.takeProfit !== undefined) params['takeProfit'] = { triggerPrice: order.takeProfit };
  if (order.stopLoss !== undefined) params['stopLoss'] = { triggerPrice: order.stopLoss };
  return {
    symbol: order.symbol,
    type: isLimit ? 'limit' : 'market',
    side,
    amount: fitted.qty,
    price: isLimit ? fitted.limitPrice : undefined,
    params,
  };
}

/** A venue-safe client order id: letters and digits only (OKX allows nothing else), unique per adapter. */
export function makeClientOrderId(prefix: string, now: number, counter: number, maxLength: number): string {
  const id = `${prefix}${now.toString(36)}${counter.toString(36).padStart(4, '0')}`;
  return id.slice(0, maxLength);
}
