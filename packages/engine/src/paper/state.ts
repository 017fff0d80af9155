/**
 * The engine's state and its fold: `apply` is the only way it changes. Besides the records it keeps
 * derived indexes (per-symbol books, delayed orders, DAY expiries, brackets) that the fold maintains.
 */
import { OrderStatus, OrderType, ParentType, isFinalStatus } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';
import type { SortedOrders} from './book.ts';
import { SymbolBook } from './book.ts';
import type { BalanceRecord, BracketRole, EngineEvent, ExecutionRecord, OrderRecord, PositionRecord } from './records.ts';
import { type OpenExposure, updateOpenExposure } from './open-exposure.ts';
import { trimOldest } from '../bounded-map.ts';

type Location = SortedOrders | OrderRecord[] | 'delayed';

/** Final orders remembered (at least the last this many) after they leave the state, so a late modify or cancel is a CONFLICT, not a NOT_FOUND. */
const RECENT_FINAL_LIMIT = 10_000;

/**
 * Everything the fold has built, as plain records (no indexes): what a snapshot stores and a copy starts from.
 * Indexes (books, margin reserve, delayed and DAY orders) are derived again when it is restored.
 */
export interface EngineStateImage {
  readonly balance: BalanceRecord;
  readonly orders: readonly OrderRecord[];
  readonly executions: readonly ExecutionRecord[];
  readonly positions: readonly PositionRecord[];
  readonly leverage: readonly (readonly [string, number])[];
  readonly clientOrders: readonly (readonly [string, string])[];
  readonly children: readonly (readonly [string, readonly string[]])[];
  readonly positionBrackets: readonly (readonly [string, Partial<Record<BracketRole, string>>])[];
  readonly recentFinal: readonly (readonly [string, OrderStatus])[];
  readonly orderSeq: number;
  readonly executionSeq: number;
  readonly clock: number;
}

export interface EngineStateOptions {
  /**
   * Keep final orders and every execution (default). Without it the state holds only what can still change,
   * so its size follows the live orders and positions, not the history (the server keeps history in its store).
   */
  readonly retainHistory?: boolean;
  /** The touch fill model is in use: a trade at a resting limit's price counts (books then also watch `last`). */
  readonly touchFill?: boolean;
  /** False: the state never matches, and keeps its orders without their places in the books (see `PaperEngineConfig.matching`). */
  readonly matching?: boolean;
}

export class EngineState {
  readonly orders = new Map<string, OrderRecord>();
  readonly executions: ExecutionRecord[] = [];
  /** Open positions only. */
  readonly positions = new Map<string, PositionRecord>();
  balance: BalanceRecord;
  readonly leverage = new Map<string, number>();
  readonly clientOrders = new Map<string, string>();
  /** Parent order id → its bracket children's ids. */
  readonly children = new Map<string, string[]>();
  /** Symbol → the working bracket orders guarding its position. */
  readonly positionBrackets = new Map<string, Partial<Record<BracketRole, string>>>();
  readonly books = new Map<string, SymbolBook>();
  /** Symbol → remaining quantity and notional of its working orders (margin reserve). */
  readonly openExposure = new Map<string, OpenExposure>();
  /** Working orders still inside their latency window. */
  readonly delayed = new Map<string, OrderRecord>();
  nextActiveAt = Number.POSITIVE_INFINITY;
  /** Non-final DAY orders. */
  readonly dayOrders = new Map<string, OrderRecord>();
  nextExpiry = Number.POSITIVE_INFINITY;
  orderSeq = 0;
  executionSeq = 0;
  /** Latest time seen (commands' `now`, quotes' time); only moves forward. */
  clock = 0;
  /** Ids of orders that became final and left the state (without history), with their final status. */
  readonly recentFinal = new Map<string, OrderStatus>();
  /** Symbols whose position, leverage or quote changed since the valuation screen last looked (valuation-screen.ts). */
  readonly touched = new Set<string>();
  readonly retainHistory: boolean;
  readonly touchFill: boolean;
  readonly matching: boolean;
  readonly #located = new Map<string, Location>();
  /** Orders that became final during the current operation, evicted at its end. */
  readonly #finalized: string[] = [];

  constructor(initialBalance: Fixed, options: EngineStateOptions = {}) {
    this.balance = { balance: initialBalance, realizedPL: 0n, commissionPaid: 0n, time: 0 };
    this.retainHistory = options.retainHistory ?? true;
    this.touchFill = options.touchFill ?? false;
    this.matching = options.matching ?? true;
  }

  /** The state's records, for a snapshot or a copy. */
  image(): EngineStateImage {
    return {
      balance: this.balance,
      orders: [...this.orders.values()],
      executions: this.executions.slice(),
      positions: [...this.positions.values()],
      leverage: [...this.leverage],
      clientOrders: [...this.clientOrders],
      children: [...this.children],
      positionBrackets: [...this.positionBrackets],
      recentFinal: [...this.recentFinal],
      orderSeq: this.orderSeq,
      executionSeq: this.executionSeq,
      clock: this.clock,
    };
  }

