/**
 * TradingView's Broker API (`IBrokerTerminal`) on the SDK: commands go over REST, and every change the library must
 * see (orders, positions and their P&L, executions, equity, the broker connection) comes from the account's WebSocket
 * streams and is handed to the Trading Host. Commands never call the host themselves: the stream that confirms them
 * does, exactly once, whoever placed the order (this page, another tab, a bot).
 */
import { ConnectionStatus, OrderStatus, Side, isFinalStatus } from '@trading-pro/contracts';
import type { AccountInfo, BrokerConfig, BrokerConnectionStatus, EquityData, Subscription, TradingClient, Unsubscribe } from '@trading-pro/sdk';
import { clientOf, isNotFound, readableError, type ConnectionOptions } from '../connection.ts';
import type {
  AccountManagerInfo,
  AccountMetainfo,
  ActionMetaInfo,
  Brackets,
  Execution,
  IBrokerConnectionAdapterHost,
  IBrokerTerminal,
  InstrumentInfo,
  IsTradableResult,
  Order,
  OrderPreviewResult,
  PlaceOrderResult,
  Position,
  PreOrder,
  TradeContext,
} from '../tradingview/broker-api.ts';
import { NotificationType } from '../tradingview/broker-api.ts';
import { accountManagerInfo, createSummaryValues, updateSummaryValues, type AccountSummaryValues } from './account-manager.ts';
import { toInstrumentInfo, toModifyOrder, toOrderPreviewResult, toPositionBrackets, toSdkPreOrder, toTvExecution, toTvOrder, toTvPosition } from './broker-mappers.ts';

export interface BrokerOptions extends ConnectionOptions {
  /** The account to trade; the credential's first account when absent. */
  readonly accountId?: string;
  /**
   * `GET /broker/config` when already read (`loadBrokerConfig`): the broker then has leverage methods only when it
   * supports leverage, and the Order Ticket offers only the order types and durations the broker takes.
   */
  readonly config?: BrokerConfig;
  /** Title of the Account Manager (default "Trading Pro"). */
  readonly accountTitle?: string;
  /** Show notifications on fills and broker connection changes (default true). */
  readonly notifications?: boolean;
  /** How many of the newest orders of any status `orders()` and `ordersHistory()` return besides working ones (default 100). */
  readonly recentOrders?: number;
}

export class TradingProBroker implements IBrokerTerminal {
  readonly #host: IBrokerConnectionAdapterHost;
  readonly #options: BrokerOptions;
  readonly #values: AccountSummaryValues;
  /** The last state of every order the library was shown: a modify sends only what changed against it. */
  readonly #orders = new Map<string, Order>();
  #client: TradingClient;
  #shared: boolean;
  #accountId: string | undefined;
  #accounts: AccountInfo[] = [];
  #config: BrokerConfig | undefined;
  #routes: Subscription[] = [];
  #listeners: Unsubscribe[] = [];
  #brokerStatus: BrokerConnectionStatus | undefined;
  /** What the library last learned: `connectionStatus()` answers Connecting until the server's first word. */
  #reported: ConnectionStatus = ConnectionStatus.Connecting;
  #ready: Promise<void>;

