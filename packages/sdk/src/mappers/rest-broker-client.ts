/** `BrokerClient` over the REST API: the generated client for the call, the mappers for the types. */
import type { BrokerClient, OrderPageQuery } from '../interfaces.ts';
import { collectPages, type Page, type PageQuery } from '../paging.ts';
import { OrderStatus as Status } from '../types.ts';
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
  OrderStatus,
  PlaceOrderResult,
  Position,
  PositionBrackets,
  PreOrder,
} from '../types.ts';
import {
  mapAccount,
  mapAccountInfo,
  mapBrokerConfig,
  mapCancelOrders,
  mapExecution,
  mapLeverageInfo,
  mapModifyOrder,
  mapOrder,
  mapOrderPreview,
  mapPosition,
  mapPositionBrackets,
  mapPreOrder,
} from './broker-mappers.ts';
import { createRestApi, type RestApi, type RestOptions, unwrap, unwrapPage } from './rest-transport.ts';

export class RestBrokerClient implements BrokerClient {
  readonly #api: RestApi;

  constructor(options: RestOptions) {
    this.#api = createRestApi(options);
  }

  async placeOrder(order: PreOrder): Promise<PlaceOrderResult> {
    const result = await unwrap(this.#api.POST('/api/v1/broker/orders', { body: mapPreOrder(order) }));
    return { orderId: result.orderId };
  }

  async previewOrder(order: PreOrder): Promise<OrderPreview> {
    return mapOrderPreview(await unwrap(this.#api.POST('/api/v1/broker/orders/preview', { body: mapPreOrder(order) })));
  }

  async modifyOrder(orderId: string, changes: ModifyOrder): Promise<void> {
    await unwrap(this.#api.PUT('/api/v1/broker/orders/{orderId}', { params: { path: { orderId } }, body: mapModifyOrder(changes) }));
  }

  async cancelOrder(orderId: string): Promise<void> {
    await unwrap(this.#api.DELETE('/api/v1/broker/orders/{orderId}', { params: { path: { orderId } } }));
  }

  async cancelOrders(filter: CancelOrdersFilter = {}): Promise<string[]> {
    const result = await unwrap(this.#api.POST('/api/v1/broker/orders/cancel', { body: mapCancelOrders(filter) }));
    return [...result.canceled];
  }

  async closePosition(positionId: string, amount?: number): Promise<void> {
    const body = amount === undefined ? {} : { amount };
    await unwrap(this.#api.POST('/api/v1/broker/positions/{positionId}/close', { params: { path: { positionId } }, body }));
  }

  async reversePosition(positionId: string): Promise<void> {
    await unwrap(this.#api.POST('/api/v1/broker/positions/{positionId}/reverse', { params: { path: { positionId } } }));
  }

  async editPositionBrackets(positionId: string, brackets: PositionBrackets): Promise<void> {
    await unwrap(this.#api.PUT('/api/v1/broker/positions/{positionId}/brackets', { params: { path: { positionId } }, body: mapPositionBrackets(brackets) }));
  }

  async orders(filter: { readonly status?: OrderStatus } = {}): Promise<Order[]> {
    return collectPages((before, limit) => this.ordersPage({ ...filter, limit, ...(before === undefined ? {} : { before }) }));
  }

  async ordersPage(query: OrderPageQuery = {}): Promise<Page<Order>> {
    const page = await unwrapPage(this.#api.GET('/api/v1/broker/orders', { params: { query: definedOnly(query) } }));
    return { items: page.items.map(mapOrder), ...(page.next === undefined ? {} : { next: page.next }) };
  }

  async workingAndRecentOrders(recent = 500): Promise<Order[]> {
    const [working, latest] = await Promise.all([
      collectPages((before, limit) => this.ordersPage({ status: Status.Working, limit, ...(before === undefined ? {} : { before }) })),
      collectPages((before, limit) => this.ordersPage({ limit, ...(before === undefined ? {} : { before }) }), Math.max(1, recent)),
    ]);
    const byId = new Map<string, Order>();
    for (const order of [...latest, ...working]) if (!byId.has(order.id)) byId.set(order.id, order);
    return [...byId.values()].sort((a, b) => b.createTime - a.createTime);
  }

  async order(orderId: string): Promise<Order> {
    return mapOrder(await unwrap(this.#api.GET('/api/v1/broker/orders/{orderId}', { params: { path: { orderId } } })));
  }

  async positions(): Promise<Position[]> {
    return (await unwrap(this.#api.GET('/api/v1/broker/positions'))).map(mapPosition);
  }

  async executions(symbol: string): Promise<Execution[]> {
    return collectPages((before, limit) => this.executionsPage(symbol, { limit, ...(before === undefined ? {} : { before }) }));
  }

  async executionsPage(symbol: string, query: PageQuery = {}): Promise<Page<Execution>> {
    const page = await unwrapPage(this.#api.GET('/api/v1/broker/executions/{symbol}', { params: { path: { symbol }, query: definedOnly(query) } }));
    return { items: page.items.map(mapExecution), ...(page.next === undefined ? {} : { next: page.next }) };
  }

  async account(): Promise<Account> {
    return mapAccount(await unwrap(this.#api.GET('/api/v1/broker/account')));
  }

  async accounts(): Promise<AccountInfo[]> {
    return (await unwrap(this.#api.GET('/api/v1/broker/accounts'))).map(mapAccountInfo);
  }

  async config(): Promise<BrokerConfig> {
    return mapBrokerConfig(await unwrap(this.#api.GET('/api/v1/broker/config')));
  }

  async leverage(symbol: string): Promise<LeverageInfo> {
    return mapLeverageInfo(await unwrap(this.#api.GET('/api/v1/broker/leverage', { params: { query: { symbol } } })));
  }

  async setLeverage(symbol: string, leverage: number): Promise<LeverageInfo> {
    return mapLeverageInfo(await unwrap(this.#api.PUT('/api/v1/broker/leverage', { body: { symbol, leverage } })));
  }
}

function definedOnly<T extends object>(query: T): T {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as T;
}