  /** A state equal to the one `image` was taken of; the books get the given quotes (market data, not state). */
  static fromImage(initialBalance: Fixed, image: EngineStateImage, options: EngineStateOptions = {}): EngineState {
    const state = new EngineState(initialBalance, options);
    state.clock = image.clock;
    state.balance = image.balance;
    for (const [symbol, leverage] of image.leverage) state.leverage.set(symbol, leverage);
    for (const position of image.positions) state.positions.set(position.symbol, position);
    if (state.retainHistory) state.executions.push(...image.executions);
    for (const order of image.orders) state.#applyOrder(order);
    // Derived maps are restored as they were: a fold of the latest versions alone would lose links (a woken bracket's parent).
    state.clientOrders.clear();
    for (const [clientOrderId, id] of image.clientOrders) state.clientOrders.set(clientOrderId, id);
    state.children.clear();
    for (const [parentId, ids] of image.children) state.children.set(parentId, ids.slice());
    state.positionBrackets.clear();
    for (const [symbol, ids] of image.positionBrackets) state.positionBrackets.set(symbol, { ...ids });
    for (const [id, status] of image.recentFinal) state.recentFinal.set(id, status);
    state.orderSeq = image.orderSeq;
    state.executionSeq = image.executionSeq;
    state.evictFinal();
    // Restored orders have rested before: they fill at their own price, not as new arrivals.
    for (const book of state.books.values()) book.arrivals.clear();
    return state;
  }

  /**
   * An independent copy (quotes included), e.g. to discard what was decided but never committed; with `options`, a
   * copy that differs in them (a matching copy of a ledger).
   */
  clone(options: EngineStateOptions = { retainHistory: this.retainHistory, touchFill: this.touchFill, matching: this.matching }): EngineState {
    const copy = EngineState.fromImage(0n, this.image(), options);
    for (const [symbol, book] of this.books) {
      const target = copy.book(symbol);
      target.quote = book.quote;
      target.bidLeft = book.bidLeft;
      target.askLeft = book.askLeft;
    }
    return copy;
  }

  /** Drops the orders that became final since the last call (only without history). */
  evictFinal(): void {
    if (this.#finalized.length === 0) return;
    for (const id of this.#finalized) {
      const order = this.orders.get(id);
      if (order === undefined || !isFinalStatus(order.status)) continue;
      this.orders.delete(id);
      this.children.delete(id);
      if (order.clientOrderId !== undefined && this.clientOrders.get(order.clientOrderId) === id) this.clientOrders.delete(order.clientOrderId);
      this.recentFinal.set(id, order.status);
    }
    trimOldest(this.recentFinal, RECENT_FINAL_LIMIT);
    this.#finalized.length = 0;
  }

  book(symbol: string): SymbolBook {
    let book = this.books.get(symbol);
    if (book === undefined) {
      book = new SymbolBook(symbol, this.touchFill);
      this.books.set(symbol, book);
    }
    return book;
  }

  apply(event: EngineEvent): void {
    switch (event.type) {
      case 'order':
        this.#applyOrder(event.order);
        return;
      case 'execution':
        if (this.retainHistory) this.executions.push(event.execution);
        if (event.execution.seq > this.executionSeq) this.executionSeq = event.execution.seq;
        return;
      case 'position':
        this.touched.add(event.position.symbol);
        if (event.position.qty === 0n) this.positions.delete(event.position.symbol);
        else this.positions.set(event.position.symbol, event.position);
        return;
      case 'balance':
        this.balance = event.balance;
        return;
      case 'leverage':
        this.touched.add(event.leverage.symbol);
        this.leverage.set(event.leverage.symbol, event.leverage.leverage);
        return;
    }
  }

  #applyOrder(order: OrderRecord): void {
    const previous = this.orders.get(order.id);
    this.#previousPlace = undefined;
    if (previous !== undefined) this.#unindex(previous);
    updateOpenExposure(this.openExposure, previous, order);
    this.orders.set(order.id, order);
    if (order.seq > this.orderSeq) this.orderSeq = order.seq;
    if (order.clientOrderId !== undefined) this.clientOrders.set(order.clientOrderId, order.id);
    if (order.parentId !== undefined && order.parentType === ParentType.Order) {
      const siblings = this.children.get(order.parentId) ?? [];
      if (!siblings.includes(order.id)) this.children.set(order.parentId, [...siblings, order.id]);
    }
    this.#indexBracket(order);
    if (this.matching) this.#index(order);
    if (!this.retainHistory && isFinalStatus(order.status)) this.#finalized.push(order.id);
  }

