/**
 * Many clients resume their `orders` subscription with `sinceSeq` while the account trades: each drops its
 * connection twice mid-burst and resubscribes from the last seq it saw. Every client must end up with every
 * event of the topic exactly once, in order.
 */
import { expect } from 'vitest';
import { OrderType, Side } from '@trading-pro/contracts';
import { eventually, sqliteJournal, type TestServer } from './harness.ts';
import { TestSocket } from './ws-client.ts';

const ACCOUNT = 'DEMO-001';

export async function resumeDuringBurst(server: TestServer, clients: number, orders: number): Promise<void> {
  const account = server.context.accounts.get(ACCOUNT);
  if (account === undefined) throw new Error('no account');
  const start = account.seq();
  const seen: number[][] = Array.from({ length: clients }, () => []);
  const sockets: TestSocket[] = [];

  const connect = async (i: number, sinceSeq?: number): Promise<TestSocket> => {
    const socket = new TestSocket(server.url);
    sockets.push(socket);
    await socket.opened;
    socket.socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; payload: { seq?: number } };
      if (frame.type === 'orders.update' && frame.payload.seq !== undefined) seen[i]?.push(frame.payload.seq);
    });
    const response = await socket.subscribe('orders', { accountId: ACCOUNT, ...(sinceSeq === undefined ? {} : { sinceSeq }) });
    expect(response.payload.status).toBe('ok');
    return socket;
  };

  const first = await Promise.all(Array.from({ length: clients }, (_, i) => connect(i, start)));
  let placed = 0;
  const burst = (async () => {
    while (placed < orders) {
      const batch = Math.min(25, orders - placed);
      placed += batch;
      await Promise.all(Array.from({ length: batch }, (_, j) => account.placeOrder({ symbol: 'BTCUSD', type: OrderType.Market, side: j % 2 ? Side.Sell : Side.Buy, qty: 0.001 })));
    }
  })();
  // Each client drops its connection twice while the burst goes on, resuming from the last seq it saw.
  await Promise.all(
    first.map(async (socket, i) => {
      let current = socket;
      for (const share of [0.3, 0.6]) {
        await eventually(() => placed >= orders * share || undefined, 30_000, 'burst progress');
        current.socket.terminate();
        const last = seen[i]?.at(-1) ?? start;
        current = await connect(i, last);
      }
    }),
  );
  await burst;
  const expected = sqliteJournal(server).readNow(ACCOUNT, start, { routes: ['orders'] }).map((r) => r.seq);
  expect(expected.length).toBeGreaterThanOrEqual(orders);
  await eventually(() => seen.every((list) => list.length >= expected.length), 60_000, 'every client caught up');
  for (const list of seen) expect(list).toEqual(expected);
  await Promise.all(sockets.map((socket) => socket.close()));
}
