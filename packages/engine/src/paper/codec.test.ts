import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType, ParentType } from '@trading-pro/contracts';
import { decodeEngineEvent, encodeEngineEvent } from './codec.ts';
import type { EngineEvent } from './records.ts';
import { T0, encodeRecord, makeEngine, quote } from './test-support.ts';

describe('engine event codec', () => {
  it('round-trips every event through JSON with bigints as strings', () => {
    const engine = makeEngine({ commission: { rate: 0.001, min: 1 } });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    const { events } = engine.placeOrder({ symbol: 'AAPL', type: OrderType.Market, side: 1, qty: 3, takeProfit: 110 }, T0);
    const json = JSON.parse(JSON.stringify(events.map(encodeEngineEvent)));
    expect(json[0].slice(0, 8)).toEqual(['o', 'O1', 1, 'AAPL', OrderType.Market, 1, '300000000', 6]);
    expect(json.map(decodeEngineEvent)).toEqual(events);
  });

  it('writes every field of every kind of record where the compact form lists it', () => {
    // Every field set, each to a value no other field has: a field written at another's place would not read back.
    const events: EngineEvent[] = [
      {
        type: 'order',
        order: {
          id: 'O7', seq: 7, clientOrderId: 'c-7', requestKey: 'k', symbol: 'AAPL', type: OrderType.StopLimit, side: -1, qty: 11n, status: OrderStatus.Rejected,
          limitPrice: 12n, stopPrice: 13n, filledQty: 14n, filledNotional: 15n, takeProfit: 16n, stopLoss: 17n, trailingStopPips: 18, parentId: 'O6',
          parentType: ParentType.Position, bracketRole: 'stopLoss', duration: 'DAY', extendedHours: true, rejectReason: 'why', rejectCode: 'RISK_LIMIT',
          commission: 19n, createTime: 20, updateTime: 21, triggered: true, activeAt: 22, expireAt: 23, reservePrice: 24n, reduceOnly: true, reverse: true, liquidation: true,
        },
      },
      { type: 'execution', execution: { id: 'E1', seq: 1, orderId: 'O7', symbol: 'AAPL', side: -1, price: 2n, qty: 3n, commission: 4n, time: 5 } },
      { type: 'position', position: { symbol: 'AAPL', qty: -6n, side: -1, avgPrice: 7n, updateTime: 8 } },
      { type: 'balance', balance: { balance: 9n, realizedPL: -10n, commissionPaid: 11n, time: 12 } },
      { type: 'leverage', leverage: { symbol: 'AAPL', leverage: 5, time: 13 } },
    ];
    for (const event of events) expect(decodeEngineEvent(JSON.parse(JSON.stringify(encodeEngineEvent(event))))).toEqual(event);
    expect((encodeEngineEvent(events[0] as EngineEvent) as unknown[]).length).toBe(34);
  });

  it('reads the object form journals were written in before the compact one', () => {
    const engine = makeEngine({ commission: { rate: 0.001, min: 1 } });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    const { events } = engine.placeOrder({ symbol: 'AAPL', type: OrderType.Limit, side: -1, qty: 2, limitPrice: 101, clientOrderId: 'c-1', duration: { type: 'DAY' } }, T0);
    const objectForm = (event: EngineEvent) => {
      const record = Object.values(event).find((value) => typeof value === 'object') as object;
      return { type: event.type, [event.type]: encodeRecord(record) };
    };
    const old = JSON.parse(JSON.stringify(events.map(objectForm)));
    expect(old[0]).toMatchObject({ type: 'order', order: { qty: '200000000', clientOrderId: 'c-1' } });
    expect(old.map(decodeEngineEvent)).toEqual(events);
    // The compact form of the same order takes well under two thirds of the bytes (its request key is most of it).
    expect(JSON.stringify(encodeEngineEvent(events[0] as EngineEvent)).length).toBeLessThan((JSON.stringify(old[0]).length * 2) / 3);
  });

  it('rejects malformed input with a reason', () => {
    expect(() => decodeEngineEvent({ type: 'nope' })).toThrow('not an engine event');
    expect(() => decodeEngineEvent({ type: 'balance', balance: { balance: 'x', realizedPL: '0', commissionPaid: '0', time: 0 } })).toThrow('balance.balance');
    expect(() => decodeEngineEvent({ type: 'position', position: { symbol: 'A' } })).toThrow('lacks qty');
    expect(() => decodeEngineEvent(['?', 'A'])).toThrow('not an engine event');
    expect(() => decodeEngineEvent(['p', 'A', null, 1, '5', 0])).toThrow('lacks qty');
    expect(() => decodeEngineEvent(['p', 'A', '1.5', 1, '5', 0])).toThrow('position.qty');
    expect(() => decodeEngineEvent(['b', '1', '0', '0', 0, 'extra'])).toThrow('balance has 5 fields, at most 4');
  });

  it('restores a fresh engine from the journal', () => {
    const engine = makeEngine();
    const journal = [...engine.onQuote(quote('AAPL', '99.99', '100.00'))];
    journal.push(...engine.placeOrder({ symbol: 'AAPL', type: OrderType.Market, side: 1, qty: 3 }, T0).events);
    journal.push(...engine.placeOrder({ symbol: 'AAPL', type: OrderType.Limit, side: 1, qty: 3, limitPrice: 90 }, T0).events);
    const restored = makeEngine();
    restored.restore(journal.map((e) => decodeEngineEvent(encodeEngineEvent(e))), [quote('AAPL', '99.99', '100.00')]);
    expect(restored.orders()).toEqual(engine.orders());
    expect(restored.account()).toEqual(engine.account());
    const next = restored.placeOrder({ symbol: 'AAPL', type: OrderType.Limit, side: 1, qty: 1, limitPrice: 90 }, T0);
    expect(next.orderId).toBe('O3'); // ids continue from the journal
    expect(restored.onQuote(quote('AAPL', '89.99', '90.00', { time: T0 + 1 })).length).toBeGreaterThan(0);
  });
});
