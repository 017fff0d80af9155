/**
 * The fake Alpaca's account: cash, positions and orders in Alpaca's documented wire shapes, with a tiny
 * matching model (market orders fill at the last price, limits and stops when the price crosses, bracket
 * legs wake when the parent fills and cancel each other). Every change is reported as a trade update.
 */
import { randomUUID } from 'node:crypto';
import { FIXED_ZERO, divFixed, fixedToString, mulFixed, parseFixed } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';
import type {
  AlpacaFillActivityWire,
  AlpacaOrderRequest,
  AlpacaOrderStatus,
  AlpacaOrderWire,
  AlpacaPositionWire,
  AlpacaTradeEvent,
  AlpacaTradeUpdateWire,
} from '../../src/alpaca/alpaca-types.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type FakeOrder = Mutable<AlpacaOrderWire> & { legs: FakeOrder[] | null };

export class FakeRefusal extends Error {
  readonly status: number;
  readonly code: number;
  constructor(status: number, code: number, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const FINAL: ReadonlySet<AlpacaOrderStatus> = new Set(['filled', 'canceled', 'expired', 'replaced', 'rejected']);
const iso = () => new Date().toISOString();
const fx = (text: string | null | undefined): Fixed => (text ? parseFixed(text) : FIXED_ZERO);

export class AlpacaFakeBook {
  cash: Fixed;
  readonly lastEquity: Fixed;
  readonly prices = new Map<string, Fixed>();
  readonly orders: FakeOrder[] = [];
  readonly positions = new Map<string, { qty: Fixed; cost: Fixed }>();
  readonly fills: AlpacaFillActivityWire[] = [];
  onUpdate: (update: AlpacaTradeUpdateWire) => void = () => undefined;
  /** Largest quantity one match fills; the rest waits for the next price (undefined: all at once). */
  maxFillQty: Fixed | undefined;
  readonly #triggered = new WeakSet<FakeOrder>();

  constructor(cash: string, prices: Readonly<Record<string, string>>) {
    this.cash = parseFixed(cash);
    this.lastEquity = this.cash;
    for (const [symbol, price] of Object.entries(prices)) this.prices.set(symbol, parseFixed(price));
  }

  equity(): Fixed {
    let value = this.cash;
    for (const [symbol, p] of this.positions) value += mulFixed(p.qty, this.prices.get(symbol) ?? FIXED_ZERO);
    return value;
  }

  submit(body: AlpacaOrderRequest): FakeOrder {
    if (this.orders.some((o) => o.client_order_id === body.client_order_id)) throw new FakeRefusal(422, 40010001, 'client_order_id must be unique');
    const price = this.prices.get(body.symbol);
    if (price === undefined) throw new FakeRefusal(422, 40010001, `asset "${body.symbol}" not found`);
    if (!(fx(body.qty) > FIXED_ZERO)) throw new FakeRefusal(422, 40010001, 'qty must be > 0');
    if ((body.type === 'limit' || body.type === 'stop_limit') && !body.limit_price) throw new FakeRefusal(422, 40010001, 'limit_price is required');
    if (body.side === 'buy') {
      const notional = mulFixed(fx(body.qty), body.limit_price ? fx(body.limit_price) : price);
      if (notional > this.cash) throw new FakeRefusal(403, 40310000, 'insufficient buying power');
    }
    const order = this.#newOrder(body);
    this.orders.push(order);
    return order;
  }

  /** Accepts a submitted order and runs the matcher (the venue does it right after answering). */
  accept(order: FakeOrder): void {
    this.#set(order, 'new', 'new');
    this.match();
  }

  find(id: string): FakeOrder | undefined {
    for (const order of this.orders) {
      if (order.id === id) return order;
      for (const leg of order.legs ?? []) if (leg.id === id) return leg;
    }
    return undefined;
  }

  cancel(order: FakeOrder): void {
    if (FINAL.has(order.status)) throw new FakeRefusal(422, 42210000, 'order is not cancelable');
    this.#set(order, 'canceled', 'canceled');
    for (const leg of order.legs ?? []) if (!FINAL.has(leg.status)) this.#set(leg, 'canceled', 'canceled');
  }

  replace(order: FakeOrder, changes: { qty?: string; limit_price?: string; stop_price?: string }): FakeOrder {
    if (FINAL.has(order.status)) throw new FakeRefusal(422, 42210000, 'order is not replaceable');
    const replacement = this.#newOrder({
      symbol: order.symbol,
      qty: changes.qty ?? order.qty ?? '0',
      side: order.side,
      type: order.type,
      time_in_force: order.time_in_force,
      client_order_id: randomUUID(),
      ...(order.limit_price || changes.limit_price ? { limit_price: changes.limit_price ?? order.limit_price ?? undefined } : {}),
      ...(order.stop_price || changes.stop_price ? { stop_price: changes.stop_price ?? order.stop_price ?? undefined } : {}),
    });
    replacement.replaces = order.id;
    order.replaced_by = replacement.id;
    order.replaced_at = iso();
    this.#set(order, 'replaced', 'replaced');
    this.orders.push(replacement);
    this.#set(replacement, 'new', 'new');
    this.match();
    return replacement;
  }

