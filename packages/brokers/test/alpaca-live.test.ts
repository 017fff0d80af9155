/** Against Alpaca's paper environment; runs only when ALPACA_PAPER_KEY and ALPACA_PAPER_SECRET are set. */
import { describe, expect, it } from 'vitest';
import { ConnectionStatus } from '@trading-pro/contracts';
import type { BrokerEvent } from '../src/broker.ts';
import { alpacaFactory } from '../src/alpaca/alpaca-broker.ts';

const key = process.env.ALPACA_PAPER_KEY;
const secret = process.env.ALPACA_PAPER_SECRET;

describe.skipIf(!key || !secret)('Alpaca paper (live)', () => {
  it('connects, reads the account and lists orders and positions', async () => {
    const events: BrokerEvent[] = [];
    const broker = alpacaFactory(
      { accountId: 'LIVE', accountName: 'Alpaca paper', currency: 'USD', onEvents: (e) => events.push(...e), now: Date.now },
      { apiKey: key, secret, paper: true },
    );
    await broker.connect();
    try {
      expect(broker.connectionStatus().status).toBe(ConnectionStatus.Connected);
      const account = await broker.account();
      expect(account.equity).toBeGreaterThanOrEqual(0);
      expect(Array.isArray(await broker.orders())).toBe(true);
      expect(Array.isArray(await broker.positions())).toBe(true);
    } finally {
      await broker.disconnect();
    }
  });
});
