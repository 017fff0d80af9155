/** A position's brackets come from its live bracket orders, and an edit sends only what the user changed. */
import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, ParentType, Side, type Order, type Position } from '@trading-pro/sdk';
import { bracketChanges, bracketForm, positionBrackets } from '../../src/lib/brackets.ts';

const position: Position = { id: 'BTCUSD', symbol: 'BTCUSD', qty: 0.01, side: Side.Buy, avgPrice: 65000, pl: 0, updateTime: 1 };
const leg = (id: string, type: OrderType, price: number): Order => ({
  id,
  symbol: 'BTCUSD',
  type,
  side: Side.Sell,
  qty: 0.01,
  status: OrderStatus.Working,
  filledQty: 0,
  commission: 0,
  createTime: 1,
  updateTime: 1,
  parentId: 'BTCUSD',
  parentType: ParentType.Position,
  ...(type === OrderType.Limit ? { limitPrice: price } : { stopPrice: price }),
});

describe('position brackets', () => {
  it('reads take-profit and stop-loss from the live bracket orders when the position carries none', () => {
    const legs = positionBrackets(position, [leg('O2', OrderType.Limit, 70000), leg('O3', OrderType.Stop, 60000)]);
    expect(legs).toEqual({ takeProfit: 70000, takeProfitOrderId: 'O2', stopLoss: 60000, stopLossOrderId: 'O3' });
  });

  it('ignores final bracket orders and other symbols', () => {
    const done = { ...leg('O2', OrderType.Limit, 70000), status: OrderStatus.Canceled };
    const other = { ...leg('O4', OrderType.Stop, 1), symbol: 'ETHUSD', parentId: 'ETHUSD' };
    expect(positionBrackets(position, [done, other])).toEqual({});
  });

  it('opens the form with both legs ticked and filled', () => {
    expect(bracketForm({ takeProfit: 70000, stopLoss: 60000 })).toEqual({ takeProfitOn: true, takeProfit: 70000, stopLossOn: true, stopLoss: 60000 });
  });
});

describe('bracket changes', () => {
  const before = { takeProfit: 70000, stopLoss: 60000 };

  it('editing the take-profit sends the take-profit only and keeps the stop-loss', () => {
    expect(bracketChanges(before, { takeProfitOn: true, takeProfit: 71000, stopLossOn: true, stopLoss: 60000 })).toEqual({ takeProfit: 71000 });
  });

  it('removes a leg only when it is unticked', () => {
    expect(bracketChanges(before, { takeProfitOn: true, takeProfit: 70000, stopLossOn: false, stopLoss: 60000 })).toEqual({ stopLoss: null });
  });

  it('never removes a leg that does not exist, and adds a new one', () => {
    expect(bracketChanges({ stopLoss: 60000 }, { takeProfitOn: false, takeProfit: null, stopLossOn: true, stopLoss: 60000 })).toEqual({});
    expect(bracketChanges({}, { takeProfitOn: true, takeProfit: 72000, stopLossOn: false, stopLoss: null })).toEqual({ takeProfit: 72000 });
  });
});
