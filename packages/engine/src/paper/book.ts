/**
 * Resting orders of one symbol in price-sorted arrays with the best order LAST, so a tick that crosses
 * nothing costs one comparison per side, and filling the best order pops it in O(1).
 */
import type { Fixed, Side } from '@trading-pro/contracts';
import type { MarketQuote } from '../market/quote.ts';
import type { OrderRecord } from './records.ts';

/** Orders sorted by a price key; `ascending` puts the highest price last (best for buy limits). */
export class SortedOrders {
  readonly items: OrderRecord[] = [];
  readonly #ascending: boolean;
  readonly #key: (order: OrderRecord) => Fixed;

  constructor(ascending: boolean, key: (order: OrderRecord) => Fixed) {
    this.#ascending = ascending;
    this.#key = key;
  }

  get size(): number {
    return this.items.length;
  }

  /** The best order, or undefined. */
  best(): OrderRecord | undefined {
    return this.items[this.items.length - 1];
  }

  /** Key of the best order (the caller checks `size` first). */
  bestKey(): Fixed {
    const best = this.items[this.items.length - 1];
    return best === undefined ? 0n : this.#key(best);
  }

  /** True when `a` sorts before (further from the end than) `b`; equal prices keep time priority. */
  #before(a: OrderRecord, b: OrderRecord): boolean {
    const ka = this.#key(a);
    const kb = this.#key(b);
    if (ka !== kb) return this.#ascending ? ka < kb : ka > kb;
    return a.seq > b.seq; // later orders further from the end
  }

  #lowerBound(order: OrderRecord): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const item = this.items[mid];
      if (item !== undefined && this.#before(item, order)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(order: OrderRecord): void {
    const at = this.#lowerBound(order);
    if (at === this.items.length) this.items.push(order);
    else this.items.splice(at, 0, order);
  }

  /** Removes the entry for `order.id` (located with the key of `order`, the version that was inserted). */
  remove(order: OrderRecord): boolean {
    const last = this.items[this.items.length - 1];
    if (last !== undefined && last.id === order.id) {
      this.items.pop();
      return true;
    }
    const at = this.#lowerBound(order);
    if (this.items[at]?.id === order.id) {
      this.items.splice(at, 1);
      return true;
    }
    const index = this.items.findIndex((item) => item.id === order.id);
    if (index < 0) return false;
    this.items.splice(index, 1);
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

  constructor(symbol: string) {
    this.symbol = symbol;
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
    if (this.buyLimits.size > 0 && this.buyLimits.bestKey() >= q.ask) return true;
    if (this.sellLimits.size > 0 && this.sellLimits.bestKey() <= q.bid) return true;
    if (this.buyStops.size > 0 && this.buyStops.bestKey() <= q.ask) return true;
    return this.sellStops.size > 0 && this.sellStops.bestKey() >= q.bid;
  }
}
