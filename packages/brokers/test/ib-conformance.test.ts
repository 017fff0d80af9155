/** The Interactive Brokers adapter through the broker conformance suite, against the fake TWS on loopback. */
import { accountHarness, type HarnessOptions } from './conformance/account-harness.ts';
import type { AccountStore } from '../src/account/account-store.ts';
import { MemoryAccountStore } from '../src/account/memory-account-store.ts';
import { IbBroker } from '../src/ib/ib-broker.ts';
import { parseIbConfig } from '../src/ib/ib-config.ts';
import { brokerConformance } from './conformance/broker-conformance.ts';
import type { ConformanceSubject } from './conformance/venue-control.ts';
import { IbFakeTws } from './fakes/ib-fake-tws.ts';

const SYMBOL = 'AAPL';

async function ibSubject(options: Readonly<Record<string, unknown>> = {}, account: HarnessOptions = {}): Promise<ConformanceSubject> {
  const tws = await new IbFakeTws().start();
  return ibOn(tws, account.store ?? new MemoryAccountStore(), options, account);
}

async function ibOn(tws: IbFakeTws, store: AccountStore, options: Readonly<Record<string, unknown>>, account: HarnessOptions): Promise<ConformanceSubject> {
  const harness = accountHarness({ accountId: 'IB-1', accountName: 'IB paper', ...account, store });
  const broker = new IbBroker(
    harness.context,
    parseIbConfig({
      host: '127.0.0.1',
      port: tws.port,
      clientId: 11,
      connectTimeoutMs: 1_000,
      requestTimeoutMs: 400,
      reconnectMinMs: 30,
      reconnectMaxMs: 200,
      unknownLookupMs: 100,
      placingTimeoutMs: 1_500,
      ...options,
    }),
  );
  await harness.core.load(broker);
  return {
    broker,
    core: harness.core,
    events: harness.events,
    close: async () => {
      await tws.stop();
      // Every message the fake sent decoded to its last field at the negotiated server version.
      const unreadable = broker.unreadableMessages();
      if (unreadable.length > 0) throw new Error(`TWS messages the adapter could not read: ${unreadable.join('; ')}`);
    },
    restart: () => ibOn(tws, store, options, account),
    venue: {
      symbol: SYMBOL,
      qty: 5,
      tooSmallQty: 0,
      unaffordableQty: 10_000,
      price: () => tws.prices.get(SYMBOL) ?? 0,
      setPrice: (price) => tws.setPrice(SYMBOL, price),
      ordersAccepted: () => tws.orders.size,
      cash: () => tws.cash,
      // A Reg T margin account: IB reports four times the cash as buying power.
      buyingPower: () => tws.cash * 4,
      requestCount: () => tws.received.length,
      supports: { modify: true, day: true, short: true, feesOnOrder: true, cancelExternal: false },
      // TWS has no request rate answer to inject (IB paces messages instead: see ib-pacer.test.ts).
      faults: {
        withholdNextOrderResponse: () => tws.delayNextOrder(600),
        dropNextOrderRequest: () => tws.dropNextOrder(),
        delayNextOrder: (delayMs) => tws.delayNextOrder(delayMs),
        pauseStream: (paused) => {
          tws.pushesPaused = paused;
        },
        dropStream: () => tws.dropClients(),
      },
      placeExternal: (side, price) => tws.placeManualOrder(SYMBOL, side === 'buy' ? 'BUY' : 'SELL', 5, price),
      fillModel: ({ maxQty, feeRate }) => {
        tws.maxFillQty = maxQty;
        tws.feeRate = feeRate;
        return feeRate ?? 0;
      },
    },
  };
}

brokerConformance('ib', ibSubject);
