/** The pure conversions between the API's shapes and TradingView's: fields, enumerations, units and removals. */
import { OrderStatus, OrderType, Side, capabilities } from '@trading-pro/contracts';
import type { BrokerConfig, Order as SdkOrder } from '@trading-pro/sdk';
import { TradingProError } from '@trading-pro/sdk';
import { describe, expect, it } from 'vitest';
import { readableMessage } from '../src/connection.ts';
import { leverageProblems, msToSeconds, secondsToMs, StopType, toBrokerMetaInfo, toHistoryMetadata, toModifyOrder, toPositionBrackets, toSdkPreOrder, toTvOrder } from '../src/index.ts';

const placed: SdkOrder = {
  id: 'O1',
  symbol: 'BTCUSD',
  type: OrderType.StopLimit,
  side: Side.Sell,
  qty: 2,
  status: OrderStatus.Rejected,
  filledQty: 0,
  limitPrice: 99.5,
  stopPrice: 100,
  trailingStopPips: 30,
  rejectReason: 'insufficient buying power',
  duration: { type: 'DAY' },
  commission: 0,
  createTime: 1_700_000_000_000,
  updateTime: 1_700_000_000_123,
};

describe('TradingView shapes from the API', () => {
  it('keeps enumerations and ms times, turns a trailing stop into stopType and a rejection into an error message', () => {
    expect(toTvOrder(placed)).toEqual({
      id: 'O1',
      symbol: 'BTCUSD',
      type: 4,
      side: -1,
      qty: 2,
      status: 5,
      filledQty: 0,
      limitPrice: 99.5,
      stopPrice: 100,
      trailingStopPips: 30,
      stopType: StopType.TrailingStop,
      duration: { type: 'DAY' },
      message: { text: 'insufficient buying power', type: 'error' },
      updateTime: 1_700_000_000_123,
    });
  });

  it('converts request seconds to ms and server ms to whole seconds', () => {
    expect(secondsToMs(1_700_000_000)).toBe(1_700_000_000_000);
    expect(msToSeconds(1_700_000_000_999)).toBe(1_700_000_000);
  });

  it('says noData only for an empty answer, keeping nextTime in ms', () => {
    expect(toHistoryMetadata({ bars: [{}], nextTime: 5 })).toEqual({ noData: false });
    expect(toHistoryMetadata({ bars: [], nextTime: 1_600_000_000_000 })).toEqual({ noData: true, nextTime: 1_600_000_000_000 });
    expect(toHistoryMetadata({ bars: [] })).toEqual({ noData: true });
  });
});

describe('API requests from TradingView', () => {
  it('drops Order Ticket-only fields and prices the order type does not use', () => {
    const pre = toSdkPreOrder({ symbol: 'AAPL', type: OrderType.Market, side: Side.Buy, qty: 3, limitPrice: 10, stopPrice: 11, isClose: false, currentQuotes: { ask: 1, bid: 1 }, duration: { type: 'gtc' }, takeProfit: 12 });
    expect(pre).toEqual({ symbol: 'AAPL', type: OrderType.Market, side: Side.Buy, qty: 3, takeProfit: 12, duration: { type: 'GTC' } });
    expect(toSdkPreOrder({ symbol: 'AAPL', type: OrderType.Limit, side: Side.Buy, qty: 1, limitPrice: 10, stopLoss: 9, stopType: StopType.TrailingStop, trailingStopPips: 20 })).toEqual({ symbol: 'AAPL', type: OrderType.Limit, side: Side.Buy, qty: 1, limitPrice: 10, trailingStopPips: 20 });
    expect(toSdkPreOrder({ symbol: 'AAPL', type: OrderType.Limit, side: Side.Buy, qty: 1, limitPrice: 10, duration: { type: 'GTD', datetime: 1 } }).duration).toBeUndefined();
  });

  it('sends a modify with what the edited order holds, removing a bracket that disappeared', () => {
    const before = toTvOrder({ ...placed, type: OrderType.Limit, status: OrderStatus.Working, takeProfit: 120, stopLoss: 80 });
    const edited = { ...before, qty: 3, limitPrice: 98, stopLoss: 85 };
    delete edited.takeProfit;
    expect(toModifyOrder(edited, before)).toEqual({ qty: 3, limitPrice: 98, stopLoss: 85, takeProfit: null });
    expect(toModifyOrder({ ...before, takeProfit: undefined, stopLoss: undefined }, undefined)).toEqual({ qty: 2, limitPrice: 99.5 });
  });

  it('treats the position dialog as the whole bracket state', () => {
    expect(toPositionBrackets({ takeProfit: 5 })).toEqual({ takeProfit: 5, stopLoss: null });
    expect(toPositionBrackets({ trailingStopPips: 40, stopLoss: 3 })).toEqual({ takeProfit: null, stopLoss: null, trailingStopPips: 40 });
  });

  it('checks a leverage against its range and its step from the minimum, exactly', () => {
    const info = { symbol: 'BTCUSD', leverage: 1, min: 1, max: 10, step: 0.1 };
    expect(leverageProblems(2.3, info)).toEqual([]);
    expect(leverageProblems(2.35, info)).toEqual(['Leverage moves in steps of 0.1 from 1']);
    expect(leverageProblems(11, info)).toEqual(['Leverage must be between 1 and 10']);
  });

  it('words an API failure with its field details', () => {
    const error = new TradingProError({ code: 'VALIDATION_ERROR', message: 'invalid order', details: [{ path: 'qty', message: 'must be a multiple of 0.01' }] });
    expect(readableMessage(error)).toBe('invalid order (qty: must be a multiple of 0.01)');
    expect(readableMessage(new TradingProError({ code: 'NOT_FOUND', message: 'unknown order O9' }))).toBe('unknown order O9');
  });
});

describe('broker_config from /broker/config', () => {
  it('names the flags as TradingView does and offers the broker durations, GTC first by default', () => {
    const config: BrokerConfig = {
      broker: 'paper',
      ...capabilities({ supportOrderBrackets: true, supportPositionBrackets: true, supportModifyOrderQuantity: false, supportStopOrders: false, supportedDurations: ['GTC', 'DAY'] }),
    };
    const meta = toBrokerMetaInfo(config);
    expect(meta.configFlags).toMatchObject({
      supportPositions: true,
      supportOrderBrackets: true,
      supportTrailingStop: false,
      supportLeverage: false,
      supportLeverageButton: false,
      supportEditAmount: false,
      supportStopOrders: false,
      supportPlaceOrderPreview: true,
      supportPLUpdate: true,
    });
    expect(meta.durations).toEqual([
      { name: 'GTC', value: 'GTC', default: true },
      { name: 'DAY', value: 'DAY' },
    ]);
  });
});
