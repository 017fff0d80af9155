/** Levels drawn on the chart: what each belongs to and what dragging or ✕ acts on. */
import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, ParentType, Side, type Order, type Position } from '@trading-pro/sdk';
import { BarSeries } from '../../src/chart/bar-series.ts';
import { chartLevels, draftLevels } from '../../src/chart/levels.ts';
import { positionBrackets } from '../../src/lib/brackets.ts';
import { livePL } from '../../src/lib/live-pl.ts';

const base: Order = { id: 'O1', symbol: 'BTCUSD', type: OrderType.Limit, side: Side.Buy, qty: 1, status: OrderStatus.Working, filledQty: 0, commission: 0, createTime: 1, updateTime: 1 };
const position: Position = { id: 'BTCUSD', symbol: 'BTCUSD', qty: 2, side: Side.Buy, avgPrice: 60000, pl: 0, updateTime: 1 };

function levelsOf(orders: Order[], held?: Position) {
  return chartLevels({ symbol: 'BTCUSD', orders, position: held, positionBrackets: held === undefined ? {} : positionBrackets(held, orders), qtyText: (qty) => `${qty} BTC` });
}

describe('chart levels', () => {
  it('draws working orders of the symbol only, stop-limits at both prices, each naming its order', () => {
    const levels = levelsOf([
      { ...base, limitPrice: 59000 },
      { ...base, id: 'O2', type: OrderType.StopLimit, side: Side.Sell, stopPrice: 58000, limitPrice: 57900 },
      { ...base, id: 'O3', status: OrderStatus.Filled, limitPrice: 1 },
      { ...base, id: 'O4', symbol: 'ETHUSD', limitPrice: 3000 },
    ]);
    expect(levels.map((level) => [level.kind, level.price, level.owner])).toEqual([
      ['buy', 59000, 'order O1'],
      ['sell', 58000, 'order O2'],
      ['sell', 57900, 'order O2'],
    ]);
    expect(levels[1]?.target).toEqual({ kind: 'order', orderId: 'O2', field: 'stopPrice' });
  });

  it('draws a pending bracket once, from its waiting child, and drags it through the parent', () => {
    const parent: Order = { ...base, limitPrice: 59000, takeProfit: 61000 };
    const child: Order = { ...base, id: 'O5', status: OrderStatus.Inactive, side: Side.Sell, parentId: 'O1', parentType: ParentType.Order, limitPrice: 61000 };
    const levels = levelsOf([parent, child]);
    const tp = levels.filter((level) => level.kind === 'take-profit');
    expect(tp).toHaveLength(1);
    expect(tp[0]?.target).toEqual({ kind: 'order-bracket', orderId: 'O1', field: 'takeProfit' });
  });

  it('draws the position with its live bracket legs, which move one leg of the position only', () => {
    const tp: Order = { ...base, id: 'O9', side: Side.Sell, parentId: 'BTCUSD', parentType: ParentType.Position, limitPrice: 66000 };
    const sl: Order = { ...base, id: 'O10', type: OrderType.Stop, side: Side.Sell, parentId: 'BTCUSD', parentType: ParentType.Position, stopPrice: 57000 };
    const levels = levelsOf([tp, sl], position);
    expect(levels.find((level) => level.kind === 'position')).toMatchObject({ price: 60000, title: 'Long 2 BTC', draggable: false });
    expect(levels.find((level) => level.kind === 'stop-loss')?.target).toEqual({ kind: 'position-bracket', positionId: 'BTCUSD', field: 'stopLoss' });
    expect(levels.filter((level) => level.kind === 'buy' || level.kind === 'sell')).toHaveLength(0);
  });

  it('draws the ticket draft before it is sent', () => {
    const levels = draftLevels({ side: Side.Sell, type: OrderType.Limit, qtyText: '0.5', limitPrice: 70000, stopPrice: 1, takeProfit: 65000, stopLoss: null });
    expect(levels.map((level) => [level.title, level.price])).toEqual([
      ['Draft Sell 0.5 LMT', 70000],
      ['Draft Sell 0.5 TP', 65000],
    ]);
  });
});

describe('bar series', () => {
  const bar = (time: number, close = 1) => ({ time, open: close, high: close, low: close, close, volume: 1 });

  it('prepends older pages without duplicates and finds the bar a fill fell in', () => {
    const series = new BarSeries();
    series.reset([bar(300), bar(400)]);
    expect(series.prepend([bar(100), bar(200), bar(300)])).toBe(2);
    expect(series.bars.map((entry) => entry.time)).toEqual([100, 200, 300, 400]);
    expect(series.barAt(250)?.time).toBe(200);
    expect(series.barAt(50)).toBeUndefined();
  });

  it('updates the forming bar in place, appends a new one and ignores an older one', () => {
    const series = new BarSeries();
    series.reset([bar(100)]);
    expect(series.apply(bar(100, 2))).toBe('updated');
    expect(series.apply(bar(200))).toBe('added');
    expect(series.apply(bar(150))).toBe('ignored');
    expect(series.last?.time).toBe(200);
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
