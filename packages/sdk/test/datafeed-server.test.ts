/** The SDK's market data against the real server: REST datafeed and the bars/quotes streams. */
import { TradingProClient } from '../src/index.ts';
import { datafeedConformance } from './datafeed-conformance.ts';
import { startLiveServer } from './server.ts';

datafeedConformance('real server', async () => {
  const server = await startLiveServer({ market: { source: 'simulated', seed: 3, intervalMs: 20 } });
  const client = new TradingProClient({ baseUrl: server.url });
  return {
    client,
    close: async () => {
      client.close();
      await server.close();
    },
  };
});