  setPrice(symbol: string, price: string): void {
    this.prices.set(symbol, parseFixed(price));
    this.match();
  }

  positionWires(): AlpacaPositionWire[] {
    return [...this.positions].map(([symbol, p]) => this.positionWire(symbol, p));
  }

  positionWire(symbol: string, p: { qty: Fixed; cost: Fixed }): AlpacaPositionWire {
    const price = this.prices.get(symbol) ?? FIXED_ZERO;
    const marketValue = mulFixed(p.qty, price);
    const avg = p.qty === FIXED_ZERO ? FIXED_ZERO : (p.cost * 100_000_000n) / p.qty;
    const pl = marketValue - p.cost;
    return {
      symbol,
      exchange: 'NASDAQ',
      asset_class: 'us_equity',
      avg_entry_price: fixedToString(avg),
      qty: fixedToString(p.qty),
      side: p.qty < FIXED_ZERO ? 'short' : 'long',
      market_value: fixedToString(marketValue),
      cost_basis: fixedToString(p.cost),
      unrealized_pl: fixedToString(pl),
      unrealized_intraday_pl: fixedToString(pl),
      current_price: fixedToString(price),
    };
  }

  /** Fills whatever the current prices allow. */
  match(): void {
    for (const order of this.orders) {
      if (order.status === 'new' || order.status === 'partially_filled') this.#tryFill(order);
      for (const leg of order.legs ?? []) if (leg.status === 'new') this.#tryFill(leg);
    }
  }

