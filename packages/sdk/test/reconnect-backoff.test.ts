/** Reconnect timing of the stream against a hand-written WebSocket that can never connect. */
import { expect, it } from 'vitest';
import { WsStreamClient, type WebSocketConstructor } from '../src/index.ts';
import { eventually } from './eventually.ts';

/** Records when each connection attempt is made and fails it on the next turn, as a refused connection does. */
function refusingSocket(attempts: number[]): WebSocketConstructor {
  return class {
    onopen: (() => void) | null = null;
    onmessage: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onclose: (() => void) | null = null;
    readyState = 0;
    constructor() {
      attempts.push(Date.now());
      setTimeout(() => {
        this.readyState = 3;
        this.onerror?.();
        this.onclose?.();
      }, 0);
    }
    send(): void {}
    close(): void {}
  } as unknown as WebSocketConstructor;
}

it('retries with exponential backoff and jitter: the first retry under a second, never beyond the cap', async () => {
  const attempts: number[] = [];
  const stream = new WsStreamClient({ baseUrl: 'http://127.0.0.1:9', WebSocket: refusingSocket(attempts), reconnect: { initialDelayMs: 100, maxDelayMs: 400 }, random: () => 0.999 });
  stream.orders('DEMO-001', () => undefined);
  await eventually(() => attempts.length >= 6, 5000, 'six attempts');
  stream.close();
  const gaps = attempts.slice(1).map((time, i) => time - (attempts[i] ?? time));
  expect(gaps[0]).toBeLessThan(1000);
  // 100, 200, 400, then capped at 400 (each between half and all of it with jitter).
  expect(gaps[1]).toBeGreaterThan(gaps[0] ?? 0);
  expect(Math.max(...gaps)).toBeLessThan(400 + 100);
  expect(stream.state).toBe('disconnected');
});
