/** Reconnect timing of the stream against a hand-written WebSocket that can never connect, on a fake clock. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { WsStreamClient, type WebSocketConstructor } from '../src/index.ts';

/** Records when each connection attempt is made and fails it right after, as a refused connection does. */
function refusingSocket(attempts: number[]): WebSocketConstructor {
  return class {
    onopen: (() => void) | null = null;
    onmessage: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onclose: (() => void) | null = null;
    readyState = 0;
    constructor() {
      attempts.push(Date.now());
      queueMicrotask(() => {
        this.readyState = 3;
        this.onerror?.();
        this.onclose?.();
      });
    }
    send(): void {}
    close(): void {}
  } as unknown as WebSocketConstructor;
}

/** The gaps between the connection attempts of a stream that can never connect, after `attempts` of them. */
async function retryGaps(randoms: readonly number[], count: number): Promise<{ gaps: number[]; state: string }> {
  const attempts: number[] = [];
  let draw = 0;
  const stream = new WsStreamClient({
    baseUrl: 'http://127.0.0.1:9',
    WebSocket: refusingSocket(attempts),
    reconnect: { initialDelayMs: 100, maxDelayMs: 400 },
    random: () => randoms[draw++ % randoms.length] ?? 0,
  });
  stream.orders('DEMO-001', () => undefined);
  for (let step = 0; step < 1_000 && attempts.length < count; step++) await vi.advanceTimersByTimeAsync(10);
  const state = stream.state;
  stream.close();
  return { gaps: attempts.slice(1, count).map((time, i) => time - (attempts[i] ?? time)), state };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

it('doubles the delay from the initial one up to the cap, each drawn from its upper half', async () => {
  // Jitter at the bottom (0 → half the delay) and top (1 → all of it) of its range, in turn.
  const { gaps, state } = await retryGaps([0, 1], 6);
  expect(gaps).toEqual([50, 200, 200, 400, 200]);
  expect(state).toBe('reconnecting');
});

it('never waits beyond the cap, and the first retry comes within the initial delay', async () => {
  const { gaps } = await retryGaps([0.999], 8);
  expect(gaps[0]).toBeLessThanOrEqual(100);
  expect(gaps[1]).toBeGreaterThan(gaps[0] ?? 0);
  expect(Math.max(...gaps)).toBeLessThanOrEqual(400);
  // From the third retry on, every delay is the cap, less at most its jitter (0.999 draws nearly all of it).
  expect(gaps.slice(2).every((gap) => gap >= 399 && gap <= 400)).toBe(true);
});
