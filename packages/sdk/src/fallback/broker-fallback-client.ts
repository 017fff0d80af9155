/** `BrokerClient` over the in-process simulation, with the server's validation and rejection codes for the common cases. */
import { ErrorCode, OrderStatus, absFixed, fixedToString, fromFixed, isFinalStatus, mulFixed, type Fixed } from '@trading-pro/contracts';
import { TradingProError } from '../errors.ts';
import type { BrokerClient, OrderPageQuery } from '../interfaces.ts';
import { pageOfList, type Page, type PageQuery } from '../paging.ts';
import type {
  Account,
  AccountInfo,
  BrokerConfig,
  CancelOrdersFilter,
  Execution,
  LeverageInfo,
  ModifyOrder,
  Order,
  OrderPreview,
  PlaceOrderResult,
  Position,
  PositionBrackets,
  PreOrder,
} from '../types.ts';
import { toMoney } from './sim-ledger.ts';
import { unknownSymbol, type SimEngine } from './sim-engine.ts';
import type { SimInstrument } from './sim-market.ts';
import { checkBracketSides, checkPrice, checkQty, invalid, requestKeyOf, toOrder, validateModify, validatePreOrder, type SimOrder } from './sim-orders.ts';
import type { AccountIdentity } from './sim-ledger.ts';

export class BrokerFallbackClient implements BrokerClient {
  readonly #engine: SimEngine;
  readonly #identity: AccountIdentity;

  constructor(engine: SimEngine, identity: AccountIdentity) {
    this.#engine = engine;
    this.#identity = identity;
  }

  async placeOrder(req: PreOrder): Promise<PlaceOrderResult> {
    validatePreOrder(req);
    const engine = this.#engine;
    const requestKey = requestKeyOf(req);
    const existing = req.clientOrderId === undefined ? undefined : engine.orders.get(engine.clientOrders.get(req.clientOrderId) ?? '');
    if (existing) {
      if (existing.requestKey !== requestKey) throw new TradingProError({ code: ErrorCode.CONFLICT, message: `clientOrderId ${String(req.clientOrderId)} was already used for a different order` });
      if (existing.status === OrderStatus.Rejected) throw new TradingProError({ code: ErrorCode.ORDER_REJECTED, message: existing.rejectReason ?? 'rejected', details: [{ message: existing.rejectReason ?? 'rejected', orderId: existing.id }] });
      return { orderId: existing.id };
    }
    const instrument = engine.market.instrument(req.symbol);
    const checked = instrument === undefined ? undefined : this.#check(req, instrument);
    const now = engine.now();
    const order: SimOrder = {
      id: engine.nextOrderId(),
      clientOrderId: req.clientOrderId,
      requestKey,
      symbol: instrument?.symbol ?? req.symbol,
      type: req.type,
      side: req.side,
      qty: checked?.qty ?? 0n,
      status: OrderStatus.Working,
      limitPrice: checked?.limitPrice,
      stopPrice: checked?.stopPrice,
      takeProfit: checked?.takeProfit,
      stopLoss: checked?.stopLoss,
      duration: req.duration?.type ?? 'GTC',
      filledQty: 0n,
      filledNotional: 0n,
      commission: 0n,
      rejectReason: undefined,
      triggered: false,
      createTime: now,
      updateTime: now,
    };
    if (!checked) throw engine.reject(order, ErrorCode.UNKNOWN_SYMBOL, `unknown symbol ${req.symbol}`);
    const problem = this.#marginProblem(order, checked.price);
    if (problem) throw engine.reject(order, ErrorCode.INSUFFICIENT_BUYING_POWER, problem);
    engine.record(order);
    engine.match(order);
    return { orderId: order.id };
  }

