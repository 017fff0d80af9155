/** The broker conformance suite against the real server on loopback. */
import { TradingProClient } from '../src/index.ts';
import { brokerConformance } from './broker-conformance.ts';
import { startLiveServer } from './server.ts';

brokerConformance('real server', async () => {
  const server = await startLiveServer();
  const client = new TradingProClient({ baseUrl: server.url });
  return {
    client,
    accountId: 'DEMO-001',
    close: async () => {
      client.close();
      await server.close();
    },
  };
});
