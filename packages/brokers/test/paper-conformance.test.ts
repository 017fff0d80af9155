/**
 * The paper broker through the broker conformance suite. Its "venue" is a small quote feed the test controls:
 * one crypto instrument quoted without spread, so fills happen at the price the suite sets.
 */
import { accountHarness, type HarnessOptions } from './conformance/account-harness.ts';
import { PaperBroker } from '../src/paper/paper-broker.ts';
import { parsePaperOptions } from '../src/paper/paper-options.ts';
import { BTC, ControlledFeed } from './fakes/controlled-feed.ts';
import { brokerConformance } from './conformance/broker-conformance.ts';
import type { ConformanceSubject } from './conformance/venue-control.ts';

const INITIAL_BALANCE = 100_000;

async function paperSubject(options: Readonly<Record<string, unknown>> = {}, account: HarnessOptions = {}): Promise<ConformanceSubject> {
  const feed = new ControlledFeed('50000');
  const harness = accountHarness({ accountId: 'PAPER-1', accountName: 'Paper', initialBalance: INITIAL_BALANCE, ...account });
  const { accountRefreshMs: _ignored, ...paperOptions } = options;
  const broker = new PaperBroker(harness.context, feed, parsePaperOptions({ clockIntervalMs: 50, ...paperOptions }));
  await harness.core.load(broker);
  // The engine is the venue: every order it was asked for is in the journal (Rejected ones included).
  const recorded = () => harness.events.flatMap((event) => (event.route === 'orders' ? [event.data] : [])).filter((order, i, all) => all.findIndex((o) => o.id === order.id) === i);
  return {
    broker,
    core: harness.core,
    events: harness.events,
    close: async () => undefined,
    venue: {
      symbol: BTC.symbol,
      qty: 0.01,
      tooSmallQty: 0.0001,
      unaffordableQty: 100,
      price: () => feed.price,
      setPrice: (price) => feed.setPrice(price),
      ordersAccepted: () => recorded().filter((order) => order.status !== 5).length,
      cash: () => INITIAL_BALANCE,
      // The engine is the venue: a request it received leaves an order behind.
      requestCount: () => recorded().length,
      supports: { modify: true, day: true, placingFirst: false, short: true },
    },
  };
}

brokerConformance('paper', paperSubject);
