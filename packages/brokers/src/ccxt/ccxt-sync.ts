/**
 * Turns what the venue says (stream pushes, REST snapshots) into our events, once each: order versions,
 * fills, and a REST reconciliation (open orders, the final state of orders that left the book, recent
 * trades) run after every reconnect and on a timer, so a fill missed by the stream is never missed for long.
 */
import type { Order as CcxtOrder, Trade as CcxtTrade } from 'ccxt';
import { ErrorCode, OrderStatus, TradingError, type Execution, type Order } from '@trading-pro/contracts';
import type { BrokerContext, BrokerEvent } from '../broker.ts';
import type { CcxtClient } from './ccxt-client.ts';
import type { ConditionalOrderService } from './venue-spec.ts';
import { parseCcxtOrder, parseCcxtTrade } from './ccxt-parse.ts';
import { fromVenueAmount, marketOf } from './market-rules.ts';
import type { OrderLedger } from './order-ledger.ts';

export interface SyncOptions {
  /** How far back the first trade catch-up of a symbol looks. */
  readonly tradeLookbackMs: number;
  /** A Placing order the venue still does not know after this long was never accepted. */
  readonly placingTimeoutMs: number;
  /** First delay of the client-id lookups that settle an order whose submission went unanswered (then doubling). */
  readonly unknownLookupMs: number;
}

