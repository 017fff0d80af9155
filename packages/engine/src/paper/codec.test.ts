import { describe, expect, it } from 'vitest';
import { OrderType } from '@trading-pro/contracts';
import { decodeEngineEvent, encodeEngineEvent } from './codec.ts';
import { T0, makeEngine, quote } from './test-support.ts';

describe('engine event codec', () => {
  it('round-trips every event through JSON with bigints as strings', () => {
    const engine = makeEngine({ commission: { rate: 0.001, min: 1 } });
    engine.onQuote(quote('AAPL', '99.99', '100.00'));
    const { events } = engine.placeOrder({ symbol: 'AAPL', type: OrderType.Market, side: 1, qty: 3, takeProfit: 110 }, T0);
    const json = JSON.parse(JSON.stringify(events.map(encodeEngineEvent)));
    expect(json[0]).toMatchObject({ type: 'order', order: { qty: '300000000', status: 6 } });
    expect(json.map(decodeEngineEvent)).toEqual(events);
  });

  it('rejects malformed input with a reason', () => {
    expect(() => decodeEngineEvent({ type: 'nope' })).toThrow('not an engine event');
    expect(() => decodeEngineEvent({ type: 'balance', balance: { balance: 'x', realizedPL: '0', commissionPaid: '0', time: 0 } })).toThrow('balance.balance');
    expect(() => decodeEngineEvent({ type: 'position', position: { symbol: 'A' } })).toThrow('lacks qty');
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
