/**
 * Order commands against a ccxt venue. Every order gets a client id that is journaled (a Placing event, committed)
 * before it is sent; an ambiguous failure (timeout, dropped connection) is resolved by looking the order up
 * by that id before anything is sent again, so a retry can never create a second order. A retried
 * `clientOrderId` of the caller is answered by the account core before it reaches this flow.
 */
import type { MarketInterface, Order as CcxtOrder } from 'ccxt';
import {
  ErrorCode,
  OrderStatus,
  OrderType,
  REJECTION_CODES,
  TradingError,
  isFinalStatus,
  type ModifyOrder,
  type Order,
  type PreOrder,
} from '@trading-pro/contracts';
import type { BrokerContext, BrokerEvent, CommandResult, PlaceOrderResult } from '../broker.ts';
import { fitOrder, roundPrice, roundQty } from '../common/precision.ts';
import type { CcxtClient } from './ccxt-client.ts';
import { isAmbiguousCcxtError } from './ccxt-errors.ts';
import { buildCreateOrderRequest, checkOrderShape, makeClientOrderId, unsupportedReason } from './ccxt-orders.ts';
import type { CcxtBrokerOptions } from './ccxt-options.ts';
import { marketOf, marketRules, toVenueAmount } from './market-rules.ts';
import type { VenueSync } from './ccxt-sync.ts';
import type { OrderLedger } from './order-ledger.ts';

export class OrderFlow {
  readonly #client: CcxtClient;
  readonly #ledger: OrderLedger;
  readonly #sync: VenueSync;
  readonly #context: BrokerContext;
  readonly #options: CcxtBrokerOptions;
  #counter = 0;

  constructor(client: CcxtClient, ledger: OrderLedger, sync: VenueSync, context: BrokerContext, options: CcxtBrokerOptions) {
    this.#client = client;
    this.#ledger = ledger;
    this.#sync = sync;
    this.#context = context;
    this.#options = options;
  }

  /** Hedge-mode swap account (positions long and short apart): orders name the position they address. */
  hedged = false;

