/**
 * Live smoke tests against each venue's testnet or paper account, skipped unless that venue's variables are set
 * (one command per venue in docs/brokers.md). Safe by construction: the only order is a small buy limit 20% under
 * the last price (inside the venues' price bands, far from filling), canceled at once and checked canceled; every
 * order the case placed is canceled again in `finally`, whatever happened.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionStatus, OrderStatus, OrderType, Side, isFinalStatus } from '@trading-pro/contracts';
import type { Broker, BrokerFactory } from '../src/broker.ts';
import type { AccountCore } from '../src/account/account-core.ts';
import type { CcxtBroker } from '../src/ccxt/ccxt-broker.ts';
import { accountHarness } from './conformance/account-harness.ts';
import { eventually } from './conformance/eventually.ts';

const env = (name: string): string | undefined => (process.env[name] === '' ? undefined : process.env[name]);

interface LiveVenue {
  readonly name: string;
  /** Loaded only when the venue is configured (the adapters' libraries are large). */
  readonly factory: () => Promise<BrokerFactory>;
  /** Adapter options; undefined entries mean the venue is not configured and its case is skipped. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly required: readonly (string | undefined)[];
  readonly symbol: string;
  /** A far buy limit (price and quantity) from the venue's own last price and minimums. */
  farBuy(broker: Broker): Promise<{ price: number; qty: number }>;
}

/** 20% under the last price, rounded by the adapter; the smallest quantity worth the market's minimum value. */
async function ccxtFarBuy(broker: Broker, symbol: string): Promise<{ price: number; qty: number }> {
  const { marketOf } = await import('../src/ccxt/market-rules.ts');
  const client = (broker as CcxtBroker).client;
  const ticker = await client.read((exchange) => exchange.fetchTicker(symbol));
  const last = ticker.last ?? ticker.close ?? 0;
  if (!(last > 0)) throw new Error(`no last price for ${symbol}`);
  const market = marketOf(client.exchange, symbol);
  const price = last * 0.8;
  const minValue = Math.max(market?.limits.cost?.min ?? 0, 10) * 1.2;
  const qty = Math.max(market?.limits.amount?.min ?? 0, minValue / price);
  return { price, qty };
}

