/**
 * The offline fallback's matching: market orders fill at the touch, limits when the market crosses (at the limit
 * or better), stops trigger on touch then act as market (StopLimit: as a limit); position take-profit/stop-loss
 * close the position when touched. Every change is published on the fallback stream as the server would.
 */
import { ErrorCode, OrderStatus, OrderType, fromFixed, mulFixed, parseFixed, type Fixed } from '@trading-pro/contracts';
import { TradingProError } from '../errors.ts';
import type { Execution, Side } from '../types.ts';
import type { FallbackStream } from './fallback-stream.ts';
import { toMoney, type SimLedger } from './sim-ledger.ts';
import type { SimMarket } from './sim-market.ts';
import { toOrder, type SimOrder } from './sim-orders.ts';

export interface SimEngineOptions {
  readonly accountId: string;
  readonly commissionRate: Fixed;
  readonly now: () => number;
}

export class SimEngine {
  readonly orders = new Map<string, SimOrder>();
  readonly executions: Execution[] = [];
  readonly clientOrders = new Map<string, string>();
  readonly market: SimMarket;
  readonly ledger: SimLedger;
  readonly #stream: FallbackStream;
  readonly #options: SimEngineOptions;
  #orderSeq = 0;
  #executionSeq = 0;

  constructor(market: SimMarket, ledger: SimLedger, stream: FallbackStream, options: SimEngineOptions) {
    this.market = market;
    this.ledger = ledger;
    this.#stream = stream;
    this.#options = options;
  }

  now(): number {
    return this.#options.now();
  }

  nextOrderId(): string {
    this.#orderSeq += 1;
    return `O${this.#orderSeq}`;
  }

  /** Records a new order (any status) and publishes it. */
  record(order: SimOrder): void {
    this.orders.set(order.id, order);
    if (order.clientOrderId !== undefined) this.clientOrders.set(order.clientOrderId, order.id);
    this.publishOrder(order);
  }

  publishOrder(order: SimOrder): void {
    this.#stream.publish('orders', { accountId: this.#options.accountId }, toOrder(order));
  }

  finish(order: SimOrder, status: OrderStatus): void {
    order.status = status;
    order.updateTime = this.now();
    this.publishOrder(order);
  }

  /** The price a market order of this side gets now. */
  touch(symbol: string, side: Side): Fixed | undefined {
    const quote = this.market.quote(symbol);
    return quote === undefined ? undefined : side === 1 ? quote.ask : quote.bid;
  }

  /** Fills what is fillable now; IOC/FOK orders that cannot fill are canceled. */
  match(order: SimOrder): void {
    if (order.status !== OrderStatus.Working) return;
    const price = this.#executablePrice(order);
    if (price !== undefined) return this.#fill(order, price);
    if (order.duration === 'IOC' || order.duration === 'FOK') this.finish(order, OrderStatus.Canceled);
  }

  /** One market tick: move prices, match resting orders, guard position brackets, publish market data and equity. */
  tick(): void {
    const now = this.now();
    const symbols = this.market.tick(now);
    for (const order of [...this.orders.values()]) if (order.status === OrderStatus.Working) this.match(order);
    for (const position of [...this.ledger.positions.values()]) this.#guardBrackets(position.symbol);
    for (const symbol of symbols) {
      this.#stream.publish('quotes', { symbol }, this.market.quoteData(symbol));
      const bar = this.market.bar(symbol);
      if (bar) this.#stream.publish('bars', { symbol, resolution: '1' }, bar);
    }
    if (this.ledger.positions.size > 0) this.#publishEquity();
  }

  /** An engine-initiated market order (close, reverse, brackets). */
  submitMarket(symbol: string, side: Side, qty: Fixed): SimOrder {
    const now = this.now();
    const order: SimOrder = {
      id: this.nextOrderId(),
      clientOrderId: undefined,
      requestKey: '',
      symbol,
      type: OrderType.Market,
      side,
      qty,
      status: OrderStatus.Working,
      limitPrice: undefined,
      stopPrice: undefined,
      takeProfit: undefined,
      stopLoss: undefined,
      duration: 'GTC',
      filledQty: 0n,
      filledNotional: 0n,
      commission: 0n,
      rejectReason: undefined,
      triggered: false,
      createTime: now,
      updateTime: now,
    };
    this.record(order);
    this.match(order);
    return order;
  }