  #tryFill(order: FakeOrder): void {
    const price = this.prices.get(order.symbol);
    if (price === undefined) return;
    const buy = order.side === 'buy';
    const limit = fx(order.limit_price);
    const stop = fx(order.stop_price);
    let fillPrice: Fixed | undefined;
    if (order.type === 'market') fillPrice = price;
    else if (order.type === 'limit' && (buy ? price <= limit : price >= limit)) fillPrice = limit;
    else if (order.type === 'stop' && (buy ? price >= stop : price <= stop)) fillPrice = price;
    else if (order.type === 'stop_limit') {
      if (!this.#triggered.has(order) && (buy ? price >= stop : price <= stop)) this.#triggered.add(order);
      if (this.#triggered.has(order) && (buy ? price <= limit : price >= limit)) fillPrice = limit;
    }
    if (fillPrice === undefined) return;
    this.#fill(order, fillPrice);
  }

  #fill(order: FakeOrder, price: Fixed): void {
    const remaining = fx(order.qty) - fx(order.filled_qty);
    const qty = this.maxFillQty !== undefined && this.maxFillQty < remaining ? this.maxFillQty : remaining;
    const complete = qty === remaining;
    const before = fx(order.filled_qty);
    const signed = order.side === 'buy' ? qty : -qty;
    const position = this.positions.get(order.symbol) ?? { qty: FIXED_ZERO, cost: FIXED_ZERO };
    const notional = mulFixed(qty, price);
    const nextQty = position.qty + signed;
    // Reducing keeps the average cost; crossing zero is not modeled (Alpaca refuses such orders).
    const cost = order.side === 'buy' ? position.cost + notional : position.qty === FIXED_ZERO ? FIXED_ZERO : (position.cost * nextQty) / position.qty;
    this.cash += order.side === 'buy' ? -notional : notional;
    if (nextQty === FIXED_ZERO) this.positions.delete(order.symbol);
    else this.positions.set(order.symbol, { qty: nextQty, cost });
    const average = before === FIXED_ZERO ? price : divFixed(mulFixed(before, fx(order.filled_avg_price)) + mulFixed(qty, price), before + qty);
    order.filled_qty = fixedToString(before + qty);
    order.filled_avg_price = fixedToString(average);
    if (complete) order.filled_at = iso();
    const executionId = randomUUID();
    this.fills.push({
      id: `${Date.now()}::${executionId}`,
      activity_type: 'FILL',
      transaction_time: iso(),
      type: 'fill',
      price: fixedToString(price),
      qty: fixedToString(qty),
      side: order.side,
      symbol: order.symbol,
      leaves_qty: fixedToString(remaining - qty),
      order_id: order.id,
      cum_qty: fixedToString(before + qty),
    });
    this.#set(order, complete ? 'filled' : 'partially_filled', complete ? 'fill' : 'partial_fill', { execution_id: executionId, price: fixedToString(price), qty: fixedToString(qty), position_qty: fixedToString(nextQty) });
    if (!complete) return;
    const parent = this.orders.find((o) => o.legs?.includes(order));
    if (parent) {
      for (const sibling of parent.legs ?? []) if (sibling !== order && !FINAL.has(sibling.status)) this.#set(sibling, 'canceled', 'canceled');
    }
    for (const leg of order.legs ?? []) if (leg.status === 'held') this.#set(leg, 'new', 'new');
  }

  #set(order: FakeOrder, status: AlpacaOrderStatus, event: AlpacaTradeEvent, extra: Partial<AlpacaTradeUpdateWire> = {}): void {
    order.status = status;
    order.updated_at = iso();
    if (status === 'canceled') order.canceled_at = order.updated_at;
    this.onUpdate({ event, order: structuredClone(order), timestamp: order.updated_at, ...extra });
  }

  #newOrder(body: AlpacaOrderRequest): FakeOrder {
    const now = iso();
    const base = (side: 'buy' | 'sell', type: FakeOrder['type'], limit: string | null, stop: string | null, status: AlpacaOrderStatus): FakeOrder => ({
      id: randomUUID(),
      client_order_id: randomUUID(),
      created_at: now,
      updated_at: now,
      submitted_at: now,
      filled_at: null,
      canceled_at: null,
      symbol: body.symbol,
      asset_class: 'us_equity',
      qty: body.qty,
      filled_qty: '0',
      filled_avg_price: null,
      order_class: '',
      type,
      order_type: type,
      side,
      time_in_force: body.time_in_force,
      limit_price: limit,
      stop_price: stop,
      status,
      extended_hours: body.extended_hours ?? false,
      legs: null,
    });
    const order = base(body.side, body.type, body.limit_price ?? null, body.stop_price ?? null, 'accepted');
    order.client_order_id = body.client_order_id;
    order.order_class = body.order_class ?? 'simple';
    if (body.trail_price) order.trail_price = body.trail_price;
    const exit = body.side === 'buy' ? 'sell' : 'buy';
    const legs: FakeOrder[] = [];
    if (body.take_profit) legs.push(base(exit, 'limit', body.take_profit.limit_price, null, 'held'));
    if (body.stop_loss) legs.push(base(exit, 'stop', null, body.stop_loss.stop_price, 'held'));
    if (legs.length > 0) order.legs = legs;
    return order;
  }
}
