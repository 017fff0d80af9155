import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, Side, type Execution, type Order } from '@trading-pro/contracts';
import { VenueLedger } from './venue-ledger.ts';

const order = (changes: Partial<Order> = {}): Order => ({
  id: 'O1',
  symbol: 'BTC/USDT',
  type: OrderType.Limit,
  side: Side.Buy,
  qty: 2,
  status: OrderStatus.Working,
  limitPrice: 100,
  filledQty: 0,
  commission: 0,
  createTime: 1_000,
  updateTime: 1_000,
  ...changes,
});

const fill = (id: string, qty: number, price = 100): Execution => ({ id, orderId: 'O1', symbol: 'BTC/USDT', price, qty, side: Side.Buy, time: 2_000, commission: 0 });

describe('venue ledger', () => {
  it('reports each order version and fill once, whichever channel repeats it', () => {
    const ledger = new VenueLedger();
    expect(ledger.applyOrder(order())).toHaveLength(1);
    expect(ledger.applyOrder(order())).toEqual([]);
    expect(ledger.applyExecution(fill('E1', 1))).toHaveLength(1);
    expect(ledger.applyExecution(fill('E1', 1))).toEqual([]);
    expect(ledger.applyOrder(order({ filledQty: 1, updateTime: 2_000 }))).toHaveLength(1);
  });

  it('ignores versions that regress: final back to working, an earlier update, less filled', () => {
    const ledger = new VenueLedger();
    ledger.applyOrder(order({ status: OrderStatus.Filled, filledQty: 2, updateTime: 3_000 }));
    expect(ledger.applyOrder(order({ status: OrderStatus.Working, updateTime: 4_000 }))).toEqual([]);
    expect(ledger.applyOrder(order({ status: OrderStatus.Canceled, filledQty: 2, updateTime: 2_000 }))).toEqual([]);
    expect(ledger.applyOrder(order({ status: OrderStatus.Filled, filledQty: 1, updateTime: 5_000 }))).toEqual([]);
  });

  it('keeps what only we know (the caller key, the duration) across venue snapshots', () => {
    const ledger = new VenueLedger();
    ledger.applyOrder(order({ clientOrderId: 'mine', duration: { type: 'GTC' } }));
    const [event] = ledger.applyOrder(order({ filledQty: 1, updateTime: 2_000 }));
    expect(event?.data).toMatchObject({ clientOrderId: 'mine', duration: { type: 'GTC' } });
  });

  it('infers the fill a stream lost from the order cumulative quantity, and then skips the late execution', () => {
    const ledger = new VenueLedger();
    ledger.applyExecution(fill('E1', 1, 100));
    const inferred = ledger.inferMissingFill(order({ filledQty: 2, avgPrice: 101, status: OrderStatus.Filled }), 3_000);
    expect(inferred).toEqual([{ route: 'executions', data: expect.objectContaining({ qty: 1, price: 102 }) }]);
    expect(ledger.applyExecution(fill('E2', 1, 102), 2)).toEqual([]);
  });

  it('forgets facts the journal refused, so the next report of them is journaled', () => {
    const ledger = new VenueLedger();
    const kept = ledger.applyOrder(order());
    ledger.committed(kept);
    ledger.applyOrder(order({ filledQty: 1, updateTime: 2_000 }));
    ledger.applyExecution(fill('E1', 1));
    ledger.rollback();
    expect(ledger.order('O1')).toMatchObject({ filledQty: 0 });
    expect(ledger.basis('BTC/USDT')).toBeUndefined();
    expect(ledger.applyExecution(fill('E1', 1))).toHaveLength(1);
    expect(ledger.applyOrder(order({ filledQty: 1, updateTime: 2_000 }))).toHaveLength(1);
    expect(ledger.basis('BTC/USDT')).toMatchObject({ qty: 1, avgPrice: 100 });
  });
});
