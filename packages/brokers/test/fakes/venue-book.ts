/**
 * The venue-neutral core of the fake exchanges: balances, a last price per market, orders that fill at that
 * price (market orders at once, limit and stop orders when the price crosses), trades, and derivatives
 * positions for swap markets. Exact decimals throughout; venue fakes only translate wire formats.
 */
import { FIXED_ZERO, absFixed, divFixed, fixedToString, mulFixed, parseFixed, type Fixed } from '@trading-pro/contracts';

export interface BookMarket {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  readonly tick: string;
  readonly step: string;
  readonly minQty: string;
  readonly kind: 'spot' | 'swap';
}

export type BookSide = 'buy' | 'sell';
export type BookType = 'market' | 'limit' | 'stop' | 'stop_limit';
export type BookStatus = 'new' | 'partially_filled' | 'filled' | 'canceled' | 'rejected' | 'expired';

export interface BookOrder {
  readonly orderId: string;
  clientOrderId: string;
  readonly market: BookMarket;
  readonly side: BookSide;
  readonly type: BookType;
  readonly tif: string;
  qty: Fixed;
  price: Fixed | undefined;
  readonly stopPrice: Fixed | undefined;
  triggered: boolean;
  status: BookStatus;
  filled: Fixed;
  cost: Fixed;
  readonly createTime: number;
  updateTime: number;
  readonly reduceOnly: boolean;
}

export interface BookTrade {
  readonly id: string;
  readonly order: BookOrder;
  readonly price: Fixed;
  readonly qty: Fixed;
  /** Commission charged on this fill, in the market's quote currency. */
  readonly fee: Fixed;
  readonly time: number;
}

export interface BookPosition {
  qty: Fixed;
  entry: Fixed;
  leverage: number;
}

export interface PlaceRequest {
  readonly market: BookMarket;
  readonly side: BookSide;
  readonly type: BookType;
  readonly qty: string;
  readonly price?: string;
  readonly stopPrice?: string;
  readonly tif?: string;
  readonly clientOrderId?: string;
  readonly reduceOnly?: boolean;
}

