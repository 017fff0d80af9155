/** Builds a conformance subject from a fake venue (FakeServer + VenueBook) and a broker factory. */
import { fixedToString, parseFixed } from '@trading-pro/contracts';
import type { BrokerFactory } from '../../src/broker.ts';
import { accountHarness, type HarnessOptions } from './account-harness.ts';
import { MemoryAccountStore } from '../../src/account/memory-account-store.ts';
import type { FakeResponse, FakeServer } from '../fakes/fake-server.ts';
import type { VenueBook } from '../fakes/venue-book.ts';
import type { ConformanceSubject, VenueControl } from './venue-control.ts';

export interface FakeVenue {
  readonly server: FakeServer;
  readonly book: VenueBook;
  streamPaused: boolean;
  start(): Promise<{ httpUrl: string; wsUrl: string }>;
}

export interface FakeVenueProfile {
  readonly symbol: string;
  readonly marketId: string;
  readonly quote: string;
  readonly qty: number;
  readonly tooSmallQty: number;
  readonly unaffordableQty: number;
  readonly priceDecimals: number;
  readonly supports: VenueControl['supports'];
  readonly isOrderRequest: (request: { method: string; path: string }) => boolean;
  /** Client-id lookups and reconciliation reads settle unanswered orders within this (short in tests). */
  readonly fast?: Readonly<Record<string, unknown>>;
  readonly tooManyRequests: (retryAfterS: number) => FakeResponse;
}

/** Options that keep the suite fast: short timeouts and backoffs, no ccxt throttle, no timer unless asked. */
export const FAST_OPTIONS = {
  timeoutMs: 400,
  ccxtRateLimit: false,
  maxRateLimitWaitMs: 2_000,
  backoff: { attempts: 3, initialDelayMs: 20, maxDelayMs: 100 },
  reconcileIntervalMs: 0,
  unknownLookupMs: 100,
  placingTimeoutMs: 1_500,
};

export async function fakeVenueSubject<F extends FakeVenue>(
  factory: BrokerFactory,
  fake: F,
  profile: FakeVenueProfile,
  options: Readonly<Record<string, unknown>>,
  account: HarnessOptions = {},
): Promise<ConformanceSubject & { fake: F }> {
  const { httpUrl, wsUrl } = await fake.start();
  const store = account.store ?? new MemoryAccountStore();
  const build = async (): Promise<ConformanceSubject & { fake: F }> => {
    const harness = accountHarness({ accountId: 'ACC-1', accountName: 'Fake venue', ...account, store });
    const broker = factory(harness.context, { baseUrl: httpUrl, wsUrl, ...FAST_OPTIONS, ...profile.fast, ...options });
    await harness.core.load(broker);
    return { fake, broker, core: harness.core, events: harness.events, sleeps: harness.sleeps, close: () => fake.server.close(), restart: build, venue: fakeVenueControl(fake, profile) };
  };
  return build();
}

function fakeVenueControl(fake: FakeVenue, profile: FakeVenueProfile): VenueControl {
  const market = fake.book.market(profile.marketId);
  return {
    symbol: profile.symbol,
    qty: profile.qty,
    tooSmallQty: profile.tooSmallQty,
    unaffordableQty: profile.unaffordableQty,
    price: () => Number(fixedToString(fake.book.prices.get(profile.marketId) ?? 0n)),
    setPrice: (price) => fake.book.setPrice(profile.marketId, fixedToString(parseFixed(price.toFixed(profile.priceDecimals))), Date.now()),
    ordersAccepted: () => fake.book.orders.length,
    cash: () => Number(fixedToString(fake.book.balance(profile.quote))),
    requestCount: () => fake.server.log.length,
    supports: profile.supports,
    faults: {
      withholdNextOrderResponse: () => fake.server.inject(profile.isOrderRequest, { kind: 'withhold' }),
      dropNextOrderRequest: () => fake.server.inject(profile.isOrderRequest, { kind: 'drop' }),
      delayNextOrder: (delayMs) => fake.server.inject(profile.isOrderRequest, { kind: 'late', delayMs }),
      // Made when it is sent: a venue that names the time its limit resets (Bybit) counts from its answer, not from now.
      rateLimitNext: (retryAfterS) => fake.server.inject(() => true, { kind: 'status', response: () => profile.tooManyRequests(retryAfterS) }),
      pauseStream: (paused) => {
        fake.streamPaused = paused;
      },
      dropStream: () => fake.server.dropSockets(),
    },
    placeExternal: (side, price) => {
      if (market === undefined) throw new Error(`the fake has no market ${profile.marketId}`);
      const qty = fixedToString(parseFixed(String(profile.qty)));
      fake.book.place({ market, side, type: 'limit', qty, price: fixedToString(parseFixed(price.toFixed(profile.priceDecimals))), clientOrderId: `web${Date.now()}` }, Date.now());
    },
    fillModel: ({ maxQty, feeRate }) => {
      if (maxQty !== undefined) fake.book.maxFillQty = parseFixed(String(maxQty));
      if (feeRate !== undefined) fake.book.feeRate = parseFixed(String(feeRate));
      return feeRate ?? 0;
    },
  };
}
