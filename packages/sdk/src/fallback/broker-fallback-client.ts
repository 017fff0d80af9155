/** `BrokerClient` over the offline session: every command and read is the real paper engine's, as on the server. */
import { OrderStatus } from '@trading-pro/contracts';
import { PAPER_CAPABILITIES } from '@trading-pro/engine';
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
import {
  mapAccount,
  mapCancelOrders,
  mapExecution,
  mapLeverageInfo,
  mapModifyOrder,
  mapOrder,
  mapOrderPreview,
  mapPosition,
  mapPositionBrackets,
  mapPreOrder,
} from '../mappers/broker-mappers.ts';
import { sdkError, type FallbackSession } from './fallback-session.ts';

export interface AccountIdentity {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
}

const WORKING: number = OrderStatus.Working;

export class BrokerFallbackClient implements BrokerClient {
  readonly #session: FallbackSession;
  readonly #identity: AccountIdentity;

  constructor(session: FallbackSession, identity: AccountIdentity) {
    this.#session = session;
    this.#identity = identity;
  }

  async placeOrder(req: PreOrder): Promise<PlaceOrderResult> {
    const session = this.#session;
    const result = session.run(() => session.engine.placeOrder(mapPreOrder(req), session.now()));
    const rejection = result.rejection;
    // As the server answers a recorded rejection: 422 naming the Rejected order.
    if (rejection !== undefined) throw new TradingProError({ code: rejection.code, message: rejection.message, details: [{ message: rejection.message, orderId: result.orderId }] });
    return { orderId: result.orderId };
  }

  async previewOrder(req: PreOrder): Promise<OrderPreview> {
    return mapOrderPreview(this.#read(() => this.#session.engine.previewOrder(mapPreOrder(req), this.#session.now())));
  }

  async modifyOrder(orderId: string, changes: ModifyOrder): Promise<void> {
    const session = this.#session;
    session.run(() => ({ events: session.engine.modifyOrder(orderId, mapModifyOrder(changes), session.now()) }));
  }

  async cancelOrder(orderId: string): Promise<void> {
    const session = this.#session;
    session.run(() => ({ events: session.engine.cancelOrder(orderId, session.now()) }));
  }

  async cancelOrders(filter: CancelOrdersFilter = {}): Promise<string[]> {
    const session = this.#session;
    return session.run(() => session.engine.cancelOrders(mapCancelOrders(filter), session.now())).canceled;
  }

  async closePosition(positionId: string, amount?: number): Promise<void> {
    const session = this.#session;
    session.run(() => ({ events: session.engine.closePosition(positionId, amount, session.now()) }));
  }

  async reversePosition(positionId: string): Promise<void> {
    const session = this.#session;
    session.run(() => ({ events: session.engine.reversePosition(positionId, session.now()) }));
  }

  async editPositionBrackets(positionId: string, brackets: PositionBrackets): Promise<void> {
    const session = this.#session;
    session.run(() => ({ events: session.engine.setPositionBrackets(positionId, mapPositionBrackets(brackets), session.now()) }));
  }

  async orders(filter: { readonly status?: OrderStatus } = {}): Promise<Order[]> {
    const all = this.#session.engine.orders();
    return (filter.status === undefined ? all : all.filter((order) => order.status === filter.status)).map(mapOrder);
  }

  async ordersPage(query: OrderPageQuery = {}): Promise<Page<Order>> {
    const matching = this.#session.engine.orders().filter((o) => (query.status === undefined || o.status === query.status) && (query.symbol === undefined || o.symbol === query.symbol));
    return pageOfList(matching.map(mapOrder), query);
  }

  async workingAndRecentOrders(recent = 500): Promise<Order[]> {
    return this.#session.engine.orders().filter((o, i) => i < recent || o.status === WORKING).map(mapOrder);
  }

  async order(orderId: string): Promise<Order> {
    return mapOrder(this.#read(() => this.#session.engine.order(orderId)));
  }

  async positions(): Promise<Position[]> {
    return this.#session.engine.positions().map(mapPosition);
  }

  async executions(symbol: string): Promise<Execution[]> {
    // Newest first, like the server's list.
    return this.#session.engine.executions(this.#session.instrument(symbol)?.symbol ?? symbol).reverse().map(mapExecution);
  }

  async executionsPage(symbol: string, query: PageQuery = {}): Promise<Page<Execution>> {
    return pageOfList(await this.executions(symbol), query);
  }

  async account(): Promise<Account> {
    return mapAccount(this.#session.engine.account());
  }

  async accounts(): Promise<AccountInfo[]> {
    return [{ ...this.#identity }];
  }

  async config(): Promise<BrokerConfig> {
    return { broker: 'fallback', ...PAPER_CAPABILITIES };
  }

  async leverage(symbol: string): Promise<LeverageInfo> {
    return mapLeverageInfo(this.#read(() => this.#session.engine.leverageInfo(this.#session.instrument(symbol)?.symbol ?? symbol)));
  }

  async setLeverage(symbol: string, leverage: number): Promise<LeverageInfo> {
    const session = this.#session;
    const canonical = session.instrument(symbol)?.symbol ?? symbol;
    session.run(() => ({ events: session.engine.setLeverage(canonical, leverage, session.now()) }));
    return mapLeverageInfo(session.engine.leverageInfo(canonical));
  }

  #read<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw sdkError(error);
    }
  }
}
