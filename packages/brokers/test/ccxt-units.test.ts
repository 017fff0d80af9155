/** Pure pieces of the ccxt adapters: precision, the rate limiter, venue enum and ccxt structure mapping. */
import { describe, expect, it } from 'vitest';
import { ErrorCode, OrderStatus, OrderType, parseFixed } from '@trading-pro/contracts';
import { binanceWeightPauseMs, parseBinanceOrderStatus } from '../src/binance/binance-parse.ts';
import { parseBybitOrderStatus } from '../src/bybit/bybit-parse.ts';
import { parseCcxtOrderType } from '../src/ccxt/ccxt-parse.ts';
import { makeClientOrderId } from '../src/ccxt/ccxt-orders.ts';
import { krakenExtraWeight, parseKrakenOrderStatus } from '../src/kraken/kraken-parse.ts';
import { parseOkxOrderState } from '../src/okx/okx-parse.ts';
import { fitOrder, type MarketRules } from '../src/common/precision.ts';
import { RateLimiter, parseRetryAfter } from '../src/common/rate-limiter.ts';

const BTC: MarketRules = { symbol: 'BTC/USDT', tickSize: parseFixed('0.01'), lotStep: parseFixed('0.00001'), minQty: parseFixed('0.00001'), minNotional: parseFixed('5') };

describe('precision', () => {
  it('rounds the price to the tick and the quantity down to the lot step', () => {
    expect(fitOrder({ qty: 0.0012399, limitPrice: 40000.125 }, BTC)).toEqual({ qty: 0.00123, limitPrice: 40000.12 });
  });

  it('rejects a quantity below the minimum with VALIDATION_ERROR', () => {
    expect(() => fitOrder({ qty: 0.000009 }, BTC)).toThrow(expect.objectContaining({ code: ErrorCode.VALIDATION_ERROR }));
  });

  it('rejects an order worth less than the minimum notional', () => {
    expect(() => fitOrder({ qty: 0.0001, limitPrice: 100 }, BTC)).toThrow(expect.objectContaining({ code: ErrorCode.VALIDATION_ERROR }));
  });
});

describe('rate limiter', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4_000)).toBe(6_000);
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });

  it('waits out a short block and reports a long one as RATE_LIMITED', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 1, maxWaitMs: 5_000, now: () => now, sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    } });
    limiter.observe(429, { 'Retry-After': '2' });
    await limiter.acquire();
    expect(waits).toEqual([2_000]);
    limiter.observe(429, { 'retry-after': '60' });
    await expect(limiter.acquire()).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED, retryAfterS: 60 });
  });

  it('spaces calls once the bucket is empty', async () => {
    let now = 0;
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 2, maxWaitMs: 5_000, now: () => now, sleep: async (ms) => void (now += ms) });
    await limiter.acquire();
    await limiter.acquire();
    expect(now).toBe(500);
  });

  it('pauses Binance calls near the used-weight cap until the next minute', () => {
    expect(binanceWeightPauseMs('5999', 90_000)).toBe(30_000);
    expect(binanceWeightPauseMs('120', 90_000)).toBe(0);
  });
});

describe('venue enums', () => {
  it('maps every documented order status explicitly', () => {
    expect(['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'REJECTED'].map(parseBinanceOrderStatus)).toEqual([6, 6, 2, 1, 1, 5]);
    expect(['New', 'PartiallyFilled', 'Untriggered', 'Filled', 'Cancelled', 'Rejected'].map(parseBybitOrderStatus)).toEqual([6, 6, 6, 2, 1, 5]);
    expect(['live', 'partially_filled', 'filled', 'canceled'].map(parseOkxOrderState)).toEqual([6, 6, 2, 1]);
    expect(['pending', 'open', 'closed', 'canceled', 'expired'].map(parseKrakenOrderStatus)).toEqual([OrderStatus.Placing, 6, 2, 1, 1]);
    expect(parseBinanceOrderStatus('SOMETHING_NEW')).toBeUndefined();
  });

  it('maps ccxt order types with triggers to Stop and StopLimit', () => {
    expect(parseCcxtOrderType('market', undefined)).toBe(OrderType.Market);
    expect(parseCcxtOrderType('market', 100)).toBe(OrderType.Stop);
    expect(parseCcxtOrderType('limit', 100)).toBe(OrderType.StopLimit);
    expect(parseCcxtOrderType('STOP_LOSS_LIMIT', undefined)).toBe(OrderType.StopLimit);
    expect(parseCcxtOrderType('limit_maker', undefined)).toBe(OrderType.Limit);
  });

  it('generates client order ids of letters and digits within the venue length', () => {
    const id = makeClientOrderId('tp', 1_795_264_928_897, 12, 18);
    expect(id).toMatch(/^[a-z0-9]{1,18}$/);
    expect(makeClientOrderId('tp', 1_795_264_928_897, 13, 18)).not.toBe(id);
  });
});

describe('kraken rate limits (call counter weights)', () => {
  it('counts trade history twice and order calls not at all on the REST counter', () => {
    expect(krakenExtraWeight('https://api.kraken.com/0/private/TradesHistory')).toBe(1);
    expect(krakenExtraWeight('https://api.kraken.com/0/private/AddOrder')).toBe(-1);
    expect(krakenExtraWeight('https://api.kraken.com/0/private/Balance')).toBe(0);
  });

  it('charges the limiter by the venue weight: two history calls take four tokens', async () => {
    const limiter = new RateLimiter({ capacity: 4, refillPerSecond: 0.001, maxWaitMs: 0, now: () => 0 });
    for (let i = 0; i < 2; i++) {
      await limiter.acquire();
      limiter.charge(krakenExtraWeight('/0/private/TradesHistory'));
    }
    await expect(limiter.acquire()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});