  #indexBracket(order: OrderRecord): void {
    if (order.bracketRole === undefined) return;
    const current = this.positionBrackets.get(order.symbol) ?? {};
    const guarding = order.parentType === ParentType.Position && !isFinalStatus(order.status);
    if (guarding) this.positionBrackets.set(order.symbol, { ...current, [order.bracketRole]: order.id });
    else if (current[order.bracketRole] === order.id) {
      const rest = { ...current };
      delete rest[order.bracketRole];
      if (rest.takeProfit === undefined && rest.stopLoss === undefined) this.positionBrackets.delete(order.symbol);
      else this.positionBrackets.set(order.symbol, rest);
    }
  }

  #index(order: OrderRecord): void {
    const final = isFinalStatus(order.status);
    if (order.expireAt !== undefined && !final) {
      this.dayOrders.set(order.id, order);
      if (order.expireAt < this.nextExpiry) this.nextExpiry = order.expireAt;
    } else this.dayOrders.delete(order.id);
    const book = this.book(order.symbol);
    if (isTrailing(order)) book.trailing.add(order.id);
    else book.trailing.delete(order.id);
    if (order.status !== OrderStatus.Working) return;
    if (order.activeAt > this.clock) {
      this.delayed.set(order.id, order);
      this.#located.set(order.id, 'delayed');
      if (order.activeAt < this.nextActiveAt) this.nextActiveAt = order.activeAt;
      return;
    }
    if (order.duration === 'IOC' || order.duration === 'FOK') return; // never rests: handled on activation
    const location = restingPlace(book, order);
    if (Array.isArray(location)) insertBySeq(location, order);
    else location.insert(order);
    if ((location === book.buyLimits || location === book.sellLimits) && !this.#wasResting(order, location)) book.arrivals.add(order.id);
    this.#located.set(order.id, location);
  }

  /** Was the order already resting at this place and price (a fill or a quantity change keeps its place)? */
  #wasResting(order: OrderRecord, location: Location): boolean {
    const previous = this.#previousPlace;
    return previous !== undefined && previous.location === location && previous.limitPrice === order.limitPrice;
  }

  #previousPlace: { location: Location; limitPrice: Fixed | undefined } | undefined;

  #unindex(order: OrderRecord): void {
    const location = this.#located.get(order.id);
    this.#previousPlace = location === undefined ? undefined : { location, limitPrice: order.limitPrice };
    if (location === undefined) return;
    this.#located.delete(order.id);
    if (location === 'delayed') this.delayed.delete(order.id);
    else if (Array.isArray(location)) {
      this.book(order.symbol).arrivals.delete(order.id);
      const at = location.findIndex((o) => o.id === order.id);
      if (at >= 0) location.splice(at, 1);
    } else {
      location.remove(order);
      this.book(order.symbol).arrivals.delete(order.id);
    }
  }

  /** Moves orders whose latency has elapsed into their books (IOC/FOK stay out: they act at once) and returns them. */
  promoteDue(): OrderRecord[] {
    const promoted: OrderRecord[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const order of [...this.delayed.values()]) {
      if (order.activeAt <= this.clock) {
        this.#previousPlace = undefined;
        this.#unindex(order);
        this.#index(order);
        promoted.push(order);
      } else if (order.activeAt < next) next = order.activeAt;
    }
    this.nextActiveAt = next;
    return promoted;
  }

  /** DAY orders whose expiry has come; recomputes the next expiry among the rest. */
  dueExpiries(): OrderRecord[] {
    const due: OrderRecord[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const order of this.dayOrders.values()) {
      const at = order.expireAt ?? Number.POSITIVE_INFINITY;
      if (at <= this.clock) due.push(order);
      else if (at < next) next = at;
    }
    this.nextExpiry = next;
    return due;
  }

  /** True when the order sits in a book, active (not waiting out its latency). */
  isResting(order: OrderRecord): boolean {
    const location = this.#located.get(order.id);
    return location !== undefined && location !== 'delayed';
  }
}

function isTrailing(order: OrderRecord): boolean {
  return order.trailingStopPips !== undefined && order.parentType === ParentType.Position && order.status === OrderStatus.Working;
}

function restingPlace(book: SymbolBook, order: OrderRecord): SortedOrders | OrderRecord[] {
  switch (order.type) {
    case OrderType.Market:
      return book.markets;
    case OrderType.Limit:
      return book.limits(order.side);
    case OrderType.Stop:
      return order.triggered ? book.markets : book.stops(order.side);
    case OrderType.StopLimit:
      return order.triggered ? book.limits(order.side) : book.stops(order.side);
  }
}

/** Keeps the market queue in time priority even when a partially filled order is re-indexed. */
function insertBySeq(queue: OrderRecord[], order: OrderRecord): void {
  let at = queue.length;
  while (at > 0 && (queue[at - 1]?.seq ?? 0) > order.seq) at--;
  queue.splice(at, 0, order);
}
