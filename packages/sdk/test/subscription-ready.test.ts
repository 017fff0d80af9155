/** `ready` on a stream method's unsubscribe: settled by the server's answer, or by the listener leaving first. */
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, TradingProClient, TradingProError, topicOf, type QuoteData } from '../src/index.ts';
import { FallbackTradingClient } from '../src/fallback/index.ts';
import { eventually, rejection } from './eventually.ts';
import { startLiveServer, type LiveServer } from './server.ts';

const ACCOUNT = 'DEMO-001';
let server: LiveServer | undefined;
let clients: { close(): void }[] = [];

async function connect(): Promise<TradingProClient> {
  server = await startLiveServer();
  const client = new TradingProClient({ baseUrl: server.url });
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients) client.close();
  clients = [];
  await server?.close();
  server = undefined;
});

describe('Subscription.ready', () => {
  it('resolves once the server holds the subscription', async () => {
    const client = await connect();
    const stop = client.stream.orders(ACCOUNT, () => undefined);
    await stop.ready;
    expect(server?.current.gateway.activeTopics().get(topicOf('orders', { accountId: ACCOUNT }))).toBe(1);
    expect(client.stream.state).toBe('connected');
  });

  it('resolves for a further listener of a topic the server already confirmed', async () => {
    const client = await connect();
    await client.stream.equity(ACCOUNT, () => undefined).ready;
    await client.stream.equity(ACCOUNT, () => undefined).ready;
    expect(server?.current.gateway.activeTopics().get(topicOf('equity', { accountId: ACCOUNT }))).toBe(1);
  });

  it('rejects with the server code when the subscription is refused', async () => {
    const client = await connect();
    const stop = client.stream.positions('SOMEONE-ELSE', () => undefined);
    const error = await rejection(stop.ready);
    expect(error).toBeInstanceOf(TradingProError);
    expect(error).toMatchObject({ code: ErrorCode.FORBIDDEN });
  });

  it('does not leave an unobserved refusal as an unhandled rejection', async () => {
    const client = await connect();
    const errors: string[] = [];
    client.stream.onError((error) => errors.push(error.code));
    client.stream.orders('SOMEONE-ELSE', () => undefined);
    await eventually(() => errors.includes('SUBSCRIBE_FAILED'), 5000, 'refusal');
  });

  it('resolves when the listener leaves, or the stream closes, before any answer', async () => {
    const client = await connect();
    const left = client.stream.orders(ACCOUNT, () => undefined);
    left();
    await left.ready;
    const closed = client.stream.executions(ACCOUNT, () => undefined);
    client.close();
    await closed.ready;
  });

  it('is ready at once offline, and the first quote follows', async () => {
    const client = new FallbackTradingClient({ tickMs: 0, seed: 1 });
    clients.push(client);
    const quotes: QuoteData[] = [];
    const stop = client.stream.quotes('BTCUSD', (quote) => quotes.push(quote));
    await stop.ready;
    await eventually(() => quotes.length > 0, 5000, 'first quote');
    stop();
  });
});
