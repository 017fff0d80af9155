/** The broker and datafeed conformance suites against the offline client (the real paper engine, in process). */
import { FallbackTradingClient } from '../src/fallback/index.ts';
import { brokerConformance } from './broker-conformance.ts';
import { datafeedConformance } from './datafeed-conformance.ts';

brokerConformance('offline fallback', async () => {
  const client = new FallbackTradingClient({ tickMs: 20, seed: 7 });
  return { client, accountId: client.accountId, close: async () => client.close() };
});

datafeedConformance('offline fallback', async () => {
  const client = new FallbackTradingClient({ tickMs: 20, seed: 3 });
  return { client, close: async () => client.close() };
});
