/** The Alpaca adapter through the broker conformance suite, against the fake Alpaca on loopback. */
import { fixedToString, parseFixed } from '@trading-pro/contracts';
import type { AccountStore } from '../src/account/account-store.ts';
import { MemoryAccountStore } from '../src/account/memory-account-store.ts';
import { accountHarness, type HarnessOptions } from './conformance/account-harness.ts';
import { AlpacaBroker } from '../src/alpaca/alpaca-broker.ts';
import { parseAlpacaConfig } from '../src/alpaca/alpaca-config.ts';
import { brokerConformance } from './conformance/broker-conformance.ts';
import type { ConformanceSubject } from './conformance/venue-control.ts';
import { fastAlpacaOptions } from './fakes/alpaca-harness.ts';
import { AlpacaFakeServer } from './fakes/alpaca-fake-server.ts';

const SYMBOL = 'AAPL';

async function alpacaSubject(options: Readonly<Record<string, unknown>> = {}, account: HarnessOptions = {}): Promise<ConformanceSubject> {
  const fake = await new AlpacaFakeServer().start();
  const store = account.store ?? new MemoryAccountStore();
  return alpacaOn(fake, store, options, account);
}

async function alpacaOn(fake: AlpacaFakeServer, store: AccountStore, options: Readonly<Record<string, unknown>>, account: HarnessOptions): Promise<ConformanceSubject> {
  const harness = accountHarness({ accountId: 'ALP-1', accountName: 'Alpaca paper', ...account, store });
  const broker = new AlpacaBroker(harness.context, parseAlpacaConfig({ ...fastAlpacaOptions(fake), unknownLookupMs: 100, placingTimeoutMs: 1_500, ...options }));
  await harness.core.load(broker);
  return {
    broker,
    core: harness.core,
    events: harness.events,
    sleeps: harness.sleeps,
    close: () => fake.stop(),
    restart: () => alpacaOn(fake, store, options, account),
    venue: {
      symbol: SYMBOL,
      qty: 1,
      // Alpaca has no minimum beyond a positive quantity (fractions go down to 1e-9 shares).
      tooSmallQty: 0,
      unaffordableQty: 1_000,
      price: () => Number(fixedToString(fake.book.prices.get(SYMBOL) ?? 0n)),
      setPrice: (price) => fake.book.setPrice(SYMBOL, price.toFixed(2)),
      ordersAccepted: () => fake.book.orders.length,
      cash: () => Number(fixedToString(fake.book.cash)),
      requestCount: () => fake.requests.length,
      // Alpaca replaces an order on modify; the first state an order has is Alpaca's answer to the POST.
      supports: { modify: true, day: true, placingFirst: false, modifyReplacesId: true, short: false },
      faults: {
        withholdNextOrderResponse: () => fake.failNext('POST', '/v2/orders', 'swallow'),
        delayNextOrder: (delayMs) => fake.failNext('POST', '/v2/orders', { lateMs: delayMs }),
        // A 503 from the edge: the request never reached Alpaca's order system.
        dropNextOrderRequest: () => fake.failNext('POST', '/v2/orders', { status: 503, body: { message: 'service unavailable' } }),
        // Alpaca's 429 carries its window's end in X-RateLimit-Reset (Unix seconds), not a Retry-After.
        rateLimitNext: (retryAfterS) =>
          fake.failNext('GET', '/v2/account', {
            status: 429,
            headers: { 'x-ratelimit-limit': '200', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1_000) + retryAfterS) },
            body: { message: 'rate limit exceeded' },
          }),
        pauseStream: (paused) => {
          fake.streamPaused = paused;
        },
        dropStream: () => fake.dropStreams(),
      },
      placeExternal: (side, price) => {
        const order = fake.book.submit({ symbol: SYMBOL, qty: '1', side, type: 'limit', limit_price: price.toFixed(2), time_in_force: 'gtc', client_order_id: `web-${Date.now()}` });
        fake.book.accept(order);
      },
      // Alpaca charges no commission on equities: the fee model only splits fills.
      fillModel: ({ maxQty }) => {
        if (maxQty !== undefined) fake.book.maxFillQty = parseFixed(String(maxQty));
        return 0;
      },
    },
  };
}

brokerConformance('alpaca', alpacaSubject);
