import { describe, expect, it } from 'vitest';
import { IbPacer } from './ib-pacer.ts';

describe('ib pacing (rate limit)', () => {
  it('sends at most 50 messages per second, in order, waiting on the clock for the rest', async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = new IbPacer({ perSecond: 50, now: () => now, sleep: async (ms) => { waits.push(ms); now += ms; } });
    const sent: { index: number; at: number }[] = [];
    await Promise.all(Array.from({ length: 120 }, (_, index) => pacer.send(() => sent.push({ index, at: now }))));
    expect(sent.map((entry) => entry.index)).toEqual(Array.from({ length: 120 }, (_, index) => index));
    for (let i = 50; i < sent.length; i++) expect((sent[i]?.at ?? 0) - (sent[i - 50]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(sent.at(-1)?.at).toBe(2_000);
    expect(waits.length).toBeGreaterThan(0);
  });

  it('sends at once while under the limit', async () => {
    let now = 0;
    const pacer = new IbPacer({ perSecond: 50, now: () => now, sleep: async (ms) => { now += ms; } });
    for (let i = 0; i < 50; i++) await pacer.send(() => undefined);
    expect(now).toBe(0);
  });

  it('keeps the queue going when a send throws', async () => {
    const pacer = new IbPacer({ perSecond: 50 });
    await expect(pacer.send(() => { throw new Error('socket closed'); })).rejects.toThrow('socket closed');
    let ran = false;
    await pacer.send(() => { ran = true; });
    expect(ran).toBe(true);
  });
});
