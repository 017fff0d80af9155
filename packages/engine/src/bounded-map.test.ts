import { describe, expect, it } from 'vitest';
import { trimOldest } from './bounded-map.ts';

describe('trimOldest', () => {
  it('keeps the newest entries, in order, and never fewer than the limit', () => {
    const map = new Map<number, string>();
    for (let i = 0; i < 10_000; i++) {
      map.set(i, `v${i}`);
      trimOldest(map, 1_000);
      expect(map.size).toBeGreaterThanOrEqual(Math.min(i + 1, 1_000));
      expect(map.size).toBeLessThanOrEqual(1_250);
    }
    const keys = [...map.keys()];
    expect(keys).toEqual(Array.from({ length: keys.length }, (_, k) => 10_000 - keys.length + k));
    expect(map.get(9_999)).toBe('v9999');
  });

  it('keeps a re-inserted entry as the newest', () => {
    const map = new Map<string, number>();
    for (let i = 0; i < 20; i++) map.set(`k${i}`, i);
    map.delete('k0');
    map.set('k0', 0);
    for (let i = 20; i < 40; i++) map.set(`k${i}`, i);
    trimOldest(map, 10);
    expect([...map.keys()]).toEqual(['k30', 'k31', 'k32', 'k33', 'k34', 'k35', 'k36', 'k37', 'k38', 'k39']);
  });
});
