/** One specification of `DatafeedClient` + market streams, run against the real server and the offline fallback alike. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TradingProError, type Bar, type QuoteData, type TradingClient } from '../src/index.ts';
import { eventually } from './eventually.ts';

export interface MarketUnderTest {
  readonly client: TradingClient;
  close(): Promise<void>;
}

export function datafeedConformance(name: string, start: () => Promise<MarketUnderTest>): void {
  describe(`DatafeedClient conformance: ${name}`, () => {
    let under: MarketUnderTest;
    beforeAll(async () => {
      under = await start();
    });
    afterAll(async () => under.close());
    const datafeed = () => under.client.datafeed;

    it('reads the configuration and resolves a symbol with its trading rules', async () => {
      expect((await datafeed().config()).supported_resolutions).toContain('1D');
      expect(await datafeed().resolveSymbol('BTCUSD')).toMatchObject({ name: 'BTCUSD', tickSize: 0.01, qtyStep: 0.00001 });
    });

    it('raises typed errors for unknown symbols and bad resolutions', async () => {
      await expect(datafeed().resolveSymbol('NOPE')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
      const error = await datafeed().history({ symbol: 'BTCUSD', resolution: '7', from: 0, to: 10 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TradingProError);
      expect(error).toMatchObject({ code: 'VALIDATION_ERROR', status: 400 });
    });

    it('searches and loads history and quotes', async () => {
      expect((await datafeed().search({ query: 'eth', limit: 3 }))[0]?.symbol).toBe('ETHUSD');
      const now = Date.now();
      const history = await datafeed().history({ symbol: 'ETHUSD', resolution: '60', from: now - 3 * 86_400_000, to: now });
      expect(history.bars.length).toBeGreaterThan(24);
      const [quote, unknown] = await datafeed().quotes(['ETHUSD', 'NOPE']);
      expect(quote).toMatchObject({ s: 'ok', n: 'ETHUSD' });
      expect(unknown).toMatchObject({ s: 'error', n: 'NOPE' });
    });

    it('streams quotes and forming bars', async () => {
      const quotes: QuoteData[] = [];
      const bars: Bar[] = [];
      const stopQuotes = under.client.stream.quotes('BTCUSD', (q) => quotes.push(q));
      const stopBars = under.client.stream.bars('BTCUSD', '1', (b) => bars.push(b));
      await eventually(() => quotes.length >= 3 && bars.length >= 1, 5000, 'quotes and bars');
      expect(quotes.every((q) => q.n === 'BTCUSD')).toBe(true);
      expect(bars.at(-1)?.time ?? 0).toBeGreaterThan(0);
      stopQuotes();
      stopBars();
    });
  });
}
