/** Live checks against the venues' testnets; skipped unless the credential variables are set. */
import { describe, expect, it } from 'vitest';
import { ConnectionStatus, OrderStatus, OrderType, Side } from '@trading-pro/contracts';
import type { BrokerFactory } from '../src/broker.ts';
import { binanceFactory } from '../src/binance/binance-venue.ts';
import { bybitFactory } from '../src/bybit/bybit-venue.ts';
import { okxFactory } from '../src/okx/okx-venue.ts';
import { accountHarness } from './conformance/account-harness.ts';

const venues: { name: string; factory: BrokerFactory; env: Record<string, string | undefined> }[] = [
  { name: 'binance', factory: binanceFactory, env: { apiKey: process.env['BINANCE_TESTNET_API_KEY'], secret: process.env['BINANCE_TESTNET_SECRET'] } },
  { name: 'bybit', factory: bybitFactory, env: { apiKey: process.env['BYBIT_TESTNET_API_KEY'], secret: process.env['BYBIT_TESTNET_SECRET'] } },
  {
    name: 'okx',
    factory: okxFactory,
    env: { apiKey: process.env['OKX_TESTNET_API_KEY'], secret: process.env['OKX_TESTNET_SECRET'], password: process.env['OKX_TESTNET_PASSPHRASE'] },
  },
];

for (const venue of venues) {
  const configured = Object.values(venue.env).every((value) => value !== undefined && value !== '');
  describe.skipIf(!configured)(`${venue.name} testnet`, () => {
    it('connects, reads the account, and places then cancels a far limit order', async () => {
      const harness = accountHarness({ accountId: 'LIVE', accountName: 'Live' });
      const broker = venue.factory(harness.context, { ...venue.env, testnet: true, reconcileIntervalMs: 0 });
      await harness.core.load(broker);
      await broker.connect();
      try {
        expect(broker.connectionStatus().status).toBe(ConnectionStatus.Connected);
        expect(harness.core.account().value.balance).toBeGreaterThanOrEqual(0);
        const placed = await harness.core.placeOrder({ symbol: 'BTC/USDT', type: OrderType.Limit, side: Side.Buy, qty: 0.001, limitPrice: 10_000 });
        expect(placed.rejection).toBeUndefined();
        await harness.core.cancelOrder(placed.orderId);
        expect((await harness.core.order(placed.orderId)).value.status).toBe(OrderStatus.Canceled);
      } finally {
        await broker.disconnect();
      }
    });
  });
}