  /** Places an order; `reduceOnly` for closes (in hedge mode they address the position being closed). */
  async place(order: PreOrder, reduceOnly = false): Promise<PlaceOrderResult> {
    checkOrderShape(order);
    const id = this.#nextId();
    const market = this.#market(order.symbol);
    if (market === undefined) return this.#reject(id, order, ErrorCode.UNKNOWN_SYMBOL, `${this.#client.spec.kind} has no market ${order.symbol}`);
    const normalized: PreOrder = { ...order, symbol: market.symbol };
    const isStop = order.type === OrderType.Stop || order.type === OrderType.StopLimit;
    const stopsRefused = isStop ? this.#client.spec.stopsRefused?.(this.#options.market) : undefined;
    const unsupported = stopsRefused ?? unsupportedReason(normalized, this.#client.spec, this.#options.market);
    if (unsupported !== undefined) return this.#reject(id, normalized, ErrorCode.UNSUPPORTED_ORDER, unsupported);
    const fitted = fitOrder(normalized, marketRules(market));
    const now = this.#context.now();
    const placing: Order = {
      id,
      ...(order.clientOrderId === undefined ? {} : { clientOrderId: order.clientOrderId }),
      symbol: market.symbol,
      type: order.type,
      side: order.side,
      qty: fitted.qty,
      status: OrderStatus.Placing,
      ...(fitted.limitPrice === undefined ? {} : { limitPrice: fitted.limitPrice }),
      ...(fitted.stopPrice === undefined ? {} : { stopPrice: fitted.stopPrice }),
      ...(order.takeProfit === undefined ? {} : { takeProfit: order.takeProfit }),
      ...(order.stopLoss === undefined ? {} : { stopLoss: order.stopLoss }),
      duration: { type: order.duration?.type ?? 'GTC' },
      filledQty: 0,
      commission: 0,
      createTime: now,
      updateTime: now,
    };
    // A stop that the venue keeps in a conditional-order service is looked up, canceled and listed there.
    if (isStop && this.#sync.conditional !== undefined) this.#ledger.markConditional(id);
    // Committed to the journal before the request leaves, so a crash mid-flight still leaves the id to reconcile by;
    // if the journal refuses it, nothing is sent.
    try {
      await this.#context.onEvents(this.#ledger.upsert(placing));
    } catch (error) {
      this.#ledger.forget(id);
      throw error;
    }
    const request = buildCreateOrderRequest(normalized, fitted, id, this.#client.spec, this.#options.market);
    // ccxt maps these to each venue's field (OKX posSide, Bybit positionIdx) in hedge mode.
    const positionParams = this.hedged && market.contract === true ? { hedged: true, ...(reduceOnly ? { reduceOnly: true } : {}) } : reduceOnly && market.contract === true ? { reduceOnly: true } : {};
    return this.#submit(placing, { ...request, amount: toVenueAmount(request.amount, market), params: { ...request.params, ...positionParams } });
  }

  /**
   * Sends the order once. When its outcome is unknown (timeout, dropped connection, 5xx) it stays Placing and
   * is settled by the venue's own word only: a lookup by client id now and over the unknown-order window, the
   * user stream, or a reconciliation. It is never sent again: a late copy could still execute (Binance says so).
   */
  async #submit(placing: Order, request: ReturnType<typeof buildCreateOrderRequest>): Promise<PlaceOrderResult> {
    try {
      const created = await this.#client.write((exchange) =>
        exchange.createOrder(request.symbol, request.type, request.side, request.amount, request.price, request.params),
      );
      return { orderId: placing.id, events: await this.#accept(created, placing) };
    } catch (error) {
      if (!isAmbiguousCcxtError(error)) return await this.#refused(placing, error);
      const found = await this.#sync.findByClientOrderId(placing.id, placing.symbol, this.#ledger.isConditional(placing.id)).catch(() => undefined);
      if (found !== undefined) return { orderId: placing.id, events: await this.#adopt(found) };
      this.#sync.watchUnknown(placing.id);
      return { orderId: placing.id, events: [] };
    }
  }

  /**
   * Venues that answer with ids only (Bybit, OKX): the order's state comes from a lookup, or later from the
   * stream (undefined when the lookup fails).
   */
  async #resolveAck(order: CcxtOrder, symbol: string, conditional = false): Promise<CcxtOrder | undefined> {
    if (order.status !== undefined || order.id === undefined) return order;
    const venueId = order.id;
    const params = { ...this.#client.spec.fetchOrderParams, ...(conditional ? this.#sync.conditional?.params : undefined) };
    return this.#client.read((exchange) => exchange.fetchOrder(venueId, symbol, params)).catch(() => undefined);
  }

  async #accept(ack: CcxtOrder, placing: Order): Promise<BrokerEvent[]> {
    const created = await this.#resolveAck(ack, placing.symbol, this.#ledger.isConditional(placing.id));
    if (created === undefined) return this.#ledger.upsert(placing, ack.id);
    const events = this.#sync.absorbOrders([created]);
    // Some venues list only trade ids on an order (Kraken's QueryOrders): those come in full from the trade history.
    const trades = (created.trades ?? []).filter((trade) => trade.amount !== undefined && trade.price !== undefined);
    const fills = this.#sync.absorbTrades(trades, created.id);
    if (fills.length > 0) this.#sync.publish(fills);
    return events;
  }

  /** An order found by client id after an unanswered submission: its state and its fills. */
  async #adopt(found: CcxtOrder): Promise<BrokerEvent[]> {
    const events = await this.#sync.adopt(found);
    const fills = events.filter((event) => event.route === 'executions');
    if (fills.length > 0) this.#sync.publish(fills);
    return events.filter((event) => event.route !== 'executions');
  }

  /** A definite refusal: recorded as Rejected (422) when it is a business rejection, else rethrown. */
  async #refused(placing: Order, error: unknown): Promise<PlaceOrderResult> {
    const mapped = error instanceof TradingError ? error : new TradingError(ErrorCode.INTERNAL_ERROR, String(error));
    const rejected: Order = { ...placing, status: OrderStatus.Rejected, rejectReason: mapped.message, updateTime: this.#context.now() };
    const events = this.#ledger.upsert(rejected);
    if (REJECTION_CODES.has(mapped.code)) return { orderId: placing.id, events, rejection: mapped };
    await this.#context.onEvents(events).catch(() => undefined);
    throw mapped;
  }

  /** Records an order refused before it reached the venue (an account risk limit). */
  reject(order: PreOrder, rejection: TradingError): PlaceOrderResult {
    return this.#reject(this.#nextId(), order, rejection.code, rejection.message);
  }

  #reject(id: string, order: PreOrder, code: ErrorCode, reason: string): PlaceOrderResult {
    const now = this.#context.now();
    const rejected: Order = {
      id,
      ...(order.clientOrderId === undefined ? {} : { clientOrderId: order.clientOrderId }),
      symbol: order.symbol,
      type: order.type,
      side: order.side,
      qty: order.qty,
      status: OrderStatus.Rejected,
      ...(order.limitPrice === undefined ? {} : { limitPrice: order.limitPrice }),
      ...(order.stopPrice === undefined ? {} : { stopPrice: order.stopPrice }),
      duration: { type: order.duration?.type ?? 'GTC' },
      rejectReason: reason,
      filledQty: 0,
      commission: 0,
      createTime: now,
      updateTime: now,
    };
    return { orderId: id, events: this.#ledger.upsert(rejected), rejection: new TradingError(code, reason) };
  }

  async modify(orderId: string, changes: ModifyOrder): Promise<CommandResult> {
    const order = this.#open(orderId);
    const spec = this.#client.spec;
    if (!spec.supportsEditOrder) throw new TradingError(ErrorCode.UNSUPPORTED_ORDER, `${spec.kind} cannot modify orders; cancel and place a new one`);
    if (changes.takeProfit !== undefined || changes.stopLoss !== undefined) {
      throw new TradingError(ErrorCode.UNSUPPORTED_ORDER, `${spec.kind} cannot change brackets of a working order`);
    }
    if (this.#ledger.isConditional(orderId)) {
      throw new TradingError(ErrorCode.UNSUPPORTED_ORDER, `${spec.kind} cannot modify a conditional order before it triggers; cancel it and place a new one`);
    }
    const market = this.#market(order.symbol);
    const venueId = this.#ledger.venueOrderId(orderId);
    if (market === undefined || venueId === undefined) throw new TradingError(ErrorCode.CONFLICT, `order ${orderId} is not yet confirmed by ${spec.kind}`);
    const rules = marketRules(market);
    const qty = changes.qty === undefined ? order.qty : roundQty(changes.qty, rules);
    const price = changes.limitPrice === undefined ? order.limitPrice : roundPrice(changes.limitPrice, rules);
    const stopPrice = changes.stopPrice === undefined ? order.stopPrice : roundPrice(changes.stopPrice, rules);
    fitOrder({ qty, ...(price === undefined ? {} : { limitPrice: price }) }, rules);
    const params: Record<string, unknown> = stopPrice === undefined ? {} : { triggerPrice: stopPrice };
    const replaces = typeof spec.editReplacesOrder === 'function' ? spec.editReplacesOrder(this.#options.market) : spec.editReplacesOrder === true;
    if (replaces) {
      const replacementId = this.#nextId();
      this.#ledger.alias(replacementId, orderId);
      params['clientOrderId'] = replacementId;
    }
    const type = price === undefined ? 'market' : 'limit';
    const side = order.side === 1 ? 'buy' : 'sell';
    // Venues that edit by cancel-replace push the old order's cancellation, possibly before we hear back.
    this.#ledger.retire(venueId);
    const amount = toVenueAmount(qty, market);
    let edited: CcxtOrder;
    try {
      edited = await this.#client.write((exchange) => exchange.editOrder(venueId, order.symbol, type, side, amount, price, params));
    } catch (error) {
      this.#ledger.unretire(venueId);
      throw error;
    }
    // Only a cancel-replace moves the order to a new venue id; an amend answers with its own ids (Kraken's amend_id).
    const newId = edited.id;
    const replaced = replaces && newId !== undefined && newId !== venueId;
    if (replaced) this.#ledger.relink(orderId, newId);
    else this.#ledger.unretire(venueId);
    const ack = replaced || edited.id === venueId ? edited : { ...edited, id: venueId, status: undefined };
    const state = await this.#resolveAck(ack as CcxtOrder, order.symbol);
    return { events: state === undefined ? [] : this.#sync.absorbOrders([state]) };
  }

  async cancel(orderId: string): Promise<CommandResult> {
    const order = this.#open(orderId);
    let venueId = this.#ledger.venueOrderId(orderId);
    if (venueId === undefined) {
      const found = await this.#sync.findByClientOrderId(orderId, order.symbol, this.#ledger.isConditional(orderId));
      if (found === undefined) throw new TradingError(ErrorCode.CONFLICT, `order ${orderId} is not yet confirmed by ${this.#client.spec.kind}`);
      await this.#context.onEvents(this.#sync.absorbOrders([found]));
      venueId = this.#ledger.venueOrderId(orderId) ?? found.id;
    }
    const id = venueId ?? orderId;
    // Still in the conditional-order service (not triggered): canceled there; once triggered, its book order is.
    const conditional = this.#ledger.isConditional(orderId);
    const params = { ...this.#client.spec.cancelParams?.(order, this.#options.market), ...(conditional ? this.#sync.conditional?.params : undefined) };
    const answer = await this.#client.write((exchange) => exchange.cancelOrder(id, order.symbol, params));
    // Venues that answer a cancel with ids only (or nothing, Kraken): the final state comes from a lookup.
    const canceled = answer.amount === undefined ? await this.#resolveAck({ ...answer, id, status: undefined } as CcxtOrder, order.symbol, conditional) : answer;
    const events = canceled === undefined ? [] : this.#sync.absorbOrders([{ ...canceled, status: canceled.status ?? 'canceled' }]);
    const after = this.#ledger.order(orderId);
    if (after !== undefined && !isFinalStatus(after.status)) {
      events.push(...this.#ledger.upsert({ ...after, status: OrderStatus.Canceled, updateTime: this.#context.now() }));
    }
    return { events };
  }

  #open(orderId: string): Order {
    const order = this.#ledger.order(orderId);
    if (order === undefined) throw new TradingError(ErrorCode.NOT_FOUND, `order ${orderId} not found`);
    if (isFinalStatus(order.status)) throw new TradingError(ErrorCode.CONFLICT, `order ${orderId} is already final`);
    return order;
  }

  #market(symbol: string): MarketInterface | undefined {
    return marketOf(this.#client.exchange, symbol);
  }

  #nextId(): string {
    this.#counter += 1;
    return makeClientOrderId(this.#options.clientOrderIdPrefix, this.#context.now(), this.#counter, this.#client.spec.clientOrderIdMaxLength);
  }
}