export class VenueSync {
  readonly #client: CcxtClient;
  readonly #ledger: OrderLedger;
  readonly #context: BrokerContext;
  readonly #options: SyncOptions;
  readonly #onFills: () => void;
  /** Lookups scheduled for orders whose outcome is unknown, by our id. */
  readonly #unknown = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(client: CcxtClient, ledger: OrderLedger, context: BrokerContext, options: SyncOptions, onFills: () => void) {
    this.#client = client;
    this.#ledger = ledger;
    this.#context = context;
    this.#options = options;
    this.#onFills = onFills;
  }

  /** Our view of a venue order, keeping the caller's key and the requested duration we already know. */
  toOrder(venueOrder: CcxtOrder): Order {
    const order = this.#inBaseUnits(this.#client.spec.normalizeOrder?.(venueOrder) ?? venueOrder);
    const id = this.#ledger.idFor(order.id, order.clientOrderId);
    const known = this.#ledger.order(id);
    const venueStatus = this.#client.spec.parseOrderStatus(asRecord(order.info));
    const parsed = parseCcxtOrder(order, { id, ...(known?.clientOrderId === undefined ? {} : { clientOrderId: known.clientOrderId }) }, venueStatus, this.#context.now());
    // Every order of ours is journaled (Placing) before it is sent: one the ledger does not know was placed elsewhere.
    if (known === undefined) return { ...parsed, external: true };
    // A stop that triggered into a book order (Binance's algo service) is still our stop order, at its trigger price.
    const stop = known.stopPrice !== undefined && parsed.stopPrice === undefined ? { type: known.type, stopPrice: known.stopPrice } : {};
    const duration = known.duration !== undefined && parsed.duration === undefined ? { duration: known.duration } : {};
    return { ...parsed, ...stop, ...duration };
  }

  absorbOrders(orders: readonly CcxtOrder[]): BrokerEvent[] {
    const events: BrokerEvent[] = [];
    // Triggers first: a batch can hold a conditional order's trigger and the book order it became, in any order.
    const service = this.conditional;
    const first = (order: CcxtOrder): number => (service?.isServiceOrder(asRecord(order.info)) === true ? 0 : 1);
    for (const order of service === undefined ? orders : [...orders].sort((a, b) => first(a) - first(b))) {
      if (this.#ledger.isRetired(order.id)) continue;
      if (this.#followTriggered(order)) continue;
      events.push(...this.#ledger.upsert(this.toOrder(order), order.id));
    }
    return events;
  }

  /** Stream pushes, absorbed one batch after another in arrival order (a batch may wait for a trigger lookup). */
  #streamQueue: Promise<void> = Promise.resolve();

  /** Order versions from the user stream. */
  streamOrders(orders: readonly CcxtOrder[]): void {
    const symbols = this.#unknownBookSymbols(orders.filter((order) => !this.#isServiceOrder(order)).map((order) => ({ id: order.id, clientOrderId: order.clientOrderId, symbol: order.symbol })));
    this.#enqueue(symbols, () => this.publish(this.absorbOrders(orders)));
  }

  /** Fills from the user stream. */
  streamTrades(trades: readonly CcxtTrade[]): void {
    const symbols = this.#unknownBookSymbols(trades.map((trade) => ({ id: trade.order, clientOrderId: undefined, symbol: trade.symbol })));
    this.#enqueue(symbols, () => this.publish(this.absorbTrades(trades)));
  }

  #enqueue(symbols: ReadonlySet<string>, absorb: () => void): void {
    this.#streamQueue = this.#streamQueue
      .then(async () => {
        if (symbols.size > 0) await this.#resolveTriggers(symbols).catch(() => undefined);
        absorb();
      })
      .catch(() => undefined);
  }

  /**
   * Symbols where a book order we do not know appeared while conditional orders of ours wait there: it may be one of
   * them triggered, its trigger not heard of yet (the venue does not promise which push comes first).
   */
  #unknownBookSymbols(items: readonly { id: string | undefined; clientOrderId: string | undefined; symbol: string | undefined }[]): Set<string> {
    const symbols = new Set<string>();
    if (this.conditional === undefined) return symbols;
    const waiting = new Set(this.#ledger.unfinished().filter((order) => this.#ledger.isConditional(order.id)).map((order) => order.symbol));
    for (const item of items) {
      if (item.symbol === undefined || !waiting.has(item.symbol) || this.#ledger.isRetired(item.id)) continue;
      if (this.#ledger.order(this.#ledger.idFor(item.id, item.clientOrderId)) === undefined) symbols.add(item.symbol);
    }
    return symbols;
  }

  /** Asks the conditional-order service about our waiting orders on these symbols, so triggered ones are followed. */
  async #resolveTriggers(symbols: ReadonlySet<string>): Promise<void> {
    for (const order of this.#ledger.unfinished()) {
      if (!this.#ledger.isConditional(order.id) || !symbols.has(order.symbol)) continue;
      const found = await this.fetchOrder(order);
      if (found !== undefined) this.publish(this.absorbOrders([found]));
    }
  }

  #isServiceOrder(order: CcxtOrder): boolean {
    return this.conditional?.isServiceOrder(asRecord(order.info)) === true;
  }

  /** The venue's conditional-order service for our market kind, if stops live apart from the book there. */
  get conditional(): ConditionalOrderService | undefined {
    return this.#client.spec.conditionalOrders?.(this.#client.options.market);
  }

  /**
   * A conditional order of ours that the service reports triggered: our order now follows the book order it
   * became (true: nothing else to record from this version; that order's own versions and fills will speak).
   */
  #followTriggered(order: CcxtOrder): boolean {
    const service = this.conditional;
    const info = asRecord(order.info);
    if (service === undefined || !service.isServiceOrder(info)) return false;
    const bookOrderId = service.triggeredOrderId(info);
    if (bookOrderId === undefined) return false;
    const id = this.#ledger.idFor(order.id, order.clientOrderId);
    if (this.#ledger.order(id) === undefined) return false;
    this.#ledger.triggered(id, order.id, bookOrderId);
    return true;
  }

  /** A venue trade as our execution, attributed to our order id. */
  executionOf(trade: CcxtTrade, venueOrderId?: string): Execution {
    const market = marketOf(this.#client.exchange, trade.symbol ?? '');
    const inBase = market?.contract === true && trade.amount !== undefined ? { ...trade, amount: fromVenueAmount(trade.amount, market) } : trade;
    const execution = parseCcxtTrade(inBase, this.#ledger.idFor(trade.order ?? venueOrderId, undefined), this.#context.now());
    const fee = this.#client.spec.tradeFee?.(asRecord(trade.info));
    return fee === undefined ? execution : { ...execution, commission: fee };
  }

  /** Contract markets count contracts; our quantities are base units. */
  #inBaseUnits(order: CcxtOrder): CcxtOrder {
    const market = marketOf(this.#client.exchange, order.symbol ?? '');
    if (market?.contract !== true) return order;
    const scale = (amount: number | undefined): number | undefined => (amount === undefined ? undefined : fromVenueAmount(amount, market));
    return { ...order, amount: scale(order.amount), filled: scale(order.filled), remaining: scale(order.remaining) };
  }

  /** Records fills; `venueOrderId` attributes trades that do not name their order (order-response fills). */
  absorbTrades(trades: readonly CcxtTrade[], venueOrderId?: string): BrokerEvent[] {
    return trades.flatMap((trade) => this.#ledger.addExecution(this.executionOf(trade, venueOrderId)));
  }

  /** Journals stream or REST findings; fills also trigger a positions/equity refresh. */
  publish(events: readonly BrokerEvent[]): void {
    if (events.length === 0) return;
    // A refused journal write loses nothing: the ledger forgets the facts, and the next reconciliation finds them again.
    this.#context.onEvents(events).catch(() => undefined);
    if (events.some((event) => event.route === 'executions')) this.#onFills();
  }

  /**
   * Finds an order by the client id we sent (the venue's own lookup, else open then closed orders); a conditional
   * order is looked up in the venue's conditional-order service, by the client id it was placed with there.
   */
  async findByClientOrderId(clientOrderId: string, symbol: string, conditional = false): Promise<CcxtOrder | undefined> {
    const spec = this.#client.spec;
    const service = conditional ? this.conditional : undefined;
    if (service !== undefined) {
      const params = service.byClientId(clientOrderId);
      return this.#client.read((exchange) => exchange.fetchOrder('', symbol, params)).catch(undefinedWhenNotFound);
    }
    if (spec.fetchByClientOrderId !== undefined) {
      const lookup = spec.fetchByClientOrderId;
      return this.#client.read((exchange) => lookup(exchange, clientOrderId, symbol, this.#client.options.market)).catch(undefinedWhenNotFound);
    }
    const normalize = (order: CcxtOrder): CcxtOrder => spec.normalizeOrder?.(order) ?? order;
    const open = await this.#client.read((exchange) => exchange.fetchOpenOrders(symbol));
    const found = open.find((order) => normalize(order).clientOrderId === clientOrderId);
    if (found !== undefined) return found;
    const closed = await this.#client.read((exchange) => exchange.fetchClosedOrders(symbol));
    return closed.find((order) => normalize(order).clientOrderId === clientOrderId);
  }

  /**
   * Settles an order whose submission went unanswered by the venue's word only: its client id is looked up
   * again and again (the first lookup may race the request itself) until the venue has it, or until
   * `placingTimeoutMs` has passed and the venue still answers that it has no such order.
   */
  watchUnknown(orderId: string, delayMs = this.#options.unknownLookupMs): void {
    clearTimeout(this.#unknown.get(orderId));
    const timer = setTimeout(() => void this.#lookUpUnknown(orderId, delayMs), delayMs);
    timer.unref();
    this.#unknown.set(orderId, timer);
  }

  /** Orders still waiting for the venue's word (diagnostics and tests). */
  unknownOrders(): string[] {
    return [...this.#unknown.keys()];
  }

  stop(): void {
    for (const timer of this.#unknown.values()) clearTimeout(timer);
    this.#unknown.clear();
  }

  async #lookUpUnknown(orderId: string, delayMs: number): Promise<void> {
    this.#unknown.delete(orderId);
    const order = this.#ledger.order(orderId);
    if (order === undefined || order.status !== OrderStatus.Placing) return;
    let answered = false;
    try {
      const found = await this.findByClientOrderId(order.id, order.symbol, this.#ledger.isConditional(order.id));
      answered = true;
      if (found !== undefined) {
        this.publish(await this.adopt(found));
        return;
      }
    } catch {
      // The venue could not say: keep asking; reconciliation also settles it.
    }
    if (answered && this.#context.now() - order.createTime >= this.#options.placingTimeoutMs) {
      this.publish(this.#neverReceived(order));
      return;
    }
    this.watchUnknown(orderId, Math.min(delayMs * 2, 5_000));
  }

  /** A venue order found by lookup: its state, and its fills (fetched when the answer carries none). */
  async adopt(found: CcxtOrder): Promise<BrokerEvent[]> {
    const service = this.conditional;
    const bookOrderId = service?.isServiceOrder(asRecord(found.info)) === true ? service.triggeredOrderId(asRecord(found.info)) : undefined;
    if (bookOrderId !== undefined && found.symbol !== undefined) {
      // Triggered already: what happened to the order is the book order's story.
      this.absorbOrders([found]);
      const symbol = found.symbol;
      const params = { ...this.#client.spec.fetchOrderParams };
      const book = await this.#client.read((exchange) => exchange.fetchOrder(bookOrderId, symbol, params)).catch(undefinedWhenNotFound);
      return book === undefined ? [] : this.adopt(book);
    }
    const events = this.absorbOrders([found]);
    const embedded = (found.trades ?? []).filter((trade) => trade.amount !== undefined && trade.price !== undefined);
    if (embedded.length > 0) return [...events, ...this.absorbTrades(embedded, found.id)];
    if ((found.filled ?? 0) > 0 && found.symbol !== undefined) {
      const symbol = found.symbol;
      const since = (found.timestamp ?? this.#context.now()) - 60_000;
      const trades = await this.#client.read((exchange) => exchange.fetchMyTrades(symbol, since)).catch(() => []);
      events.push(...this.absorbTrades(trades.filter((trade) => trade.order === found.id)));
    }
    return events;
  }

  #neverReceived(order: Order): BrokerEvent[] {
    const reason = `${this.#client.spec.kind} has no record of the order after ${Math.round(this.#options.placingTimeoutMs / 1000)} s: it never arrived (it was not sent again)`;
    return this.#ledger.upsert({ ...order, status: OrderStatus.Rejected, rejectReason: reason, updateTime: this.#context.now() });
  }

  /** Current venue state of one of our orders, or undefined when the venue does not know it. */
  async fetchOrder(order: Order): Promise<CcxtOrder | undefined> {
    const conditional = this.#ledger.isConditional(order.id);
    const venueId = this.#ledger.venueOrderId(order.id);
    if (venueId === undefined) return this.findByClientOrderId(order.id, order.symbol, conditional);
    const params = { ...this.#client.spec.fetchOrderParams, ...(conditional ? this.conditional?.params : undefined) };
    return this.#client.read((exchange) => exchange.fetchOrder(venueId, order.symbol, params)).catch(undefinedWhenNotFound);
  }

  /**
   * REST reconciliation, nautilus-style: every open order at the venue (orders placed elsewhere are adopted and
   * marked external), the final state of our orders that left the book, and fills since the last one we know
   * (fills while we were down included). Whatever differs from the journal becomes events.
   */
  async reconcile(): Promise<void> {
    await this.#reconcileConditional();
    const everywhere = await this.#openOrdersEverywhere();
    const symbols = this.#ledger.symbols();
    for (const order of everywhere ?? []) if (order.symbol !== undefined) symbols.add(order.symbol);
    for (const symbol of symbols) {
      if (marketOf(this.#client.exchange, symbol) === undefined) continue;
      const open = everywhere?.filter((order) => order.symbol === symbol) ?? (await this.#client.read((exchange) => exchange.fetchOpenOrders(symbol)));
      this.publish(this.absorbOrders(open));
      const openIds = new Set(open.map((order) => this.#ledger.idFor(order.id, order.clientOrderId)));
      for (const order of this.#ledger.unfinished()) {
        if (order.symbol !== symbol || openIds.has(order.id)) continue;
        await this.#settle(order);
      }
      const since = (this.#ledger.lastFillTime(symbol) ?? this.#context.now() - this.#options.tradeLookbackMs) - 1;
      const trades = await this.#client.read((exchange) => exchange.fetchMyTrades(symbol, since));
      this.publish(this.absorbTrades(trades));
    }
  }

  /**
   * The conditional-order service first: its open orders (ours, and ones placed elsewhere), then each conditional
   * order of ours it no longer lists, fetched to learn how it ended or which book order it became; so a book order
   * born of a trigger is recognised as ours before the book's open orders are read.
   */
  async #reconcileConditional(): Promise<void> {
    const service = this.conditional;
    if (service === undefined) return;
    const everywhere = this.#client.spec.openOrdersEverywhere;
    const params = { ...service.params, ...(everywhere === false ? undefined : everywhere?.(this.#client.options.market)) };
    const open = await this.#client.read((exchange) => exchange.fetchOpenOrders(undefined, undefined, undefined, params));
    this.publish(this.absorbOrders(open));
    const openIds = new Set(open.map((order) => this.#ledger.idFor(order.id, order.clientOrderId)));
    for (const order of this.#ledger.unfinished()) {
      if (!this.#ledger.isConditional(order.id) || openIds.has(order.id)) continue;
      const found = await this.fetchOrder(order);
      if (found !== undefined) this.publish(await this.adopt(found));
    }
  }

  /** Open orders of every symbol in one call where the venue offers it (undefined: ask symbol by symbol). */
  async #openOrdersEverywhere(): Promise<CcxtOrder[] | undefined> {
    const spec = this.#client.spec;
    if (spec.openOrdersEverywhere === false) return undefined;
    const params = spec.openOrdersEverywhere?.(this.#client.options.market) ?? {};
    try {
      return await this.#client.read((exchange) => exchange.fetchOpenOrders(undefined, undefined, undefined, params));
    } catch (error) {
      if (error instanceof TradingError && error.code === ErrorCode.BROKER_UNAVAILABLE) throw error;
      return undefined;
    }
  }

  /** An unfinished order that is no longer open: fetch how it ended (or give up on a never-accepted one). */
  async #settle(order: Order): Promise<void> {
    const venueOrder = await this.fetchOrder(order);
    if (venueOrder !== undefined) {
      this.publish(this.absorbOrders([venueOrder]));
      return;
    }
    const stale = order.status === OrderStatus.Placing && this.#context.now() - order.createTime >= this.#options.placingTimeoutMs;
    if (stale) this.publish(this.#neverReceived(order));
    else if (order.status === OrderStatus.Placing && !this.#unknown.has(order.id)) this.watchUnknown(order.id);
  }
}

function undefinedWhenNotFound(error: unknown): undefined {
  if (error instanceof TradingError && error.code === ErrorCode.NOT_FOUND) return undefined;
  throw error;
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}