export class BookRejection extends Error {
  readonly reason: 'insufficient' | 'invalid' | 'duplicate' | 'unknown-order';
  constructor(reason: BookRejection['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

export type BookListener = (order: BookOrder, trade: BookTrade | undefined) => void;

export class VenueBook {
  readonly markets: BookMarket[];
  readonly balances = new Map<string, Fixed>();
  readonly prices = new Map<string, Fixed>();
  readonly orders: BookOrder[] = [];
  readonly trades: BookTrade[] = [];
  readonly positions = new Map<string, BookPosition>();
  readonly listeners: BookListener[] = [];
  /** Called after each price move, before resting orders are matched (a venue's trigger service watches it). */
  readonly priceListeners: ((marketId: string, now: number) => void)[] = [];
  /** Largest quantity one match fills (the displayed size); the rest waits for the next price. Undefined: all at once. */
  maxFillQty: Fixed | undefined;
  /** Commission per fill as a fraction of its notional (0.001 = 10 bp), charged in the quote currency. */
  feeRate: Fixed = FIXED_ZERO;
  #nextOrder = 1000;
  #nextTrade = 5000;

  constructor(markets: BookMarket[], balances: Record<string, string>, prices: Record<string, string>) {
    this.markets = markets;
    for (const [asset, amount] of Object.entries(balances)) this.balances.set(asset, parseFixed(amount));
    for (const [id, price] of Object.entries(prices)) this.prices.set(id, parseFixed(price));
  }

  market(id: string): BookMarket | undefined {
    return this.markets.find((market) => market.id === id);
  }

  balance(asset: string): Fixed {
    return this.balances.get(asset) ?? FIXED_ZERO;
  }

  /** Quote (spot) or margin locked by working orders. */
  locked(asset: string): Fixed {
    let total = FIXED_ZERO;
    for (const order of this.orders) {
      if (!isOpen(order)) continue;
      const remaining = order.qty - order.filled;
      const price = order.price ?? order.stopPrice ?? this.price(order.market);
      if (order.market.kind === 'spot') {
        if (order.side === 'buy' && order.market.quote === asset) total += mulFixed(remaining, price);
        if (order.side === 'sell' && order.market.base === asset) total += remaining;
      }
    }
    return total;
  }

  free(asset: string): Fixed {
    return this.balance(asset) - this.locked(asset) - this.marginUsed(asset);
  }

  marginUsed(asset: string): Fixed {
    let total = FIXED_ZERO;
    for (const [id, position] of this.positions) {
      const market = this.market(id);
      if (market === undefined || market.quote !== asset) continue;
      total += divFixed(mulFixed(absFixed(position.qty), position.entry), BigInt(position.leverage) * 100_000_000n);
    }
    return total;
  }

  price(market: BookMarket): Fixed {
    return this.prices.get(market.id) ?? FIXED_ZERO;
  }

  find(predicate: (order: BookOrder) => boolean): BookOrder | undefined {
    return this.orders.find(predicate);
  }

  place(request: PlaceRequest, now: number): BookOrder {
    const { market } = request;
    const qty = parseFixed(request.qty);
    if (request.clientOrderId !== undefined && this.orders.some((order) => order.clientOrderId === request.clientOrderId && isOpen(order))) {
      throw new BookRejection('duplicate', 'Duplicate order sent.');
    }
    if (qty <= 0n || qty < parseFixed(market.minQty) || qty % parseFixed(market.step) !== 0n) throw new BookRejection('invalid', 'Filter failure: LOT_SIZE');
    const price = request.price === undefined ? undefined : parseFixed(request.price);
    if (price !== undefined && price % parseFixed(market.tick) !== 0n) throw new BookRejection('invalid', 'Filter failure: PRICE_FILTER');
    this.#checkFunds(request, qty, price ?? this.price(market));
    this.#nextOrder += 1;
    const order: BookOrder = {
      orderId: String(this.#nextOrder),
      clientOrderId: request.clientOrderId ?? `fake${this.#nextOrder}`,
      market,
      side: request.side,
      type: request.type,
      tif: request.tif ?? 'GTC',
      qty,
      price,
      stopPrice: request.stopPrice === undefined ? undefined : parseFixed(request.stopPrice),
      triggered: request.type === 'market' || request.type === 'limit',
      status: 'new',
      filled: FIXED_ZERO,
      cost: FIXED_ZERO,
      createTime: now,
      updateTime: now,
      reduceOnly: request.reduceOnly === true,
    };
    this.orders.push(order);
    this.#notify(order, undefined);
    this.#match(order, now);
    if (isOpen(order) && (order.tif === 'IOC' || order.tif === 'FOK')) this.#finish(order, 'expired', now);
    return order;
  }

  cancel(order: BookOrder, now: number): void {
    if (!isOpen(order)) throw new BookRejection('unknown-order', 'Unknown order sent.');
    this.#finish(order, 'canceled', now);
  }

  /** Moves the market: triggers stops and fills crossing limits. */
  setPrice(marketId: string, price: string, now: number): void {
    this.prices.set(marketId, parseFixed(price));
    for (const listener of this.priceListeners) listener(marketId, now);
    for (const order of this.orders.filter((candidate) => candidate.market.id === marketId && isOpen(candidate))) this.#match(order, now);
  }

  setLeverage(marketId: string, leverage: number): void {
    const position = this.positions.get(marketId) ?? { qty: FIXED_ZERO, entry: FIXED_ZERO, leverage: 1 };
    position.leverage = leverage;
    this.positions.set(marketId, position);
  }

  leverage(marketId: string): number {
    return this.positions.get(marketId)?.leverage ?? 1;
  }

  #checkFunds(request: PlaceRequest, qty: Fixed, price: Fixed): void {
    const { market } = request;
    if (market.kind === 'spot') {
      const needed = request.side === 'buy' ? mulFixed(qty, price) : qty;
      const asset = request.side === 'buy' ? market.quote : market.base;
      if (needed > this.free(asset)) throw new BookRejection('insufficient', 'Account has insufficient balance for requested action.');
      return;
    }
    const position = this.positions.get(market.id);
    const current = position?.qty ?? FIXED_ZERO;
    const signed = request.side === 'buy' ? qty : -qty;
    const reducing = current !== FIXED_ZERO && (current > 0n) !== (signed > 0n) && absFixed(signed) <= absFixed(current);
    if (reducing) return;
    const margin = divFixed(mulFixed(qty, price), BigInt(position?.leverage ?? 1) * 100_000_000n);
    if (margin > this.free(market.quote)) throw new BookRejection('insufficient', 'Insufficient margin');
  }

  #match(order: BookOrder, now: number): void {
    const last = this.price(order.market);
    if (!order.triggered && order.stopPrice !== undefined) {
      const hit = order.side === 'buy' ? last >= order.stopPrice : last <= order.stopPrice;
      if (!hit) return;
      order.triggered = true;
    }
    const marketable = order.price === undefined || (order.side === 'buy' ? last <= order.price : last >= order.price);
    if (!marketable) return;
    const remaining = order.qty - order.filled;
    this.#fill(order, this.maxFillQty !== undefined && this.maxFillQty < remaining ? this.maxFillQty : remaining, last, now);
  }

  #fill(order: BookOrder, qty: Fixed, price: Fixed, now: number): void {
    const { market } = order;
    const notional = mulFixed(qty, price);
    const fee = mulFixed(notional, this.feeRate);
    if (market.kind === 'spot') {
      const sign = order.side === 'buy' ? 1n : -1n;
      this.balances.set(market.base, this.balance(market.base) + sign * qty);
      this.balances.set(market.quote, this.balance(market.quote) - sign * notional - fee);
    } else {
      this.#applyToPosition(market, order.side === 'buy' ? qty : -qty, price);
      this.balances.set(market.quote, this.balance(market.quote) - fee);
    }
    order.filled += qty;
    order.cost += notional;
    order.updateTime = now;
    order.status = order.filled === order.qty ? 'filled' : 'partially_filled';
    this.#nextTrade += 1;
    const trade: BookTrade = { id: String(this.#nextTrade), order, price, qty, fee, time: now };
    this.trades.push(trade);
    this.#notify(order, trade);
  }

  #applyToPosition(market: BookMarket, signed: Fixed, price: Fixed): void {
    const position = this.positions.get(market.id) ?? { qty: FIXED_ZERO, entry: FIXED_ZERO, leverage: 1 };
    const same = position.qty === FIXED_ZERO || (position.qty > 0n) === (signed > 0n);
    if (same) {
      const total = position.qty + signed;
      position.entry = divFixed(mulFixed(position.entry, absFixed(position.qty)) + mulFixed(price, absFixed(signed)), absFixed(total));
      position.qty = total;
    } else {
      const closing = absFixed(signed) < absFixed(position.qty) ? absFixed(signed) : absFixed(position.qty);
      const direction = position.qty > 0n ? 1n : -1n;
      const realized = mulFixed(price - position.entry, closing) * direction;
      this.balances.set(market.quote, this.balance(market.quote) + realized);
      position.qty += signed;
      if (position.qty === FIXED_ZERO) position.entry = FIXED_ZERO;
      else if ((position.qty > 0n) !== (direction > 0n)) position.entry = price;
    }
    this.positions.set(market.id, position);
  }

  #finish(order: BookOrder, status: BookStatus, now: number): void {
    order.status = status;
    order.updateTime = now;
    this.#notify(order, undefined);
  }

  #notify(order: BookOrder, trade: BookTrade | undefined): void {
    for (const listener of this.listeners) listener(order, trade);
  }
}

export function isOpen(order: BookOrder): boolean {
  return order.status === 'new' || order.status === 'partially_filled';
}

export function unrealized(position: BookPosition, price: Fixed): Fixed {
  return mulFixed(price - position.entry, position.qty);
}

export const text = fixedToString;