  async previewOrder(req: PreOrder): Promise<OrderPreview> {
    validatePreOrder(req);
    const instrument = this.#engine.market.instrument(req.symbol);
    if (!instrument) throw unknownSymbol(req.symbol);
    const { qty, price } = this.#check(req, instrument);
    const { required, available } = this.#margin(instrument.symbol, req.side === 1 ? qty : -qty, price);
    const money = (value: Fixed) => `${fixedToString(toMoney(value))} ${this.#identity.currency}`;
    const problem = required > available ? [`needs ${money(required)} of margin but only ${money(available)} is available`] : undefined;
    return {
      confirmId: `preview-${Date.now().toString(36)}`,
      sections: [
        {
          header: `${req.side === 1 ? 'Buy' : 'Sell'} ${fixedToString(qty)} ${instrument.symbol}`,
          rows: [
            { title: 'Estimated price', value: fixedToString(price) },
            { title: 'Notional', value: money(mulFixed(qty, price)) },
            { title: 'Margin', value: money(required) },
            { title: 'Buying power after', value: money(available - required) },
          ],
        },
      ],
      ...(problem ? { errors: problem } : {}),
    };
  }

  async modifyOrder(orderId: string, changes: ModifyOrder): Promise<void> {
    validateModify(changes);
    const order = this.#live(orderId);
    const instrument = this.#instrument(order.symbol);
    const qty = changes.qty === undefined ? undefined : checkQty(changes.qty, instrument);
    if (changes.limitPrice !== undefined && order.limitPrice === undefined) throw invalid('limitPrice', 'limitPrice applies only to Limit and StopLimit orders');
    if (changes.stopPrice !== undefined && order.stopPrice === undefined) throw invalid('stopPrice', 'stopPrice applies only to Stop and StopLimit orders');
    const limitPrice = checkPrice(changes.limitPrice, instrument, 'limitPrice');
    const stopPrice = checkPrice(changes.stopPrice, instrument, 'stopPrice');
    const takeProfit = changes.takeProfit === null ? null : checkPrice(changes.takeProfit, instrument, 'takeProfit');
    const stopLoss = changes.stopLoss === null ? null : checkPrice(changes.stopLoss, instrument, 'stopLoss');
    if (qty !== undefined) order.qty = qty;
    if (limitPrice !== undefined) order.limitPrice = limitPrice;
    if (stopPrice !== undefined) order.stopPrice = stopPrice;
    if (takeProfit !== undefined) order.takeProfit = takeProfit ?? undefined;
    if (stopLoss !== undefined) order.stopLoss = stopLoss ?? undefined;
    order.updateTime = this.#engine.now();
    this.#engine.publishOrder(order);
    this.#engine.match(order);
  }

  async cancelOrder(orderId: string): Promise<void> {
    this.#engine.finish(this.#live(orderId), OrderStatus.Canceled);
  }

  async cancelOrders(filter: CancelOrdersFilter = {}): Promise<string[]> {
    const wanted = filter.orderIds === undefined ? undefined : new Set(filter.orderIds);
    const canceled: string[] = [];
    for (const order of this.#engine.orders.values()) {
      if (isFinalStatus(order.status)) continue;
      if ((filter.symbol !== undefined && order.symbol !== filter.symbol) || (filter.side !== undefined && order.side !== filter.side) || (wanted && !wanted.has(order.id))) continue;
      this.#engine.finish(order, OrderStatus.Canceled);
      canceled.push(order.id);
    }
    return canceled;
  }

