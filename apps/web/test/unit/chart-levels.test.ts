/** Levels drawn on the chart: working orders, brackets and the position's average price, once each. */
import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, ParentType, Side, type Order, type Position } from '@trading-pro/sdk';
import { chartLevels } from '../../src/chart/levels.ts';
import { livePL } from '../../src/lib/live-pl.ts';

const base: Order = { id: 'O1', symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 1, status: OrderStatus.Working, filledQty: 0, commission: 0, createTime: 1, updateTime: 1 };
const position: Position = { id: 'BTCUSD', symbol: 'BTCUSD', qty: 2, side: Side.Buy, avgPrice: 60000, pl: 0, takeProfit: 66000, updateTime: 1 };

describe('chart levels', () => {
  it('draws working orders of the symbol only, stop-limits at both prices', () => {
    const levels = chartLevels('BTCUSD', [
      { ...base, limitPrice: 59000 },
      { ...base, id: 'O2', type: OrderType.StopLimit, side: Side.Sell, stopPrice: 58000, limitPrice: 57900 },
      { ...base, id: 'O3', status: OrderStatus.Filled, limitPrice: 1 },
      { ...base, id: 'O4', symbol: 'ETHUSD', limitPrice: 3000 },
    ], undefined);
    expect(levels.map((level) => [level.kind, level.price])).toEqual([
      ['buy', 59000],
      ['sell', 58000],
      ['sell', 57900],
    ]);
  });

  it('draws the position average and its brackets, without doubling a bracket that is also a child order', () => {
    const child: Order = { ...base, id: 'O9', side: Side.Sell, parentId: 'BTCUSD', parentType: ParentType.Position, limitPrice: 66000 };
    const levels = chartLevels('BTCUSD', [child], position, (qty) => `${qty} BTC`);
    expect(levels.filter((level) => level.kind === 'take-profit')).toHaveLength(1);
    expect(levels.find((level) => level.kind === 'position')).toMatchObject({ price: 60000, title: 'Long 2 BTC' });
  });
});

describe('live P&L', () => {
  it('marks a long at the bid and a short at the ask, to the cent', () => {
    const quote = { lp: 0, bid: 60100.5, ask: 60101.25, ch: 0, chp: 0, volume: 0, open_price: 0, high_price: 0, low_price: 0, prev_close_price: 0 };
    expect(livePL(position, quote)).toBe(201);
    expect(livePL({ ...position, side: Side.Sell }, quote)).toBe(-202.5);
    expect(livePL(position, undefined)).toBe(0);
  });
});
