/**
 * The offline fallback's moving parts: the real paper engine on the simulated market, stepped by one clock, with
 * every engine event published on the fallback stream as the server publishes it.
 */
import { TradingError } from '@trading-pro/contracts';
import { BarAggregator, parseResolution, toBar, toQuoteData, type EngineEvent, type Instrument, type LiveSimulatedSource, type MarketQuote, type PaperEngine, type Resolution } from '@trading-pro/engine';
import { TradingProError } from '../errors.ts';
import { decodeUpdate } from '../mappers/ws-mappers.ts';
import type { RouteParams, StreamRoute } from '../ws/routes.ts';
import type { FallbackStream } from './fallback-stream.ts';

interface BarTopic {
  readonly symbol: string;
  readonly resolution: Resolution;
  readonly aggregator: BarAggregator;
}

export class FallbackSession {
  readonly engine: PaperEngine;
  readonly source: LiveSimulatedSource;
  readonly accountId: string;
  readonly now: () => number;
  readonly #stream: FallbackStream;
  readonly #bars = new Map<string, BarTopic>();

  constructor(engine: PaperEngine, source: LiveSimulatedSource, stream: FallbackStream, accountId: string, now: () => number) {
    this.engine = engine;
    this.source = source;
    this.#stream = stream;
    this.accountId = accountId;
    this.now = now;
    for (const instrument of source.instruments().list()) {
      const quote = source.quote(instrument.symbol);
      if (quote !== undefined) this.#publish(engine.onQuote(quote));
    }
  }

  /** Finds an instrument by symbol in any case, or by `EXCHANGE:SYMBOL`. */
  instrument(symbol: string): Instrument | undefined {
    const catalog = this.source.instruments();
    const text = symbol.trim().toUpperCase();
    const colon = text.indexOf(':');
    if (colon < 0) return catalog.get(text);
    const found = catalog.get(text.slice(colon + 1));
    return found?.exchange.toUpperCase() === text.slice(0, colon) ? found : undefined;
  }

  /** Runs an engine command: its events are published, its TradingError becomes the SDK's error. */
  run<T extends { readonly events: readonly EngineEvent[] }>(command: () => T): T {
    let result: T;
    try {
      result = command();
    } catch (error) {
      throw sdkError(error);
    }
    this.#publish(result.events);
    return result;
  }

  /** What a new subscriber of a market route gets first: the current quote, or the forming bar. */
  snapshot(route: StreamRoute, params: RouteParams): unknown {
    const instrument = this.instrument(params.symbol ?? '');
    if (instrument === undefined) return undefined;
    if (route === 'quotes') {
      const quote = this.source.quote(instrument.symbol);
      return quote === undefined ? undefined : decodeUpdate('quotes', toQuoteData(instrument, quote, this.source.dayStats(instrument.symbol)));
    }
    if (route !== 'bars') return undefined;
    const resolution = parseResolution(params.resolution ?? '');
    if (resolution === undefined) return undefined;
    const key = `${instrument.symbol}|${resolution}`;
    let topic = this.#bars.get(key);
    if (topic === undefined) {
      const [last] = this.source.market.history(instrument.symbol, resolution, 0, Number.MAX_SAFE_INTEGER, 1);
      topic = { symbol: instrument.symbol, resolution, aggregator: new BarAggregator(instrument.session, resolution, last) };
      this.#bars.set(key, topic);
      return last === undefined ? undefined : decodeUpdate('bars', toBar(last));
    }
    const forming = topic.aggregator.current();
    return forming === undefined ? undefined : decodeUpdate('bars', toBar(forming));
  }

  /** One step of the market: quotes move, the engine matches, latency windows end, market data and equity publish. */
  tick(): void {
    const now = this.now();
    for (const quote of this.source.advance(now)) {
      this.#publish(this.engine.onQuote(quote));
      this.#publishMarket(quote);
    }
    this.#publish(this.engine.advance(now));
    if (this.engine.positions().length > 0) this.#stream.publish('equity', { accountId: this.accountId }, decodeUpdate('equity', this.engine.equity()));
  }

  #publishMarket(quote: MarketQuote): void {
    const instrument = this.source.instruments().get(quote.symbol);
    if (instrument === undefined) return;
    if (this.#stream.has('quotes', { symbol: quote.symbol })) {
      this.#stream.publish('quotes', { symbol: quote.symbol }, decodeUpdate('quotes', toQuoteData(instrument, quote, this.source.dayStats(quote.symbol))));
    }
    for (const topic of this.#bars.values()) {
      if (topic.symbol !== quote.symbol) continue;
      const bar = topic.aggregator.addQuote(quote);
      if (bar !== undefined) this.#stream.publish('bars', { symbol: topic.symbol, resolution: topic.resolution }, decodeUpdate('bars', toBar(bar)));
    }
  }

  #publish(events: readonly EngineEvent[]): void {
    const params = { accountId: this.accountId };
    for (const event of events) {
      const projected = this.engine.project(event);
      if (projected.route !== 'internal') this.#stream.publish(projected.route, params, decodeUpdate(projected.route, projected.data));
    }
  }
}

/** The engine's TradingError as the SDK's TradingProError (same code, status, message and details). */
export function sdkError(error: unknown): unknown {
  if (!(error instanceof TradingError)) return error;
  return new TradingProError({
    code: error.code,
    message: error.message,
    status: error.status,
    ...(error.details === undefined ? {} : { details: error.details }),
    ...(error.retryAfterS === undefined ? {} : { retryAfterS: error.retryAfterS }),
  });
}
