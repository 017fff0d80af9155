/** Against Alpaca's paper environment; runs only when ALPACA_PAPER_KEY and ALPACA_PAPER_SECRET are set. */
import { describe, expect, it } from 'vitest';
import { ConnectionStatus } from '@trading-pro/contracts';
import { alpacaFactory } from '../src/alpaca/alpaca-broker.ts';
import { accountHarness } from './conformance/account-harness.ts';
import { eventually } from './conformance/eventually.ts';

const key = process.env.ALPACA_PAPER_KEY;
const secret = process.env.ALPACA_PAPER_SECRET;

describe.skipIf(!key || !secret)('Alpaca paper (live)', () => {
  it('connects, reads the account and lists orders and positions', async () => {
    const harness = accountHarness({ accountId: 'LIVE', accountName: 'Alpaca paper' });
    const broker = alpacaFactory(harness.context, { apiKey: key, secret, paper: true });
    await harness.core.load(broker);
    await broker.connect();
    try {
      expect(broker.connectionStatus().status).toBe(ConnectionStatus.Connected);
      const account = await eventually(() => (harness.core.account().value.equity > 0 ? harness.core.account().value : undefined));
      expect(account.equity).toBeGreaterThanOrEqual(0);
      expect(Array.isArray((await harness.core.orders({ limit: 100 })).value.items)).toBe(true);
      expect(Array.isArray(harness.core.positions().value)).toBe(true);
    } finally {
      await broker.disconnect();
    }
  });
});
