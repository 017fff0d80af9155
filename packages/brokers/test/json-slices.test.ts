import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonList } from '@trading-pro/engine';
import { stringifyInSlices } from '../src/account/json-slices.ts';

const immediately = () => Promise.resolve();

describe('stringifyInSlices', () => {
  it('gives the text JSON.stringify gives, for any value, whatever the slice', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.anything({ withSparseArray: true, withNullPrototype: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, maxDepth: 4 }),
        fc.integer({ min: 1, max: 4 }),
        async (value, sliceItems) => {
          const expected = JSON.stringify(value) as string | undefined;
          if (expected === undefined) await expect(stringifyInSlices(value, { sliceItems, pause: immediately })).rejects.toThrow('no JSON form');
          else expect(await stringifyInSlices(value, { sliceItems, pause: immediately })).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pauses between the slices of a long list, and encodes a JsonList a slice at a time', async () => {
    const encoded: number[] = [];
    const pauses: number[] = [];
    const orders = Array.from({ length: 10 }, (_, i) => ({ id: i, qty: 10n * BigInt(i) }));
    const value = { v: 2, orders: new JsonList(orders, (order) => (encoded.push(order.id), [order.id, order.qty.toString()])), small: [1, 2] };
    const text = await stringifyInSlices(value, { sliceItems: 4, pause: async () => void pauses.push(encoded.length) });
    expect(JSON.parse(text)).toEqual({ v: 2, orders: orders.map((order) => [order.id, order.qty.toString()]), small: [1, 2] });
    expect(text).toBe(JSON.stringify(value));
    // Two pauses (after items 4 and 8), each after its slice was encoded and before the next one was.
    expect(pauses).toEqual([4, 8]);
  });

  it('lets the event loop run between slices', async () => {
    let other = false;
    setImmediate(() => (other = true));
    const otherRanFirst = await stringifyInSlices(Array.from({ length: 5_000 }, (_, i) => ({ i })), { sliceItems: 500 }).then(() => other);
    expect(otherRanFirst).toBe(true);
  });

  it('fails as JSON.stringify does on a bigint', async () => {
    await expect(stringifyInSlices({ a: [1n] })).rejects.toThrow(TypeError);
  });
});