const venues: LiveVenue[] = [
  {
    name: 'binance',
    factory: async () => (await import('../src/binance/binance-venue.ts')).binanceFactory,
    options: { apiKey: env('BINANCE_TESTNET_API_KEY'), secret: env('BINANCE_TESTNET_SECRET'), testnet: true },
    required: [env('BINANCE_TESTNET_API_KEY'), env('BINANCE_TESTNET_SECRET')],
    symbol: 'BTC/USDT',
    farBuy: (broker) => ccxtFarBuy(broker, 'BTC/USDT'),
  },
  {
    name: 'bybit',
    factory: async () => (await import('../src/bybit/bybit-venue.ts')).bybitFactory,
    options: { apiKey: env('BYBIT_TESTNET_API_KEY'), secret: env('BYBIT_TESTNET_SECRET'), testnet: true },
    required: [env('BYBIT_TESTNET_API_KEY'), env('BYBIT_TESTNET_SECRET')],
    symbol: 'BTC/USDT',
    farBuy: (broker) => ccxtFarBuy(broker, 'BTC/USDT'),
  },
  {
    name: 'okx',
    factory: async () => (await import('../src/okx/okx-venue.ts')).okxFactory,
    options: { apiKey: env('OKX_TESTNET_API_KEY'), secret: env('OKX_TESTNET_SECRET'), password: env('OKX_TESTNET_PASSPHRASE'), testnet: true },
    required: [env('OKX_TESTNET_API_KEY'), env('OKX_TESTNET_SECRET'), env('OKX_TESTNET_PASSPHRASE')],
    symbol: 'BTC/USDT',
    farBuy: (broker) => ccxtFarBuy(broker, 'BTC/USDT'),
  },
  {
    // Kraken has no spot testnet: this runs on the real account, and only with KRAKEN_LIVE_SMOKE=1 on top of the keys.
    name: 'kraken',
    factory: async () => (await import('../src/kraken/kraken-venue.ts')).krakenFactory,
    options: { apiKey: env('KRAKEN_API_KEY'), secret: env('KRAKEN_SECRET'), quote: 'USD' },
    required: [env('KRAKEN_API_KEY'), env('KRAKEN_SECRET'), env('KRAKEN_LIVE_SMOKE') === '1' ? '1' : undefined],
    symbol: 'BTC/USD',
    farBuy: (broker) => ccxtFarBuy(broker, 'BTC/USD'),
  },
  {
    name: 'alpaca',
    factory: async () => (await import('../src/alpaca/alpaca-broker.ts')).alpacaFactory,
    options: { apiKey: env('ALPACA_PAPER_KEY'), secret: env('ALPACA_PAPER_SECRET'), paper: true },
    required: [env('ALPACA_PAPER_KEY'), env('ALPACA_PAPER_SECRET')],
    symbol: 'AAPL',
    // No market data through the trading API: a one-dollar GTC bid for one share cannot fill.
    farBuy: () => Promise.resolve({ price: 1, qty: 1 }),
  },
  {
    name: 'ib',
    factory: async () => (await import('../src/ib/ib-broker.ts')).ibFactory,
    options: { host: env('IB_PAPER_HOST') ?? '127.0.0.1', port: Number(env('IB_PAPER_PORT') ?? 0), clientId: Number(env('IB_PAPER_CLIENT_ID') ?? 91), account: env('IB_PAPER_ACCOUNT') },
    required: [env('IB_PAPER_PORT'), env('IB_PAPER_ACCOUNT')?.startsWith('DU') === true ? '1' : undefined],
    symbol: 'AAPL',
    farBuy: () => Promise.resolve({ price: 1, qty: 1 }),
  },
];

async function cancelEverything(core: AccountCore, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const order = await core.order(id).catch(() => undefined);
    if (order !== undefined && !isFinalStatus(order.value.status)) await core.cancelOrder(id).catch(() => undefined);
  }
}

for (const venue of venues) {
  const configured = venue.required.every((value) => value !== undefined);
  describe.skipIf(!configured)(`${venue.name} live smoke`, () => {
    it(`${venue.name}: connects, reads the account, places a far buy limit, cancels it and sees it canceled`, async () => {
      const harness = accountHarness({ accountId: 'LIVE', accountName: `${venue.name} live smoke`, realSleep: true });
      const options = Object.fromEntries(Object.entries(venue.options).filter(([, value]) => value !== undefined));
      const broker = (await venue.factory())(harness.context, { ...options, reconcileIntervalMs: 0 });
      await harness.core.load(broker);
      await broker.connect();
      const placed: string[] = [];
      try {
        expect(broker.connectionStatus().status).toBe(ConnectionStatus.Connected);
        await eventually(() => harness.core.account().value.equity >= 0, 10_000);
        const { price, qty } = await venue.farBuy(broker);
        const result = await harness.core.placeOrder({ symbol: venue.symbol, type: OrderType.Limit, side: Side.Buy, qty, limitPrice: price, duration: { type: 'GTC' } });
        placed.push(result.orderId);
        expect(result.rejection).toBeUndefined();
        await eventually(async () => (await harness.core.order(result.orderId)).value.status === OrderStatus.Working, 15_000);
        await harness.core.cancelOrder(result.orderId);
        await eventually(async () => (await harness.core.order(result.orderId)).value.status === OrderStatus.Canceled, 15_000);
        expect((await harness.core.order(result.orderId)).value.filledQty).toBe(0);
      } finally {
        await cancelEverything(harness.core, placed);
        await broker.disconnect();
      }
    }, 60_000);
  });
}