  reject(order: SimOrder, code: string, message: string): TradingProError {
    order.status = OrderStatus.Rejected;
    order.rejectReason = message;
    this.record(order);
    return new TradingProError({ code, message, details: [{ message, orderId: order.id }] });
  }

  publishPosition(symbol: string): void {
    const position = this.ledger.positions.get(symbol);
    if (position) this.#stream.publish('positions', { accountId: this.#options.accountId }, this.ledger.toPosition(position));
  }

  #executablePrice(order: SimOrder): Fixed | undefined {
    const touch = this.touch(order.symbol, order.side);
    if (touch === undefined) return undefined;
    const crosses = (limit: Fixed) => (order.side === 1 ? touch <= limit : touch >= limit);
    if ((order.type === OrderType.Stop || order.type === OrderType.StopLimit) && !order.triggered) {
      const stop = order.stopPrice ?? 0n;
      if (order.side === 1 ? touch < stop : touch > stop) return undefined;
      order.triggered = true;
    }
    if (order.type === OrderType.Market || order.type === OrderType.Stop) return touch;
    const limit = order.limitPrice ?? 0n;
    return crosses(limit) ? touch : undefined;
  }

  #fill(order: SimOrder, price: Fixed): void {
    const now = this.now();
    const qty = order.qty - order.filledQty;
    const commission = toMoney(mulFixed(mulFixed(qty, price), this.#options.commissionRate));
    order.filledQty += qty;
    order.filledNotional += mulFixed(qty, price);
    order.commission += commission;
    order.status = OrderStatus.Filled;
    order.updateTime = now;
    this.#executionSeq += 1;
    const execution: Execution = { id: `E${this.#executionSeq}`, orderId: order.id, symbol: order.symbol, price: fromFixed(price), qty: fromFixed(qty), side: order.side, time: now, commission: fromFixed(commission) };
    this.executions.push(execution);
    const position = this.ledger.fill(order.symbol, order.side, qty, price, commission, now);
    if (position.qty !== 0n && (position.qty > 0n) === (order.side === 1)) {
      if (order.takeProfit !== undefined) position.takeProfit = order.takeProfit;
      if (order.stopLoss !== undefined) position.stopLoss = order.stopLoss;
    }
    this.publishOrder(order);
    const accountId = this.#options.accountId;
    this.#stream.publish('executions', { accountId }, execution);
    this.#stream.publish('executions', { accountId, symbol: execution.symbol }, execution);
    this.#stream.publish('positions', { accountId }, this.ledger.toPosition(position));
    this.#publishEquity();
  }

  #guardBrackets(symbol: string): void {
    const position = this.ledger.positions.get(symbol);
    const quote = this.market.quote(symbol);
    if (!position || !quote || (position.takeProfit === undefined && position.stopLoss === undefined)) return;
    const long = position.qty > 0n;
    const mark = long ? quote.bid : quote.ask;
    const { takeProfit, stopLoss } = position;
    const hitProfit = takeProfit !== undefined && (long ? mark >= takeProfit : mark <= takeProfit);
    const hitLoss = stopLoss !== undefined && (long ? mark <= stopLoss : mark >= stopLoss);
    if (!hitProfit && !hitLoss) return;
    position.takeProfit = undefined;
    position.stopLoss = undefined;
    this.submitMarket(symbol, long ? -1 : 1, long ? position.qty : -position.qty);
  }

  #publishEquity(): void {
    this.#stream.publish('equity', { accountId: this.#options.accountId }, this.ledger.equity());
  }
}

export const DEFAULT_COMMISSION_RATE = parseFixed('0');

export function unknownSymbol(symbol: string): TradingProError {
  return new TradingProError({ code: ErrorCode.NOT_FOUND, message: `unknown symbol ${symbol}`, details: [{ path: 'symbol', message: 'unknown symbol' }] });
}
