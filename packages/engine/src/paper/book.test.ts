import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderStatus, OrderType } from '@trading-pro/contracts';
import { SortedOrders } from './book.ts';
import type { OrderRecord } from './records.ts';

function order(seq: number, price: bigint): OrderRecord {
  return {
    id: `O${seq}`,
    seq,
    symbol: 'X',
    type: OrderType.Limit,
    side: 1,
    qty: 1n,
    limitPrice: price,
    filledQty: 0n,
    status: OrderStatus.Working,
  } as unknown as OrderRecord;
}

describe('resting order book', () => {
  it('keeps price, then time priority through any inserts and removes (property)', () => {
    const op = fc.oneof(fc.record({ kind: fc.constant('add' as const), price: fc.integer({ min: 1, max: 8 }) }), fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }));
    for (const ascending of [true, false]) {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
          const book = new SortedOrders(ascending, (o) => o.limitPrice ?? 0n);
          let model: OrderRecord[] = [];
          let seq = 0;
          for (const step of ops) {
            if (step.kind === 'add') {
              const o = order(++seq, BigInt(step.price));
              book.insert(o);
              model.push(o);
            } else if (model.length > 0) {
              const victim = model[step.pick % model.length] as OrderRecord;
              expect(book.remove(victim)).toBe(true);
              model = model.filter((o) => o !== victim);
            }
            const expected = [...model].sort((a, b) => {
              const pa = a.limitPrice ?? 0n;
              const pb = b.limitPrice ?? 0n;
              if (pa !== pb) return (ascending ? pa > pb : pa < pb) ? -1 : 1;
              return a.seq - b.seq;
            });
            expect([...book].map((o) => o.id)).toEqual(expected.map((o) => o.id));
            expect(book.size).toBe(model.length);
            expect(book.best()?.id).toBe(expected[0]?.id);
          }
        }),
        { numRuns: 200 },
      );
    }
  });

  it('puts a re-inserted older order back in its time-priority place', () => {
    const book = new SortedOrders(true, (o) => o.limitPrice ?? 0n);
    const [a, b, c] = [order(1, 5n), order(2, 5n), order(3, 5n)];
    for (const o of [a, b, c]) book.insert(o);
    book.remove(a);
    book.insert(a);
    expect([...book].map((o) => o.id)).toEqual(['O1', 'O2', 'O3']);
    expect(book.remove(order(9, 5n))).toBe(false);
  });
});
