/** Turns a contract `PreOrder` into Alpaca's POST /v2/orders body, refusing what Alpaca cannot express. */
import { ErrorCode, FIXED_ONE, OrderType, Side, TradingError, fixedToString, isMultipleOf, mulFixed, parseFixed, toFixed } from '@trading-pro/contracts';
import type { Fixed, PreOrder, TimeInForce } from '@trading-pro/contracts';
import type { AlpacaOrderRequest, AlpacaOrderType, AlpacaTimeInForce } from './alpaca-types.ts';

const CENT = parseFixed('0.01');
const SUB_PENNY = parseFixed('0.0001');

const TYPE: Readonly<Record<OrderType, AlpacaOrderType>> = {
  [OrderType.Market]: 'market',
  [OrderType.Limit]: 'limit',
  [OrderType.Stop]: 'stop',
  [OrderType.StopLimit]: 'stop_limit',
};

const TIF: Readonly<Record<TimeInForce, AlpacaTimeInForce>> = { DAY: 'day', GTC: 'gtc', IOC: 'ioc', FOK: 'fok' };

/** US equity price increments: whole cents from $1, hundredths of a cent below. */
export function alpacaTickFor(price: Fixed): Fixed {
  return price >= FIXED_ONE ? CENT : SUB_PENNY;
}

function validationError(message: string, path: string): TradingError {
  return new TradingError(ErrorCode.VALIDATION_ERROR, message, { details: [{ path, message }] });
}

/** Throws VALIDATION_ERROR for a price that is not positive or off Alpaca's tick. */
export function checkAlpacaPrice(value: number | undefined, path: string): void {
  if (value === undefined) return;
  if (!(value > 0)) throw validationError(`${path} must be positive`, path);
  const price = toFixed(value);
  if (!isMultipleOf(price, alpacaTickFor(price))) {
    throw validationError(`${path} ${value} is off the tick (0.01 from $1, 0.0001 below)`, path);
  }
}

/** Malformed orders: VALIDATION_ERROR, nothing is sent or recorded. */
export function validateAlpacaPreOrder(order: PreOrder): void {
  if (!(order.qty > 0)) throw validationError('qty must be positive', '/qty');
  const needsLimit = order.type === OrderType.Limit || order.type === OrderType.StopLimit;
  const needsStop = order.type === OrderType.StopLimit || (order.type === OrderType.Stop && order.trailingStopPips === undefined);
  if (needsLimit && order.limitPrice === undefined) throw validationError('a limit order needs limitPrice', '/limitPrice');
  if (needsStop && order.stopPrice === undefined) throw validationError('a stop order needs stopPrice', '/stopPrice');
  checkAlpacaPrice(order.limitPrice, '/limitPrice');
  checkAlpacaPrice(order.stopPrice, '/stopPrice');
  checkAlpacaPrice(order.takeProfit, '/takeProfit');
  checkAlpacaPrice(order.stopLoss, '/stopLoss');
  if (order.trailingStopPips !== undefined && !Number.isInteger(order.trailingStopPips)) {
    throw validationError('trailingStopPips must be a whole number of ticks', '/trailingStopPips');
  }
}

/** Well-formed orders Alpaca cannot take: an UNSUPPORTED_ORDER rejection (recorded), or undefined when fine. */
export function unsupportedAlpacaOrder(order: PreOrder): TradingError | undefined {
  const tif = order.duration?.type ?? 'GTC';
  const bracket = order.takeProfit !== undefined || order.stopLoss !== undefined;
  const fractional = !Number.isInteger(order.qty);
  const reject = (message: string) => new TradingError(ErrorCode.UNSUPPORTED_ORDER, message);
  if (bracket && tif !== 'DAY' && tif !== 'GTC') return reject('Alpaca takes bracket orders only with DAY or GTC');
  if (bracket && order.type !== OrderType.Market && order.type !== OrderType.Limit) {
    return reject('Alpaca bracket entries must be market or limit orders');
  }
  if (order.trailingStopPips !== undefined && (bracket || order.type !== OrderType.Stop)) {
    return reject('Alpaca trails only a standalone stop order (no trailing bracket legs)');
  }
  if (fractional && (tif !== 'DAY' || bracket || (order.type !== OrderType.Market && order.type !== OrderType.Limit))) {
    return reject('Alpaca takes fractional quantities only on simple market or limit DAY orders');
  }
  return undefined;
}

function money(value: number): string {
  return fixedToString(toFixed(value));
}

/** The request body; `extendedHours` is set only for limit DAY orders (Alpaca's rule), by the caller's choice. */
export function buildAlpacaOrderRequest(order: PreOrder, clientOrderId: string, extendedHours: boolean): AlpacaOrderRequest {
  const tif = order.duration?.type ?? 'GTC';
  const body: AlpacaOrderRequest = {
    symbol: order.symbol,
    qty: money(order.qty),
    side: order.side === Side.Buy ? 'buy' : 'sell',
    type: order.trailingStopPips !== undefined ? 'trailing_stop' : TYPE[order.type],
    time_in_force: TIF[tif],
    client_order_id: clientOrderId,
  };
  if (order.limitPrice !== undefined && (order.type === OrderType.Limit || order.type === OrderType.StopLimit)) {
    body.limit_price = money(order.limitPrice);
  }
  if (order.trailingStopPips !== undefined) {
    body.trail_price = fixedToString(mulFixed(toFixed(order.trailingStopPips), CENT));
  } else if (order.stopPrice !== undefined && (order.type === OrderType.Stop || order.type === OrderType.StopLimit)) {
    body.stop_price = money(order.stopPrice);
  }
  if (order.takeProfit !== undefined || order.stopLoss !== undefined) {
    // Both legs make a bracket; a single exit leg is "one triggers other".
    body.order_class = order.takeProfit !== undefined && order.stopLoss !== undefined ? 'bracket' : 'oto';
    if (order.takeProfit !== undefined) body.take_profit = { limit_price: money(order.takeProfit) };
    if (order.stopLoss !== undefined) body.stop_loss = { stop_price: money(order.stopLoss) };
  }
  if (extendedHours && order.type === OrderType.Limit && tif === 'DAY' && body.order_class === undefined) {
    body.extended_hours = true;
  }
  return body;
}