  constructor(host: IBrokerConnectionAdapterHost, options: BrokerOptions = {}) {
    this.#host = host;
    this.#options = options;
    this.#values = createSummaryValues(host.factory);
    this.#accountId = options.accountId;
    this.#config = options.config;
    ({ client: this.#client, shared: this.#shared } = clientOf(options, options.accountId));
    this.#ready = this.#begin();
  }

  /** The SDK client in use (for the application's own calls). */
  get client(): TradingClient {
    return this.#client;
  }

  /** Resolves once the account is known and its streams are confirmed by the server; rejects if that failed. */
  get ready(): Promise<void> {
    return this.#ready;
  }

  /** Starts, keeping a failure observed: it is reported to the host and every later call rejects with it. */
  #begin(): Promise<void> {
    const ready = this.#start();
    ready.catch(() => undefined);
    return ready;
  }

  async #start(): Promise<void> {
    const client = this.#client;
    try {
      const accounts = await client.broker.accounts();
      // Another account was chosen meanwhile: its own start takes over.
      if (client !== this.#client) return;
      this.#accounts = accounts;
      this.#accountId ??= accounts[0]?.id;
      const accountId = this.#accountId;
      if (accountId === undefined) throw new Error('the credential has no account');
      this.#subscribe(client, accountId);
      const [account, config] = await Promise.all([client.broker.account(), this.#config ?? client.broker.config(), ...this.#routes.map((route) => route.ready)]);
      this.#config = config;
      updateSummaryValues(this.#values, account);
      this.#host.equityUpdate(account.equity);
    } catch (error) {
      const readable = readableError(error);
      this.#report(ConnectionStatus.Error, readable.message);
      throw readable;
    }
  }

  #subscribe(client: TradingClient, accountId: string): void {
    const stream = client.stream;
    this.#routes = [
      stream.orders(accountId, (order) => this.#onOrder(toTvOrder(order))),
      stream.positions(accountId, (position) => {
        this.#host.positionUpdate(toTvPosition(position));
        this.#host.plUpdate(position.id, position.pl);
      }),
      stream.executions(accountId, (execution) => this.#host.executionUpdate(toTvExecution(execution))),
      stream.equity(accountId, (equity) => this.#onEquity(equity)),
      stream.brokerConnection(accountId, (status) => this.#onBrokerConnection(status)),
    ];
    this.#listeners = [
      stream.onStateChange(() => this.#reportEffective()),
      // Too far behind to replay: the SDK read fresh state; the library re-requests everything it shows.
      stream.onResync((topic) => {
        if (topic.includes(JSON.stringify(accountId))) this.#host.currentAccountUpdate();
      }),
    ];
  }

  #onOrder(order: Order): void {
    const before = this.#orders.get(order.id);
    this.#orders.set(order.id, order);
    this.#host.orderUpdate(order);
    if (order.status === OrderStatus.Filled && before?.status !== OrderStatus.Filled) {
      const side = order.side === Side.Buy ? 'Buy' : 'Sell';
      this.#notify('Order filled', `${order.symbol} ${side} ${order.qty} @ ${order.avgPrice ?? ''}`.trim(), NotificationType.Success);
    }
  }

  #onEquity(equity: EquityData): void {
    updateSummaryValues(this.#values, equity);
    this.#host.equityUpdate(equity.equity);
  }

  #onBrokerConnection(status: BrokerConnectionStatus): void {
    const previous = this.#brokerStatus?.status;
    this.#brokerStatus = status;
    this.#reportEffective();
    if (previous === undefined || previous === status.status) return;
    if (status.status === ConnectionStatus.Connected) this.#notify('Broker connected', status.message ?? 'The connection to the broker is back', NotificationType.Success);
    if (status.status === ConnectionStatus.Disconnected || status.status === ConnectionStatus.Error) {
      this.#notify('Broker disconnected', status.message ?? 'The connection to the broker was lost', NotificationType.Error);
    }
  }

  /** Connected only while the server's stream is up and the server says its broker is connected. */
  connectionStatus(): ConnectionStatus {
    if (this.#brokerStatus === undefined || this.#client.stream.state !== 'connected') return this.#reported === ConnectionStatus.Error ? ConnectionStatus.Error : ConnectionStatus.Connecting;
    return this.#brokerStatus.status;
  }

  #reportEffective(): void {
    const status = this.connectionStatus();
    const message = status === this.#brokerStatus?.status ? this.#brokerStatus.message : 'Reconnecting to the Trading Pro server';
    this.#report(status, message, this.#brokerStatus?.disconnectType);
  }

  #report(status: ConnectionStatus, message: string | undefined, disconnectType?: number): void {
    if (status === this.#reported) return;
    this.#reported = status;
    const info = { ...(message === undefined ? {} : { message }), ...(disconnectType === undefined ? {} : { disconnectType }) };
    this.#host.connectionStatusUpdate(status, info);
  }

  #notify(title: string, text: string, type: NotificationType): void {
    if (this.#options.notifications !== false) this.#host.showNotification(title, text, type);
  }

  /** Runs a call once started; any failure reaches the library as a rejected promise with a readable message. */
  protected async call<T>(run: (client: TradingClient) => Promise<T>): Promise<T> {
    await this.#ready;
    try {
      return await run(this.#client);
    } catch (error) {
      throw readableError(error);
    }
  }

  accountManagerInfo(): AccountManagerInfo {
    return accountManagerInfo(this.#options.accountTitle ?? 'Trading Pro', this.#values, this.#config?.supportOrdersHistory ?? true);
  }

  async accountsMetainfo(): Promise<AccountMetainfo[]> {
    await this.#ready;
    return this.#accounts.map((account) => ({ id: account.id, name: account.name, currency: account.currency }));
  }

  currentAccount(): string {
    return this.#accountId ?? '';
  }

  /**
   * Switches to another of the credential's accounts: a client of its own (REST sends `X-Account-Id`), the account's
   * streams, then `currentAccountUpdate` so the library reloads. A client passed in serves one account only.
   */
  setCurrentAccount(id: string): void {
    if (id === this.#accountId) return;
    if (this.#shared) throw new Error('a broker on a shared client serves one account: create it with baseUrl to switch accounts');
    this.close();
    this.#accountId = id;
    this.#orders.clear();
    this.#brokerStatus = undefined;
    ({ client: this.#client, shared: this.#shared } = clientOf(this.#options, id));
    this.#ready = this.#begin();
    this.#ready.then(
      () => this.#host.currentAccountUpdate(),
      () => undefined,
    );
  }

  chartContextMenuActions(context: TradeContext, options?: unknown): Promise<ActionMetaInfo[]> {
    return this.#host.defaultContextMenuActions(context, options);
  }

  /** Every symbol the datafeed knows is tradable (outside its session an order waits for the open). */
  isTradable(symbol: string): Promise<boolean | IsTradableResult> {
    return this.call(async (client) => {
      try {
        await client.datafeed.resolveSymbol(symbol);
        return true;
      } catch (error) {
        if (isNotFound(error)) return { tradable: false, reason: `${symbol} is not traded on this server`, shortReason: 'Unknown symbol' };
        throw error;
      }
    });
  }

  symbolInfo(symbol: string): Promise<InstrumentInfo> {
    return this.call(async (client) => toInstrumentInfo(await client.datafeed.resolveSymbol(symbol), this.#config));
  }

  /** Working orders and the newest others; the streams keep them current from then on. */
  orders(): Promise<Order[]> {
    return this.call(async (client) => {
      const orders = (await client.broker.workingAndRecentOrders(this.#options.recentOrders ?? 100)).map(toTvOrder);
      for (const order of orders) this.#orders.set(order.id, order);
      return orders;
    });
  }

  /** The newest orders that reached a final status (filled, canceled, rejected). */
  ordersHistory(): Promise<Order[]> {
    return this.call(async (client) => {
      const page = await client.broker.ordersPage({ limit: this.#options.recentOrders ?? 100 });
      return page.items.filter((order) => isFinalStatus(order.status)).map(toTvOrder);
    });
  }

  positions(): Promise<Position[]> {
    return this.call(async (client) => (await client.broker.positions()).map(toTvPosition));
  }

  /** The symbol's newest executions (one page); none for a symbol the server does not know. */
  executions(symbol: string): Promise<Execution[]> {
    return this.call(async (client) => {
      try {
        return (await client.broker.executionsPage(symbol, { limit: 500 })).items.map(toTvExecution);
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
    });
  }

  /** A rejection (422) rejects with the reason; the order, recorded as Rejected, still reaches `orderUpdate`. */
  placeOrder(order: PreOrder): Promise<PlaceOrderResult> {
    return this.call(async (client) => ({ orderId: (await client.broker.placeOrder(toSdkPreOrder(order))).orderId }));
  }

  previewOrder(order: PreOrder): Promise<OrderPreviewResult> {
    return this.call(async (client) => toOrderPreviewResult(await client.broker.previewOrder(toSdkPreOrder(order))));
  }

  modifyOrder(order: Order): Promise<void> {
    return this.call((client) => client.broker.modifyOrder(order.id, toModifyOrder(order, this.#orders.get(order.id))));
  }

  cancelOrder(orderId: string): Promise<void> {
    return this.call((client) => client.broker.cancelOrder(orderId));
  }

  async cancelOrders(symbol: string, side: Side | undefined, ordersIds: string[]): Promise<void> {
    await this.call((client) => client.broker.cancelOrders({ symbol, ...(side === undefined ? {} : { side }), ...(ordersIds.length === 0 ? {} : { orderIds: ordersIds }) }));
  }

  closePosition(positionId: string, amount?: number): Promise<void> {
    return this.call((client) => client.broker.closePosition(positionId, amount));
  }

  reversePosition(positionId: string): Promise<void> {
    return this.call((client) => client.broker.reversePosition(positionId));
  }

  editPositionBrackets(positionId: string, brackets: Brackets): Promise<void> {
    return this.call((client) => client.broker.editPositionBrackets(positionId, toPositionBrackets(brackets)));
  }

  /** The Order Ticket's risk figures: the current equity now, then every equity update (always streamed). */
  subscribeEquity(): void {
    this.#host.equityUpdate(this.#values.equity.value());
  }

  unsubscribeEquity(): void {
    // The equity stream also feeds the Account Manager's summary, so it stays on.
  }

  /** Ends the account's streams, and closes the client unless it was passed in. */
  close(): void {
    for (const stop of [...this.#routes, ...this.#listeners]) stop();
    this.#routes = [];
    this.#listeners = [];
    if (!this.#shared) this.#client.close();
  }
}
