/** `BrokerClient` over the REST API: the generated client for the call, the mappers for the types. */
import type { BrokerClient } from '../interfaces.ts';
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
import { createRestApi, type RestApi, type RestOptions, unwrap } from './rest-transport.ts';

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
    const query = filter.status === undefined ? {} : { status: filter.status };
    return (await unwrap(this.#api.GET('/api/v1/broker/orders', { params: { query } }))).map(mapOrder);
  }

  async order(orderId: string): Promise<Order> {
    return mapOrder(await unwrap(this.#api.GET('/api/v1/broker/orders/{orderId}', { params: { path: { orderId } } })));
  }

  async positions(): Promise<Position[]> {
    return (await unwrap(this.#api.GET('/api/v1/broker/positions'))).map(mapPosition);
  }

  async executions(symbol: string): Promise<Execution[]> {
    return (await unwrap(this.#api.GET('/api/v1/broker/executions/{symbol}', { params: { path: { symbol } } }))).map(mapExecution);
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
