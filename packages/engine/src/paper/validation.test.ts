import { describe, expect, it } from 'vitest';
import { isSafeText, validatePreOrder } from './validation.ts';

const order = { symbol: 'BTCUSD', type: 2, side: 1, qty: 1 } as const;

describe('order request text', () => {
  it('counts clientOrderId in code points, as the API schema does', () => {
    expect(() => validatePreOrder({ ...order, clientOrderId: '😀'.repeat(64) })).not.toThrow();
    expect(() => validatePreOrder({ ...order, clientOrderId: '😀'.repeat(65) })).toThrow(/clientOrderId/);
  });

  it('refuses control and bidirectional-override characters in ids and symbols', () => {
    for (const text of ['a\u0000b', 'a\nb', 'a\u007Fb', 'abc\u202Efed', '\u2066x\u2069', 'x\u200Fy']) expect(isSafeText(text, 64)).toBe(false);
    expect(() => validatePreOrder({ ...order, symbol: 'BTC\u202EUSD' })).toThrow(/symbol/);
    expect(isSafeText('order-42_é', 64)).toBe(true);
    expect(isSafeText('', 64)).toBe(false);
  });
});
