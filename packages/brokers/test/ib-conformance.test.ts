/** The Interactive Brokers adapter through the broker conformance suite, against the fake TWS on loopback. */
import type { BrokerEvent } from '../src/broker.ts';
import { IbBroker } from '../src/ib/ib-broker.ts';
import { parseIbConfig } from '../src/ib/ib-config.ts';
import { brokerConformance } from './conformance/broker-conformance.ts';
import type { ConformanceSubject } from './conformance/venue-control.ts';
import { IbFakeTws } from './fakes/ib-fake-tws.ts';

const SYMBOL = 'AAPL';

async function ibSubject(options: Readonly<Record<string, unknown>> = {}): Promise<ConformanceSubject> {
  const tws = await new IbFakeTws().start();
  const events: BrokerEvent[] = [];
  const broker = new IbBroker(
    { accountId: 'IB-1', accountName: 'IB paper', currency: 'USD', onEvents: (batch) => events.push(...batch), now: Date.now },
    parseIbConfig({ host: '127.0.0.1', port: tws.port, clientId: 11, connectTimeoutMs: 1_000, requestTimeoutMs: 1_000, reconnectMinMs: 30, reconnectMaxMs: 200, ...options }),
  );
  return {
    broker,
    events,
    close: () => tws.stop(),
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
      supports: { modify: true, day: true },
    },
  };
}

brokerConformance('ib', ibSubject);
