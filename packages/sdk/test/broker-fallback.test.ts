/** The broker conformance suite against the offline fallback simulation. */
import { FallbackTradingClient } from '../src/index.ts';
import { brokerConformance } from './broker-conformance.ts';

brokerConformance('offline fallback', async () => {
  const client = new FallbackTradingClient({ tickMs: 20, seed: 7 });
  return { client, accountId: client.accountId, close: async () => client.close() };
});
