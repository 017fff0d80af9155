/**
 * Resting orders of one symbol by price level, best price last, so a tick that crosses nothing costs one
 * comparison per side, and resting or filling an order at an existing price is O(1).
 */
import type { Fixed, Side } from '@trading-pro/contracts';
import type { MarketQuote } from '../market/quote.ts';
import type { TradingPeriod } from '../models/market-hours.ts';
import type { OrderRecord } from './records.ts';

/**
 * Orders by price level: a map from price to the orders at that price (time priority, oldest first) and the
 * distinct prices sorted so the best is last. Resting at an existing price is O(1); only a new price level costs
 * a binary insert among the (few) distinct prices. `ascending` puts the highest price last (best for buy limits).
 */
export class SortedOrders {
  readonly #levels = new Map<Fixed, OrderRecord[]>();
  /** Distinct prices, best last. */
  readonly #prices: Fixed[] = [];
  readonly #ascending: boolean;
  readonly #key: (order: OrderRecord) => Fixed;
  #size = 0;

  constructor(ascending: boolean, key: (order: OrderRecord) => Fixed) {
    this.#ascending = ascending;
    this.#key = key;
  }

  get size(): number {
    return this.#size;
  }

  /** The best order (best price, then oldest), or undefined. */
  best(): OrderRecord | undefined {
    const price = this.#prices[this.#prices.length - 1];
    return price === undefined ? undefined : this.#levels.get(price)?.[0];
  }

  /** Key of the best order (the caller checks `size` first). */
  bestKey(): Fixed {
    return this.#prices[this.#prices.length - 1] ?? 0n;
  }

  /** Every order, best first (tests, diagnostics). */
  *[Symbol.iterator](): IterableIterator<OrderRecord> {
    for (let i = this.#prices.length - 1; i >= 0; i--) yield* this.#levels.get(this.#prices[i] as Fixed) ?? [];
  }

  /** Index where `price` sits (or would sit) in the distinct prices. */
  #priceIndex(price: Fixed): number {
    let lo = 0;
    let hi = this.#prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.#prices[mid] as Fixed;
      if (this.#ascending ? at < price : at > price) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(order: OrderRecord): void {
    const price = this.#key(order);
    let level = this.#levels.get(price);
    if (level === undefined) {
      level = [];
      this.#levels.set(price, level);
      const at = this.#priceIndex(price);
      if (at === this.#prices.length) this.#prices.push(price);
      else this.#prices.splice(at, 0, price);
    }
    // Orders arrive in seq order; a restored or re-priced older order goes to its time-priority place.
    const last = level[level.length - 1];
    if (last === undefined || last.seq < order.seq) level.push(order);
    else {
      let i = level.length;
      while (i > 0 && (level[i - 1] as OrderRecord).seq > order.seq) i--;
      level.splice(i, 0, order);
    }
    this.#size++;
  }

  /** Removes the entry for `order.id` (located with the key of `order`, the version that was inserted). */
  remove(order: OrderRecord): boolean {
    const price = this.#key(order);
    const level = this.#levels.get(price);
    if (level === undefined) return false;
    const index = level[0]?.id === order.id ? 0 : level.findIndex((item) => item.id === order.id);
    if (index < 0) return false;
    if (index === 0) level.shift();
    else level.splice(index, 1);
    this.#size--;
    if (level.length === 0) {
      this.#levels.delete(price);
      const last = this.#prices.length - 1;
      if (this.#prices[last] === price) this.#prices.pop();
      else this.#prices.splice(this.#priceIndex(price), 1);
    }
    return true;
  }
}

const limitKey = (order: OrderRecord): Fixed => order.limitPrice ?? 0n;
const stopKey = (order: OrderRecord): Fixed => order.stopPrice ?? 0n;

/** Everything the engine keeps per symbol: the latest quote, its unconsumed size, and the working orders. */
export class SymbolBook {
  readonly symbol: string;
  quote: MarketQuote | undefined;
  /** Displayed size not yet consumed by fills on the current quote. */
  bidLeft: Fixed = 0n;
  askLeft: Fixed = 0n;
  /** Buy limits, highest last. */
  readonly buyLimits = new SortedOrders(true, limitKey);
  /** Sell limits, lowest last. */
  readonly sellLimits = new SortedOrders(false, limitKey);
  /** Buy stops trigger when ask ≥ stop: lowest last. */
  readonly buyStops = new SortedOrders(false, stopKey);
  /** Sell stops trigger when bid ≤ stop: highest last. */
  readonly sellStops = new SortedOrders(true, stopKey);
  /** Market orders (and triggered stops) waiting for liquidity, oldest first. */
  readonly markets: OrderRecord[] = [];
  /** Ids of awake trailing stop-loss orders. */
  readonly trailing = new Set<string>();
  /**
   * Limit orders that joined the book (or changed price) since it was last matched: they meet the market for the
   * first time, so a marketable one takes the touch; every other limit rests and fills at its own price.
   */
  readonly arrivals = new Set<string>();
  /** Time of the quote before the current one (the first quote of a session follows one from before its open). */
  previousQuoteTime = Number.NEGATIVE_INFINITY;
  /** The trading period the current quote falls in (cached; undefined = not known yet or closed). */
  period: TradingPeriod | undefined;
  /** While closed: the minute the cache was checked in, so a closed market costs one check a minute. */
  closedMinute = Number.NaN;

  /** Also wake on a trade at a resting limit's price (the touch fill model). */
  readonly #touchFill: boolean;

  constructor(symbol: string, touchFill = false) {
    this.symbol = symbol;
    this.#touchFill = touchFill;
  }

  limits(side: Side): SortedOrders {
    return side === 1 ? this.buyLimits : this.sellLimits;
  }

  stops(side: Side): SortedOrders {
    return side === 1 ? this.buyStops : this.sellStops;
  }

  /** Cheap test whether the current quote can trigger or fill anything. */
  hasWork(): boolean {
    const q = this.quote;
    if (q === undefined) return false;
    if (this.markets.length > 0) return true;
    if (this.arrivals.size > 0) return true;
    // With the touch fill model the last trade counts too: it fills a resting limit on a trade at its price.
    const buyReach = this.#touchFill && q.last < q.ask ? q.last : q.ask;
    const sellReach = this.#touchFill && q.last > q.bid ? q.last : q.bid;
    if (this.buyLimits.size > 0 && this.buyLimits.bestKey() >= buyReach) return true;
    if (this.sellLimits.size > 0 && this.sellLimits.bestKey() <= sellReach) return true;
    if (this.buyStops.size > 0 && this.buyStops.bestKey() <= q.ask) return true;
    return this.sellStops.size > 0 && this.sellStops.bestKey() >= q.bid;
  }
}
