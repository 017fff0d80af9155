import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTopic, parseTopic } from './topic.ts';

describe('buildTopic', () => {
  it('matches the examples of CONTRACT.md byte for byte', () => {
    expect(buildTopic('orders', { accountId: 'DEMO-001' })).toBe('orders:{"accountId":"DEMO-001"}');
    expect(buildTopic('bars', { symbol: 'AAPL', resolution: '1' })).toBe('bars:{"resolution":"1","symbol":"AAPL"}');
  });

  it('drops undefined values', () => {
    expect(buildTopic('executions', { accountId: 'A', symbol: undefined })).toBe('executions:{"accountId":"A"}');
  });

  it('sorts nested keys', () => {
    expect(buildTopic('x', { b: { d: 1, c: 2 }, a: [{ z: 1, y: 2 }] })).toBe('x:{"a":[{"y":2,"z":1}],"b":{"c":2,"d":1}}');
  });

  it('never depends on key order (property)', () => {
    const params = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
    fc.assert(
      fc.property(params, fc.infiniteStream(fc.nat()), (value, rnd) => {
        const shuffled = shuffleDeep(value, rnd[Symbol.iterator]());
        expect(buildTopic('route', shuffled as Record<string, unknown>)).toBe(buildTopic('route', value));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips through parseTopic', () => {
    const topic = buildTopic('quotes', { symbol: 'BTCUSD' });
    expect(parseTopic(topic)).toEqual({ route: 'quotes', params: { symbol: 'BTCUSD' } });
  });
});

function shuffleDeep(value: unknown, rnd: Iterator<number>): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleDeep(v, rnd));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = (rnd.next().value as number) % (i + 1);
      [entries[i], entries[j]] = [entries[j] as [string, unknown], entries[i] as [string, unknown]];
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) out[k] = shuffleDeep(v, rnd);
    return out;
  }
  return value;
}
