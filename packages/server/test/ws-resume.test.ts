/** Resume with `sinceSeq`: exactly once under activity, chunked, bounded by the replay limit. */
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, OrderType, Side } from '@trading-pro/contracts';
import { eventually, startServer, sqliteJournal, type TestServer } from './harness.ts';
import { resumeDuringBurst } from './resume-scenario.ts';
import { TestSocket } from './ws-client.ts';

const ACCOUNT = 'DEMO-001';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function trade(s: TestServer, orders: number): Promise<void> {
  const account = s.context.accounts.get(ACCOUNT);
  if (account === undefined) throw new Error('no account');
  for (let i = 0; i < orders; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, orders - i) }, (_, j) => account.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: j % 2 ? Side.Sell : Side.Buy, qty: 0.001 })));
  }
}

describe('WebSocket resume', () => {
  it('gives 30 clients resuming during a burst every event exactly once, in order', async () => {
    server = await startServer();
    await resumeDuringBurst(server, 30, 300);
  });

  it('replays a long history in chunks, then hands over to live updates without a gap', async () => {
    const s = (server = await startServer());
    await trade(s, 800); // 1,600 order events: several replay chunks
    const ws = new TestSocket(s.url);
    await ws.opened;
    const confirmed = await ws.subscribe('orders', { accountId: ACCOUNT, sinceSeq: 0 });
    const live = trade(s, 50);
    await live;
    const expected = sqliteJournal(s).readNow(ACCOUNT, 0, { routes: ['orders'] }).map((r) => r.seq);
    await eventually(() => ws.updates('orders.update').length >= expected.length, 20_000, 'replay and live');
    expect(ws.updates('orders.update').map((f) => f.payload.seq)).toEqual(expected);
    expect(confirmed.payload.seq).toBeLessThan(expected.at(-1) ?? 0);
    await ws.close();
  });

  it('answers RESYNC_REQUIRED beyond the replay limit, and replays within it', async () => {
    const s = (server = await startServer({}, { gateway: { replayLimit: 100 } }));
    await trade(s, 80);
    const seq = s.context.accounts.get(ACCOUNT)?.seq() ?? 0;
    const ws = new TestSocket(s.url);
    await ws.opened;
    const refused = await ws.subscribe('orders', { accountId: ACCOUNT, sinceSeq: 0 });
    expect(refused.payload).toMatchObject({ status: 'error', code: ErrorCode.RESYNC_REQUIRED, seq });
    const ahead = await ws.subscribe('positions', { accountId: ACCOUNT, sinceSeq: seq + 10 });
    expect(ahead.payload).toMatchObject({ status: 'error', code: ErrorCode.RESYNC_REQUIRED });
    const within = await ws.subscribe('orders', { accountId: ACCOUNT, sinceSeq: seq - 50 });
    expect(within.payload.status).toBe('ok');
    const expected = sqliteJournal(s).readNow(ACCOUNT, seq - 50, { routes: ['orders'] }).map((r) => r.seq);
    await eventually(() => ws.updates('orders.update').length === expected.length, 5_000, 'replay within the limit');
    expect(ws.updates('orders.update').map((f) => f.payload.seq)).toEqual(expected);
    await ws.close();
  });
});
