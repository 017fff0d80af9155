/** Alpaca's documented payloads through the pure parse and request-building functions. */
import { describe, expect, it } from 'vitest';
import { ErrorCode, OrderStatus, OrderType, ParentType, Side } from '@trading-pro/contracts';
import { mapAlpacaHttpError } from '../src/alpaca/alpaca-errors.ts';
import { minuteOfDay, newYorkWallClock } from '../src/alpaca/alpaca-market-hours.ts';
import { buildAlpacaOrderRequest, unsupportedAlpacaOrder } from '../src/alpaca/alpaca-order-request.ts';
import { parseAlpacaAccount, parseAlpacaOrder, parseAlpacaOrderTree, parseAlpacaPosition, parseAlpacaStatus, parseTradeUpdateExecution } from '../src/alpaca/alpaca-parse.ts';
import type { AlpacaAccountWire, AlpacaOrderStatus, AlpacaOrderWire, AlpacaPositionWire } from '../src/alpaca/alpaca-types.ts';

/** The order object of Alpaca's API reference (a partially filled limit order). */
const documentedOrder: AlpacaOrderWire = {
  id: '61e69015-8549-4bfd-b9c3-01e75843f47d',
  client_order_id: 'eb9e2aaa-f71a-4f51-b5b4-52a6c565dad4',
  created_at: '2021-03-16T18:38:01.942282Z',
  updated_at: '2021-03-16T18:38:01.942282Z',
  submitted_at: '2021-03-16T18:38:01.937734Z',
  filled_at: null,
  expired_at: null,
  canceled_at: null,
  failed_at: null,
  replaced_at: null,
  replaced_by: null,
  replaces: null,
  asset_id: 'b0b6dd9d-8b9b-48a9-ba46-b9d54906e415',
  symbol: 'AAPL',
  asset_class: 'us_equity',
  notional: null,
  qty: '100',
  filled_qty: '40',
  filled_avg_price: '128.505',
  order_class: '',
  order_type: 'limit',
  type: 'limit',
  side: 'buy',
  time_in_force: 'day',
  limit_price: '128.51',
  stop_price: null,
  status: 'partially_filled',
  extended_hours: false,
  legs: null,
  trail_percent: null,
  trail_price: null,
  hwm: null,
};

describe('parseAlpacaOrder', () => {
  it('maps the documented order object field by field', () => {
    expect(parseAlpacaOrder(documentedOrder)).toEqual({
      id: documentedOrder.id,
      clientOrderId: documentedOrder.client_order_id,
      symbol: 'AAPL',
      type: OrderType.Limit,
      side: Side.Buy,
      qty: 100,
      status: OrderStatus.Working,
      filledQty: 40,
      avgPrice: 128.505,
      limitPrice: 128.51,
      duration: { type: 'DAY' },
      commission: 0,
      createTime: Date.UTC(2021, 2, 16, 18, 38, 1, 942),
      updateTime: Date.UTC(2021, 2, 16, 18, 38, 1, 942),
    });
  });

  it('maps every Alpaca status explicitly', () => {
    const expected: Record<AlpacaOrderStatus, number> = {
      pending_new: OrderStatus.Placing,
      new: OrderStatus.Working,
      accepted: OrderStatus.Working,
      accepted_for_bidding: OrderStatus.Working,
      partially_filled: OrderStatus.Working,
      pending_cancel: OrderStatus.Working,
      pending_replace: OrderStatus.Working,
      calculated: OrderStatus.Working,
      stopped: OrderStatus.Working,
      held: OrderStatus.Inactive,
      done_for_day: OrderStatus.Inactive,
      suspended: OrderStatus.Inactive,
      filled: OrderStatus.Filled,
      canceled: OrderStatus.Canceled,
      expired: OrderStatus.Canceled,
      replaced: OrderStatus.Canceled,
      rejected: OrderStatus.Rejected,
    };
    for (const [status, mapped] of Object.entries(expected)) expect(parseAlpacaStatus(status as AlpacaOrderStatus)).toBe(mapped);
  });

  it('reads an unknown Alpaca order status as Working instead of crashing', () => {
    expect(parseAlpacaStatus('mystery' as AlpacaOrderStatus)).toBe(OrderStatus.Working);
  });

  it('turns bracket legs into child orders, tied to the position once the parent filled', () => {
    const leg = (id: string, type: 'limit' | 'stop', price: string): AlpacaOrderWire => ({
      ...documentedOrder,
      id,
      side: 'sell',
      type,
      status: 'new',
      filled_qty: '0',
      filled_avg_price: null,
      limit_price: type === 'limit' ? price : null,
      stop_price: type === 'stop' ? price : null,
    });
    const parent: AlpacaOrderWire = { ...documentedOrder, status: 'filled', filled_qty: '100', order_class: 'bracket', legs: [leg('tp', 'limit', '140'), leg('sl', 'stop', '120')] };
    const [entry, takeProfit, stopLoss] = parseAlpacaOrderTree(parent);
    expect(entry).toMatchObject({ takeProfit: 140, stopLoss: 120, status: OrderStatus.Filled });
    expect(takeProfit).toMatchObject({ id: 'tp', parentId: 'AAPL', parentType: ParentType.Position, side: Side.Sell, limitPrice: 140 });
    expect(stopLoss).toMatchObject({ id: 'sl', type: OrderType.Stop, stopPrice: 120 });
  });
});

