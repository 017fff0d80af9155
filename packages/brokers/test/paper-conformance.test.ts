/**
 * The paper broker through the broker conformance suite. Its "venue" is a small quote feed the test controls:
 * one crypto instrument quoted without spread, so fills happen at the price the suite sets.
 */
import { fixedToString, parseFixed } from '@trading-pro/contracts';
import { catalogOf, type Instrument, type MarketQuote } from '@trading-pro/engine';
import { accountHarness, type HarnessOptions } from './conformance/account-harness.ts';
import { PaperBroker } from '../src/paper/paper-broker.ts';
import { parsePaperOptions } from '../src/paper/paper-options.ts';
import type { QuoteFeed } from '../src/paper/quote-feed.ts';
import { brokerConformance } from './conformance/broker-conformance.ts';
import type { ConformanceSubject } from './conformance/venue-control.ts';

const INITIAL_BALANCE = 100_000;

const BTC: Instrument = {
  symbol: 'BTCUSD',
  description: 'Bitcoin',
  type: 'crypto',
  exchange: 'SIM',
  currency: 'USD',
  tickSize: parseFixed('0.01'),
  lotStep: parseFixed('0.001'),
  minQty: parseFixed('0.001'),
  session: { spec: '24x7', timezone: 'Etc/UTC' },
  maxLeverage: 10,
  defaultLeverage: 1,
};

/** A quote feed whose one price the test sets; every change is pushed to subscribers at once. */
class ControlledFeed implements QuoteFeed {
  readonly #listeners = new Set<(quote: MarketQuote) => void>();
  #quote: MarketQuote;

  constructor(price: string) {
    this.#quote = quoteAt(price);
  }

  instruments() {
    return catalogOf([BTC]);
  }

  quote(symbol: string): MarketQuote | undefined {
    return symbol === BTC.symbol ? this.#quote : undefined;
  }

  subscribe(listener: (quote: MarketQuote) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get price(): number {
    return Number(fixedToString(this.#quote.last));
  }

  setPrice(price: number): void {
    this.#quote = quoteAt(price.toFixed(2));
    for (const listener of this.#listeners) listener(this.#quote);
  }
}

function quoteAt(price: string): MarketQuote {
  const value = parseFixed(price);
  return { symbol: BTC.symbol, time: Date.now(), bid: value, ask: value, last: value, bidSize: parseFixed('1000'), askSize: parseFixed('1000'), volume: 0n };
}

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
      supports: { modify: true, day: true, placingFirst: false },
    },
  };
}

brokerConformance('paper', paperSubject);
