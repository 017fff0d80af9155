/** Interactive Brokers behind the `Broker` interface, through a TWS / IB Gateway API session (@stoqey/ib). */
import { ErrorCode, OrderStatus, OrderType, Side, TradingError, capabilities, isFinalStatus } from '@trading-pro/contracts';
import type {
  BrokerConfig,
  BrokerConnectionStatus,
  CancelOrders,
  LeverageInfo,
  ModifyOrder,
  Order,
  OrderPreview,
  PositionBrackets,
  PreOrder,
} from '@trading-pro/contracts';
import type { Order as IbOrder } from '@stoqey/ib';
import type { Broker, BrokerContext, BrokerEvent, BrokerFactory, CancelOrdersResult, CommandResult, LeverageResult, PlaceOrderResult, Valuation } from '../broker.ts';
import { VenueLedger } from '../common/venue-ledger.ts';
import { parseIbConfig } from './ib-config.ts';
import type { IbConfig } from './ib-config.ts';
import { symbolOfContract, toIbContract } from './ib-contracts.ts';
import type { IbContractOptions } from './ib-contracts.ts';
import { buildIbOrders, validateIbPreOrder } from './ib-order-build.ts';
import { IbOrderBook, isFinalIbStatus } from './ib-orders.ts';
import { ibKeyOf, ibOrderKey } from './ib-parse.ts';
import type { IbOrderRecord } from './ib-parse.ts';
import { IbSession } from './ib-session.ts';
import { IbSync } from './ib-sync.ts';

export const IB_CAPABILITIES = capabilities({ supportOrderBrackets: true, supportNativeReversePosition: true, supportPlaceOrderPreview: false });

export class IbBroker implements Broker {
  readonly kind = 'ib';
  readonly accountId: string;
  readonly #context: BrokerContext;
  readonly #config: IbConfig;
  readonly #contractOptions: IbContractOptions;
  readonly #state = new VenueLedger();
  readonly #book: IbOrderBook;
  readonly #session: IbSession;
  readonly #sync: IbSync;