describe('parse positions, account and trade updates', () => {
  const position: AlpacaPositionWire = {
    symbol: 'AAPL',
    avg_entry_price: '100.0',
    qty: '5',
    side: 'long',
    market_value: '600.0',
    cost_basis: '500.0',
    unrealized_pl: '100.0',
    unrealized_intraday_pl: '10.0',
    current_price: '120.0',
  };

  it('maps a position and keeps the account identity equity = balance + unrealized P&L', () => {
    expect(parseAlpacaPosition(position, 7)).toEqual({ id: 'AAPL', symbol: 'AAPL', qty: 5, side: Side.Buy, avgPrice: 100, pl: 100, updateTime: 7 });
    const account = {
      currency: 'USD',
      cash: '9500.10',
      equity: '10100.10',
      last_equity: '10000.00',
      buying_power: '19000.2',
      initial_margin: '300',
    } as AlpacaAccountWire;
    const parsed = parseAlpacaAccount(account, [position], { id: 'A', name: 'n' });
    expect(parsed).toMatchObject({ equity: 10100.1, balance: 10000.1, unrealizedPL: 100, realizedPL: 90.1, marginUsed: 300, buyingPower: 19000.2 });
    expect(parsed.balance + parsed.unrealizedPL).toBeCloseTo(parsed.equity, 8);
  });

  it('reads the execution of a documented fill event', () => {
    const execution = parseTradeUpdateExecution(
      { event: 'fill', execution_id: 'exec-1', order: { ...documentedOrder, status: 'filled', filled_qty: '100' }, timestamp: '2021-03-16T18:38:02.5Z', position_qty: '100', price: '128.52', qty: '60' },
      0,
    );
    expect(execution).toEqual({ id: 'exec-1', orderId: documentedOrder.id, symbol: 'AAPL', price: 128.52, qty: 60, side: Side.Buy, time: Date.UTC(2021, 2, 16, 18, 38, 2, 500), commission: 0 });
    expect(parseTradeUpdateExecution({ event: 'new', order: documentedOrder }, 0)).toBeUndefined();
  });
});

