import { ErrorCode, TradingError, fromFixed, parseFixed } from '@trading-pro/contracts';
import type { Bar, QuoteData } from '@trading-pro/contracts';
import { BUILTIN_INSTRUMENTS } from '../market/instruments.ts';
import { LiveSimulatedSource } from '../market/live-simulated-source.ts';
import { describe, expect, it } from 'vitest';
import { DatafeedService } from './service.ts';
import { priceScaleOf } from './symbol-info.ts';

const START = Date.parse('2026-03-04T15:12:34Z'); // Wednesday, US market open
const DAY = 86_400_000;
const SYMBOLS = ['AAPL', 'KO', 'SPY', 'BTCUSD', 'ETHUSD', 'EURUSD'];

function setup(startTime = START): { source: LiveSimulatedSource; service: DatafeedService } {
  const instruments = BUILTIN_INSTRUMENTS.filter((i) => SYMBOLS.includes(i.symbol));
  const source = new LiveSimulatedSource({ instruments, startTime, seed: 3 });
  return { source, service: new DatafeedService(source) };
}

async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<TradingError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof TradingError) return error;
    throw error;
  }
  throw new Error('expected a TradingError');
}

describe('datafeed service: symbols', () => {
  const { service } = setup();

  it('describes the supported resolutions, exchanges and symbol types', () => {
    const config = service.config();
    expect(config.supported_resolutions).toEqual(['1', '5', '15', '60', '1D']);
    expect(config.exchanges.map((e) => e.value)).toEqual(['', 'AMEX', 'CRYPTO', 'FX', 'NASDAQ', 'NYSE']);
    expect(config.symbols_types.map((t) => t.value)).toEqual(['', 'crypto', 'forex', 'fund', 'stock']);
    expect(config.currency_codes).toEqual(['USD']);
  });

  it('gives symbol info with price scale, steps and session from the instrument', () => {
    expect(service.symbolInfo('AAPL')).toMatchObject({
      ticker: 'AAPL',
      full_name: 'NASDAQ:AAPL',
      pricescale: 100,
      minmov: 1,
      tickSize: 0.01,
      qtyStep: 1,
      minQty: 1,
      session: '0930-1600:23456',
      timezone: 'America/New_York',
      supported_resolutions: ['1', '5', '15', '60', '1D'],
      intraday_multipliers: ['1', '5', '15', '60'],
    });
    expect(service.symbolInfo('EURUSD')).toMatchObject({ pricescale: 100_000, minmov: 1, qtyStep: 1000, session: '1700-1700:23456' });
    expect(service.symbolInfo('BTCUSD')).toMatchObject({ qtyStep: 0.00001, volume_precision: 5, session: '24x7' });
  });

  it('resolves lower case and EXCHANGE:SYMBOL names', () => {
    expect(service.symbolInfo('aapl').name).toBe('AAPL');
    expect(service.symbolInfo('NASDAQ:AAPL').name).toBe('AAPL');
  });

  it('answers NOT_FOUND for an unknown symbol or the wrong exchange', async () => {
    expect((await rejection(() => service.symbolInfo('NOPE'))).code).toBe(ErrorCode.NOT_FOUND);
    expect((await rejection(() => service.symbolInfo('NYSE:AAPL'))).code).toBe(ErrorCode.NOT_FOUND);
  });

  it('turns tick sizes into TradingView price scales', () => {
    expect(priceScaleOf(parseFixed('0.25'))).toEqual({ pricescale: 100, minmov: 25 });
    expect(priceScaleOf(parseFixed('1'))).toEqual({ pricescale: 1, minmov: 1 });
    expect(priceScaleOf(parseFixed('0.00001'))).toEqual({ pricescale: 100_000, minmov: 1 });
  });

  it('ranks search results: exact ticker, then prefix, then inside the ticker, then description', () => {
    expect(service.search('spy').map((r) => r.symbol)).toEqual(['SPY']);
    expect(service.search('S').map((r) => r.symbol)).toEqual(['SPY', 'BTCUSD', 'ETHUSD', 'EURUSD']);
    expect(service.search('a').map((r) => r.symbol)).toEqual(['AAPL', 'BTCUSD', 'ETHUSD', 'EURUSD', 'KO']);
    expect(service.search('coca-cola')[0]).toEqual({ symbol: 'KO', full_name: 'NYSE:KO', description: 'The Coca-Cola Company', exchange: 'NYSE', ticker: 'KO', type: 'stock' });
  });

  it('filters search by type and exchange, and honours the limit', async () => {
    expect(service.search('', 'crypto').map((r) => r.symbol)).toEqual(['BTCUSD', 'ETHUSD']);
    expect(service.search('', undefined, 'nyse').map((r) => r.symbol)).toEqual(['KO']);
    expect(service.search('', undefined, undefined, 2)).toHaveLength(2);
    expect((await rejection(() => service.search('', undefined, undefined, 0))).code).toBe(ErrorCode.VALIDATION_ERROR);
  });
});