  constructor(context: BrokerContext, config: IbConfig) {
    this.#context = context;
    this.#config = config;
    this.accountId = context.accountId;
    this.#contractOptions = { contracts: config.contracts, futuresExchanges: config.futuresExchanges, now: context.now };
    this.#book = new IbOrderBook(this.#state, this.#contractOptions, (events) => void context.onEvents(events).catch(() => undefined), context.now, {
      clientId: config.clientId,
      timeZone: config.timeZone,
    });
    this.#session = new IbSession(config, {
      openOrder: (id, contract, order, state) => this.#book.onOpenOrder(id, contract, order, state),
      orderStatus: (id, status, filled, avg, _parentId, permId, clientId) => this.#book.onOrderStatus(id, status, filled, avg, permId, clientId),
      execDetails: (contract, execution) => this.#book.onExecution(contract, execution),
      commissionReport: (report) => this.#book.onCommission(report),
      orderError: (id, code, message) => this.#book.onError(id, code, message),
      connectivity: (state, message) => this.#sync.onConnectivity(state, message),
      unreadable: (what, error) => this.#sync.onUnreadable(what, error),
    });
    this.#sync = new IbSync(context, config, this.#session, this.#book, this.#contractOptions);
    this.#book.onFill = () => this.#sync.refreshSoon();
  }

  /** TWS messages the adapter could not read (a protocol mismatch, an unexpected payload), the latest 100. */
  unreadableMessages(): readonly string[] {
    return [...this.#sync.unreadable];
  }

  capabilities(): BrokerConfig {
    return { broker: this.kind, ...IB_CAPABILITIES };
  }

  committed(events: readonly BrokerEvent[]): void {
    this.#state.committed(events);
  }

  rollback(): void {
    this.#state.rollback();
  }

  restore(_snapshot: unknown, events: readonly BrokerEvent[]): void {
    this.#state.restore(events);
  }

  valuation(): Valuation | undefined {
    return this.#sync.valuation;
  }

  connect(): Promise<void> {
    // Orders the journal holds as live are settled by the reconciliation that follows the handshake.
    this.#book.restoreOrders(this.#state.unfinished());
    return this.#sync.connect();
  }

  disconnect(): Promise<void> {
    return this.#sync.disconnect();
  }

  connectionStatus(): BrokerConnectionStatus {
    return this.#sync.status;
  }

  async placeOrder(preOrder: PreOrder): Promise<PlaceOrderResult> {
    this.#sync.requireConnected();
    validateIbPreOrder(preOrder);
    // A retried clientOrderId of the caller is answered by the account core before it gets here.
    const contract = toIbContract(preOrder.symbol, this.#contractOptions);
    const symbol = symbolOfContract(contract, this.#contractOptions);
    const legs = buildIbOrders(preOrder, () => this.#sync.nextOrderId(), this.#sync.account, preOrder.clientOrderId);
    for (const leg of legs) this.#book.track(leg.orderId, symbol, contract, leg.order, leg.role === 'entry' ? preOrder.clientOrderId : undefined);
    const ids = legs.map((l) => l.orderId);
    const entryId = String(ids[0]);
    // The orders (PendingSubmit) are committed to the journal before TWS hears of them; refused, nothing is sent.
    await this.#context.onEvents(ids.flatMap((id) => this.#book.orderEvents(id)));
    const outcome = await this.#book.command(
      ids,
      () => {
        for (const leg of legs) this.#session.send(() => this.#session.api.placeOrder(leg.orderId, contract, leg.order));
      },
      (record) => record.status !== 'PendingSubmit',
      { timeoutMs: this.#config.requestTimeoutMs, rejectOnError: true },
    );
    const events = outcome.events;
    // No acknowledgement in time: the orders stay Placing, settled by what TWS says later (never sent again).
    if (outcome.timedOut) this.#sync.watchUnknown();
    return outcome.error ? { orderId: entryId, rejection: outcome.error, events } : { orderId: entryId, events };
  }

  rejectOrder(preOrder: PreOrder, rejection: TradingError): PlaceOrderResult {
    const now = this.#context.now();
    const id = String(this.#sync.nextOrderId());
    const order: Order = {
      id,
      ...(preOrder.clientOrderId === undefined ? {} : { clientOrderId: preOrder.clientOrderId }),
      symbol: preOrder.symbol,
      type: preOrder.type,
      side: preOrder.side,
      qty: preOrder.qty,
      status: OrderStatus.Rejected,
      ...(preOrder.limitPrice === undefined ? {} : { limitPrice: preOrder.limitPrice }),
      ...(preOrder.stopPrice === undefined ? {} : { stopPrice: preOrder.stopPrice }),
      duration: { type: preOrder.duration?.type ?? 'DAY' },
      rejectReason: rejection.message,
      filledQty: 0,
      commission: 0,
      createTime: now,
      updateTime: now,
    };
    return { orderId: id, events: this.#state.applyOrder(order), rejection };
  }

  previewOrder(_order: PreOrder): Promise<OrderPreview> {
    return Promise.reject(new TradingError(ErrorCode.UNSUPPORTED_ORDER, 'order preview is not offered for Interactive Brokers'));
  }

  async modifyOrder(orderId: string, changes: ModifyOrder): Promise<CommandResult> {
    this.#sync.requireConnected();
    const record = this.#liveRecord(orderId);
    const events: BrokerEvent[] = [];
    if (changes.qty !== undefined || changes.limitPrice !== undefined || changes.stopPrice !== undefined) {
      events.push(...(await this.#replace(record.orderId, { totalQuantity: changes.qty, lmtPrice: changes.limitPrice, auxPrice: changes.stopPrice })));
    }
    for (const [key, type] of [['takeProfit', 'LMT'], ['stopLoss', 'STP']] as const) {
      const value = changes[key];
      if (value === undefined) continue;
      const child = [...this.#book.records.values()].find((r) => r.parentId === record.orderId && r.orderType === type && !isFinalIbStatus(r.status));
      if (!child) throw new TradingError(ErrorCode.UNSUPPORTED_ORDER, `order ${orderId} has no ${key} order to change`);
      if (value === null) events.push(...(await this.cancelOrder(ibOrderKey(child.orderId))).events);
      else events.push(...(await this.#replace(child.orderId, type === 'LMT' ? { lmtPrice: value } : { auxPrice: value })));
    }
    return { events };
  }

  async cancelOrder(orderId: string): Promise<CommandResult> {
    this.#sync.requireConnected();
    const record = this.#liveRecord(orderId);
    if (record.orderId < 0) throw new TradingError(ErrorCode.UNSUPPORTED_ORDER, `order ${orderId} was placed in TWS or by another API client: IB lets only its owner cancel it`);
    const outcome = await this.#book.command([record.orderId], () => this.#session.send(() => this.#session.api.cancelOrder(record.orderId)), (r) => isFinalIbStatus(r.status), {
      timeoutMs: this.#config.requestTimeoutMs,
      rejectOnError: false,
    });
    if (outcome.error) throw outcome.error;
    if (outcome.timedOut) throw new TradingError(ErrorCode.BROKER_UNAVAILABLE, `TWS did not confirm the cancel of order ${orderId} in time`);
    return { events: outcome.events };
  }

  async cancelOrders(filter: CancelOrders): Promise<CancelOrdersResult> {
    const wanted = filter.orderIds ? new Set(filter.orderIds) : undefined;
    const open = (this.#context.account?.liveOrders() ?? this.#state.orders()).filter(
      (o) => !isFinalStatus(o.status) && o.parentType === undefined && (!filter.symbol || o.symbol === filter.symbol) && (!filter.side || o.side === filter.side) && (!wanted || wanted.has(o.id)),
    );
    const events: BrokerEvent[] = [];
    for (const order of open) events.push(...(await this.cancelOrder(order.id)).events);
    return { canceled: open.map((o) => o.id), events };
  }

  async closePosition(positionId: string, amount?: number): Promise<CommandResult> {
    const position = this.#context.account?.position(positionId);
    if (!position) throw new TradingError(ErrorCode.NOT_FOUND, `no open position in ${positionId}`);
    const qty = Math.min(amount ?? position.qty, position.qty);
    return this.placeOrder({ symbol: position.symbol, type: OrderType.Market, side: position.side === Side.Buy ? Side.Sell : Side.Buy, qty });
  }

  async reversePosition(positionId: string): Promise<CommandResult> {
    const position = this.#context.account?.position(positionId);
    if (!position) throw new TradingError(ErrorCode.NOT_FOUND, `no open position in ${positionId}`);
    return this.placeOrder({ symbol: position.symbol, type: OrderType.Market, side: position.side === Side.Buy ? Side.Sell : Side.Buy, qty: position.qty * 2 });
  }

  editPositionBrackets(_positionId: string, _brackets: PositionBrackets): Promise<CommandResult> {
    return Promise.reject(new TradingError(ErrorCode.UNSUPPORTED_ORDER, 'attach brackets with the entry order at Interactive Brokers'));
  }

  leverage(symbol: string): Promise<LeverageInfo> {
    return Promise.resolve({ symbol, leverage: 1, min: 1, max: 1, step: 1 });
  }

  setLeverage(symbol: string, leverage: number): Promise<LeverageResult> {
    if (leverage !== 1) return Promise.reject(new TradingError(ErrorCode.UNSUPPORTED_ORDER, 'IB sets margin per account and instrument; leverage cannot be chosen here'));
    return Promise.resolve({ leverage: { symbol, leverage: 1, min: 1, max: 1, step: 1 }, events: [] });
  }

  #liveRecord(orderId: string) {
    const record = this.#book.records.get(ibKeyOf(orderId));
    if (!record) {
      if (this.#state.order(orderId)) throw new TradingError(ErrorCode.CONFLICT, `order ${orderId} is already final`);
      throw new TradingError(ErrorCode.NOT_FOUND, `unknown order ${orderId}`);
    }
    if (isFinalIbStatus(record.status)) throw new TradingError(ErrorCode.CONFLICT, `order ${orderId} is already final`);
    return record;
  }

  /** IB modifies an order by placing it again under the same id. */
  async #replace(orderId: number, changes: { totalQuantity?: number | undefined; lmtPrice?: number | undefined; auxPrice?: number | undefined }): Promise<BrokerEvent[]> {
    const record = this.#book.records.get(orderId);
    const contract = this.#book.contracts.get(orderId);
    if (!record || !contract) throw new TradingError(ErrorCode.NOT_FOUND, `unknown order ${orderId}`);
    const order: IbOrder = {
      action: record.action === 'BUY' ? ('BUY' as IbOrder['action']) : ('SELL' as IbOrder['action']),
      orderType: record.orderType as IbOrder['orderType'],
      totalQuantity: changes.totalQuantity ?? record.totalQuantity,
      tif: record.tif as IbOrder['tif'],
      parentId: record.parentId,
      transmit: true,
      ...(this.#sync.account ? { account: this.#sync.account } : {}),
      ...(record.clientOrderId ? { orderRef: record.clientOrderId } : {}),
      ...((changes.lmtPrice ?? record.lmtPrice) === undefined ? {} : { lmtPrice: changes.lmtPrice ?? record.lmtPrice }),
      ...((changes.auxPrice ?? record.auxPrice) === undefined ? {} : { auxPrice: changes.auxPrice ?? record.auxPrice }),
    };
    // Done when TWS echoes the new values (an update of the old state may still be in flight).
    const applied = (r: IbOrderRecord) => r.totalQuantity === order.totalQuantity && r.lmtPrice === order.lmtPrice && r.auxPrice === order.auxPrice;
    if (orderId < 0) throw new TradingError(ErrorCode.UNSUPPORTED_ORDER, `order ${ibOrderKey(orderId)} was placed in TWS or by another API client: IB lets only its owner modify it`);
    const outcome = await this.#book.command([orderId], () => this.#session.send(() => this.#session.api.placeOrder(orderId, contract, order)), applied, {
      timeoutMs: this.#config.requestTimeoutMs,
      rejectOnError: false,
    });
    if (outcome.error) throw outcome.error;
    return outcome.events;
  }
}

export const ibFactory: BrokerFactory = (context, options) => new IbBroker(context, parseIbConfig(options));