describe('buildAlpacaOrderRequest', () => {
  it('writes stop-limit, trailing-stop and single-leg exits the way Alpaca expects', () => {
    expect(buildAlpacaOrderRequest({ symbol: 'AAPL', type: OrderType.StopLimit, side: Side.Sell, qty: 3, limitPrice: 99.5, stopPrice: 100 }, 'c1', false)).toEqual({
      symbol: 'AAPL',
      qty: '3',
      side: 'sell',
      type: 'stop_limit',
      time_in_force: 'gtc',
      client_order_id: 'c1',
      limit_price: '99.5',
      stop_price: '100',
    });
    expect(buildAlpacaOrderRequest({ symbol: 'AAPL', type: OrderType.Stop, side: Side.Sell, qty: 1, trailingStopPips: 150 }, 'c2', false)).toMatchObject({ type: 'trailing_stop', trail_price: '1.5' });
    expect(buildAlpacaOrderRequest({ symbol: 'AAPL', type: OrderType.Market, side: Side.Buy, qty: 1, stopLoss: 90 }, 'c3', false)).toMatchObject({ order_class: 'oto', stop_loss: { stop_price: '90' } });
  });

  it('sets extended_hours only on simple limit DAY orders', () => {
    const limitDay = { symbol: 'AAPL', type: OrderType.Limit, side: Side.Buy, qty: 1, limitPrice: 10, duration: { type: 'DAY' as const } };
    expect(buildAlpacaOrderRequest(limitDay, 'c', true).extended_hours).toBe(true);
    expect(buildAlpacaOrderRequest({ ...limitDay, duration: { type: 'GTC' } }, 'c', true).extended_hours).toBeUndefined();
    expect(buildAlpacaOrderRequest({ ...limitDay, takeProfit: 12, stopLoss: 9 }, 'c', true).extended_hours).toBeUndefined();
  });

  it('refuses bracket orders with IOC and trailing bracket legs', () => {
    expect(unsupportedAlpacaOrder({ symbol: 'AAPL', type: OrderType.Limit, side: Side.Buy, qty: 1, limitPrice: 10, takeProfit: 11, stopLoss: 9, duration: { type: 'IOC' } })?.code).toBe(ErrorCode.UNSUPPORTED_ORDER);
    expect(unsupportedAlpacaOrder({ symbol: 'AAPL', type: OrderType.Market, side: Side.Buy, qty: 1, stopLoss: 9, trailingStopPips: 5 })?.code).toBe(ErrorCode.UNSUPPORTED_ORDER);
  });
});

describe('mapAlpacaHttpError and market-hours helpers', () => {
  it('tells bad keys, refused orders and outages apart', () => {
    expect(mapAlpacaHttpError(401, { code: 40110000, message: 'request is not authorized' }, 'read').code).toBe(ErrorCode.UNAUTHORIZED);
    expect(mapAlpacaHttpError(403, { message: 'forbidden' }, 'connect').code).toBe(ErrorCode.UNAUTHORIZED);
    expect(mapAlpacaHttpError(403, { code: 40310000, message: 'insufficient buying power' }, 'order').code).toBe(ErrorCode.INSUFFICIENT_BUYING_POWER);
    expect(mapAlpacaHttpError(403, { code: 40310000, message: 'account is not allowed to short' }, 'order').code).toBe(ErrorCode.ORDER_REJECTED);
    expect(mapAlpacaHttpError(422, { message: 'order is not cancelable' }, 'cancel').code).toBe(ErrorCode.CONFLICT);
    expect(mapAlpacaHttpError(429, undefined, 'read', 3).retryAfterS).toBe(3);
    expect(mapAlpacaHttpError(502, undefined, 'order').code).toBe(ErrorCode.BROKER_UNAVAILABLE);
  });

  it('reads New York wall-clock time across daylight saving', () => {
    expect(newYorkWallClock(Date.UTC(2024, 5, 3, 22, 0))).toEqual({ date: '2024-06-03', minute: 18 * 60 });
    expect(newYorkWallClock(Date.UTC(2024, 0, 3, 3, 30))).toEqual({ date: '2024-01-02', minute: 22 * 60 + 30 });
    expect(minuteOfDay('0400')).toBe(240);
    expect(minuteOfDay('16:00')).toBe(960);
  });
});