describe('datafeed service: history', () => {
  const { source, service } = setup();

  it('returns bars in the range as JSON numbers, ending at the current price', async () => {
    const history = await service.history('AAPL', '15', START - DAY, START + DAY);
    expect(history.noData).toBe(false);
    expect(history.bars.length).toBeGreaterThan(20);
    expect(history.bars.every((b) => b.time >= START - DAY && b.time < START + DAY)).toBe(true);
    expect(history.bars.at(-1)?.close).toBe(fromFixed(source.quote('AAPL')?.last ?? 0n));
  });

  it('gives countback priority over from', async () => {
    const history = await service.history('BTCUSD', '60', START - 1000, START + DAY, 48);
    expect(history.bars).toHaveLength(48);
    expect(history.bars[0]?.time).toBeLessThan(START - DAY);
  });

  it('answers noData with the time of the next older bar when the range is empty', async () => {
    const saturday = Date.parse('2026-02-28T12:00:00Z');
    const history = await service.history('AAPL', '1', saturday, saturday + 3_600_000);
    expect(history).toEqual({ bars: [], noData: true, nextTime: Date.parse('2026-02-27T20:59:00Z') });
    expect(await service.history('AAPL', '1D', 0, 1000)).toEqual({ bars: [], noData: true });
  });

  it('accepts D for daily bars', async () => {
    expect((await service.history('EURUSD', 'D', START - 10 * DAY, START + DAY)).bars.length).toBeGreaterThan(5);
  });

  it.each([
    ['AAPL', '2', 0, START, undefined, ErrorCode.VALIDATION_ERROR, 'resolution'],
    ['AAPL', '1', START, START, undefined, ErrorCode.VALIDATION_ERROR, 'from'],
    ['AAPL', '1', Number.NaN, START, undefined, ErrorCode.VALIDATION_ERROR, 'from'],
    ['AAPL', '1', 0, START, 0, ErrorCode.VALIDATION_ERROR, 'countback'],
    ['NOPE', '1', 0, START, undefined, ErrorCode.NOT_FOUND, 'symbol'],
  ])('rejects %s %s from=%s to=%s countback=%s', async (symbol, resolution, from, to, countback, code, path) => {
    const error = await rejection(service.history(symbol, resolution, from, to, countback));
    expect(error.code).toBe(code);
    expect(error.details?.[0]?.path).toBe(path);
  });
});

describe('datafeed service: quotes and live producers', () => {
  it('quotes known symbols and reports unknown ones as errors, in request order', () => {
    const { source, service } = setup();
    const [aapl, nope] = service.quotes(['AAPL', 'NOPE']);
    expect(nope).toEqual({ s: 'error', n: 'NOPE', v: { errmsg: 'unknown symbol' } });
    const stats = source.dayStats('AAPL');
    const prevClose = fromFixed(stats?.prevClose ?? 0n);
    const last = fromFixed(source.quote('AAPL')?.last ?? 0n);
    expect(aapl).toMatchObject({ s: 'ok', n: 'AAPL', v: { lp: last, prev_close_price: prevClose, exchange: 'NASDAQ' } });
    const values = aapl?.v;
    if (!values || !('lp' in values)) throw new Error('expected values');
    expect(values.ch).toBeCloseTo(last - prevClose, 6);
    expect(values.chp).toBeCloseTo(((last - prevClose) / prevClose) * 100, 1);
    expect(values.bid).toBeLessThan(values.ask);
  });

  it('streams QuoteData for the subscribed symbol only', () => {
    const { source, service } = setup();
    const received: QuoteData[] = [];
    const unsubscribe = service.subscribeQuotes('btcusd', (q) => received.push(q));
    const first = source.advance(START + 250).find((q) => q.symbol === 'BTCUSD');
    unsubscribe();
    source.advance(START + 500);
    expect(received.map((q) => q.n)).toEqual(['BTCUSD']);
    expect(received[0]?.v).toMatchObject({ lp: fromFixed(first?.last ?? 0n), time: START + 250 });
  });

  it('continues the newest history bar and starts a new one on the boundary', async () => {
    const { source, service } = setup();
    const last = (await service.history('BTCUSD', '5', 0, START + DAY)).bars.at(-1);
    const bars: Bar[] = [];
    const unsubscribe = await service.subscribeBars('BTCUSD', '5', (bar) => bars.push(bar));
    source.advance(START + 1000);
    const boundary = Date.parse('2026-03-04T15:15:00Z');
    source.advance(boundary);
    unsubscribe();
    expect(bars[0]).toMatchObject({ time: last?.time, open: last?.open });
    expect(bars[0]?.volume).toBeGreaterThanOrEqual(last?.volume ?? Infinity);
    expect(bars[1]).toMatchObject({ time: boundary, close: fromFixed(source.quote('BTCUSD')?.last ?? 0n) });
    expect(bars[1]?.open).toBe(bars[1]?.close);
  });

  it('rejects a bars subscription with a bad resolution or symbol', async () => {
    const { service } = setup();
    expect((await rejection(service.subscribeBars('AAPL', 'W', () => undefined))).code).toBe(ErrorCode.VALIDATION_ERROR);
    expect((await rejection(service.subscribeBars('NOPE', '1', () => undefined))).code).toBe(ErrorCode.NOT_FOUND);
  });
});
