/** The SDK's market data against the real server: REST datafeed and the bars/quotes streams. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TradingProClient, TradingProError, type Bar, type QuoteData } from '../src/index.ts';
import { eventually, startLiveServer, type LiveServer } from './server.ts';

let server: LiveServer;
let client: TradingProClient;
beforeAll(async () => {
  server = await startLiveServer({ market: { source: 'simulated', seed: 3, intervalMs: 20 } });
  client = new TradingProClient({ baseUrl: server.url });
});
afterAll(async () => {
  client.close();
  await server.close();
});

describe('datafeed client', () => {
  it('reads the configuration and resolves a symbol with its trading rules', async () => {
    expect((await client.datafeed.config()).supported_resolutions).toContain('1D');
    expect(await client.datafeed.resolveSymbol('BTCUSD')).toMatchObject({ name: 'BTCUSD', tickSize: 0.01, qtyStep: 0.00001 });
  });

  it('raises typed errors for unknown symbols and bad resolutions', async () => {
    await expect(client.datafeed.resolveSymbol('NOPE')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const error = await client.datafeed.history({ symbol: 'BTCUSD', resolution: '7', from: 0, to: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TradingProError);
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', status: 400 });
  });

  it('searches and loads history and quotes', async () => {
    expect((await client.datafeed.search({ query: 'eth', limit: 3 }))[0]?.symbol).toBe('ETHUSD');
    const now = Date.now();
    const history = await client.datafeed.history({ symbol: 'ETHUSD', resolution: '60', from: now - 3 * 86_400_000, to: now });
    expect(history.bars.length).toBeGreaterThan(24);
    const [quote] = await client.datafeed.quotes(['ETHUSD']);
    expect(quote?.s).toBe('ok');
  });

  it('streams quotes and forming bars', async () => {
    const quotes: QuoteData[] = [];
    const bars: Bar[] = [];
    const stopQuotes = client.stream.quotes('BTCUSD', (q) => quotes.push(q));
    const stopBars = client.stream.bars('BTCUSD', '1', (b) => bars.push(b));
    await eventually(() => quotes.length >= 3 && bars.length >= 1, 5000, 'quotes and bars');
    expect(quotes.every((q) => q.n === 'BTCUSD')).toBe(true);
    expect(bars.at(-1)?.time ?? 0).toBeGreaterThan(0);
    stopQuotes();
    stopBars();
  });
});