  async closePosition(positionId: string, amount?: number): Promise<void> {
    const position = this.#position(positionId);
    const size = absFixed(position.qty);
    const qty = amount === undefined ? size : checkQty(amount, this.#instrument(position.symbol), 'amount', false);
    if (qty > size) throw invalid('amount', `amount ${amount} exceeds the position size ${fixedToString(size)}`);
    if (qty === size) {
      position.takeProfit = undefined;
      position.stopLoss = undefined;
    }
    this.#engine.submitMarket(position.symbol, position.qty > 0n ? -1 : 1, qty);
  }

  async reversePosition(positionId: string): Promise<void> {
    const position = this.#position(positionId);
    position.takeProfit = undefined;
    position.stopLoss = undefined;
    this.#engine.submitMarket(position.symbol, position.qty > 0n ? -1 : 1, absFixed(position.qty) * 2n);
  }

  async editPositionBrackets(positionId: string, brackets: PositionBrackets): Promise<void> {
    const position = this.#position(positionId);
    const instrument = this.#instrument(position.symbol);
    const takeProfit = brackets.takeProfit === null ? null : checkPrice(brackets.takeProfit, instrument, 'takeProfit');
    const stopLoss = brackets.stopLoss === null ? null : checkPrice(brackets.stopLoss, instrument, 'stopLoss');
    const mark = this.#engine.touch(position.symbol, position.qty > 0n ? -1 : 1) ?? position.avgPrice;
    checkBracketSides(position.qty > 0n ? 1 : -1, mark, takeProfit ?? undefined, stopLoss ?? undefined);
    if (takeProfit !== undefined) position.takeProfit = takeProfit ?? undefined;
    if (stopLoss !== undefined) position.stopLoss = stopLoss ?? undefined;
    position.updateTime = this.#engine.now();
    this.#engine.publishPosition(position.symbol);
  }

  async orders(filter: { readonly status?: OrderStatus } = {}): Promise<Order[]> {
    const all = [...this.#engine.orders.values()].reverse();
    return all.filter((o) => filter.status === undefined || o.status === filter.status).map(toOrder);
  }

  async ordersPage(query: OrderPageQuery = {}): Promise<Page<Order>> {
    const all = [...this.#engine.orders.values()].reverse().map(toOrder);
    const matching = all.filter((o) => (query.status === undefined || o.status === query.status) && (query.symbol === undefined || o.symbol === query.symbol));
    return pageOfList(matching, query);
  }

  async workingAndRecentOrders(recent = 500): Promise<Order[]> {
    const all = [...this.#engine.orders.values()].reverse().map(toOrder);
    return all.filter((o, i) => i < recent || o.status === OrderStatus.Working);
  }

  async order(orderId: string): Promise<Order> {
    const order = this.#engine.orders.get(orderId);
    if (!order) throw new TradingProError({ code: ErrorCode.NOT_FOUND, message: `order ${orderId} not found` });
    return toOrder(order);
  }

  async positions(): Promise<Position[]> {
    return [...this.#engine.ledger.positions.values()].map((p) => this.#engine.ledger.toPosition(p));
  }

  async executions(symbol: string): Promise<Execution[]> {
    return this.#engine.executions.filter((e) => e.symbol === symbol).reverse();
  }

  async executionsPage(symbol: string, query: PageQuery = {}): Promise<Page<Execution>> {
    return pageOfList(await this.executions(symbol), query);
  }

  async account(): Promise<Account> {
    return this.#engine.ledger.account();
  }

  async accounts(): Promise<AccountInfo[]> {
    return [{ ...this.#identity }];
  }

  async config(): Promise<BrokerConfig> {
    return {
      broker: 'fallback',
      supportOrderBrackets: true,
      supportPositionBrackets: true,
      supportTrailingStop: false,
      supportPartialClosePosition: true,
      supportNativeReversePosition: true,
      supportClosePosition: true,
      supportLeverage: true,
      supportPlaceOrderPreview: true,
      supportExecutions: true,
      supportOrdersHistory: true,
      supportModifyOrderPrice: true,
      supportModifyOrderQuantity: true,
      supportMarketOrders: true,
      supportLimitOrders: true,
      supportStopOrders: true,
      supportStopLimitOrders: true,
      supportedDurations: ['GTC', 'DAY', 'IOC', 'FOK'],
      supportMarketHours: false,
    };
  }

  async leverage(symbol: string): Promise<LeverageInfo> {
    const instrument = this.#instrument(symbol);
    return { symbol: instrument.symbol, leverage: this.#engine.ledger.leverageOf(instrument.symbol), min: 1, max: instrument.maxLeverage, step: 1 };
  }

  async setLeverage(symbol: string, leverage: number): Promise<LeverageInfo> {
    const instrument = this.#instrument(symbol);
    if (!Number.isInteger(leverage) || leverage < 1 || leverage > instrument.maxLeverage) throw invalid('leverage', `leverage must be a whole number from 1 to ${instrument.maxLeverage}`);
    const ledger = this.#engine.ledger;
    const previous = ledger.leverageOf(instrument.symbol);
    ledger.leverage.set(instrument.symbol, leverage);
    if (ledger.totals().buyingPower < 0n) {
      ledger.leverage.set(instrument.symbol, previous);
      throw new TradingProError({ code: ErrorCode.INSUFFICIENT_BUYING_POWER, message: `leverage ${leverage}x on ${instrument.symbol} needs more margin than is free` });
    }
    return this.leverage(instrument.symbol);
  }

  #check(req: PreOrder, instrument: SimInstrument) {
    const qty = checkQty(req.qty, instrument);
    const limitPrice = checkPrice(req.limitPrice, instrument, 'limitPrice');
    const stopPrice = checkPrice(req.stopPrice, instrument, 'stopPrice');
    const takeProfit = checkPrice(req.takeProfit, instrument, 'takeProfit');
    const stopLoss = checkPrice(req.stopLoss, instrument, 'stopLoss');
    if (req.trailingStopPips !== undefined) throw invalid('trailingStopPips', 'trailing stops are not simulated offline');
    const price = limitPrice ?? stopPrice ?? this.#engine.touch(instrument.symbol, req.side) ?? instrument.basePrice;
    checkBracketSides(req.side, price, takeProfit, stopLoss);
    return { qty, limitPrice, stopPrice, takeProfit, stopLoss, price };
  }

  /** Margin the order would add (only the part that grows the position) against buying power. */
  #margin(symbol: string, signedQty: Fixed, price: Fixed): { required: Fixed; available: Fixed } {
    const ledger = this.#engine.ledger;
    const current = ledger.positions.get(symbol)?.qty ?? 0n;
    const after = absFixed(current + signedQty);
    const increase = after > absFixed(current) ? after - absFixed(current) : 0n;
    const required = toMoney(mulFixed(increase, price) / BigInt(ledger.leverageOf(symbol)));
    return { required, available: ledger.totals().buyingPower };
  }

  #marginProblem(order: SimOrder, price: Fixed): string | undefined {
    const { required, available } = this.#margin(order.symbol, order.side === 1 ? order.qty : -order.qty, price);
    if (required <= available) return undefined;
    const currency = this.#identity.currency;
    return `${order.side === 1 ? 'buying' : 'selling'} ${fixedToString(order.qty)} ${order.symbol} needs ${fromFixed(required).toFixed(2)} ${currency} of margin but only ${fromFixed(available).toFixed(2)} ${currency} is available`;
  }

  #instrument(symbol: string): SimInstrument {
    const instrument = this.#engine.market.instrument(symbol);
    if (!instrument) throw unknownSymbol(symbol);
    return instrument;
  }

  #live(orderId: string): SimOrder {
    const order = this.#engine.orders.get(orderId);
    if (!order) throw new TradingProError({ code: ErrorCode.NOT_FOUND, message: `order ${orderId} not found` });
    if (isFinalStatus(order.status)) throw new TradingProError({ code: ErrorCode.CONFLICT, message: `order ${orderId} is already final (status ${order.status})` });
    return order;
  }

  #position(positionId: string) {
    const position = this.#engine.ledger.positions.get(positionId);
    if (!position) throw new TradingProError({ code: ErrorCode.NOT_FOUND, message: `no open position in ${positionId}` });
    return position;
  }
}
