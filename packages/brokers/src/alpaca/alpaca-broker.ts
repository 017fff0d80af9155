/** Alpaca (US equities) behind the `Broker` interface: REST for commands, trade_updates for live state. */
import { randomUUID } from 'node:crypto';
import { ConnectionStatus, ErrorCode, OrderStatus, OrderType, REJECTION_CODES, TradingError, capabilities, isFinalStatus, isTradingError } from '@trading-pro/contracts';
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
import type { Broker, BrokerContext, BrokerEvent, BrokerFactory, CancelOrdersResult, CommandResult, LeverageResult, PlaceOrderResult, Valuation } from '../broker.ts';
import { parseAlpacaConfig } from './alpaca-config.ts';
import type { AlpacaConfig } from './alpaca-config.ts';
import { AlpacaHttpClient } from './alpaca-http.ts';
import { AlpacaMarketHours } from './alpaca-market-hours.ts';
import { modifyAlpacaOrder } from './alpaca-modify.ts';
import { buildAlpacaOrderRequest, unsupportedAlpacaOrder, validateAlpacaPreOrder } from './alpaca-order-request.ts';
import { buildAlpacaPreview } from './alpaca-preview.ts';
import { AlpacaTradeStream } from './alpaca-stream.ts';
import { submitOnce } from './alpaca-submit.ts';
import { AlpacaSync, internalEvent } from './alpaca-sync.ts';
import { VenueLedger } from '../common/venue-ledger.ts';

export const ALPACA_CAPABILITIES = capabilities({ supportOrderBrackets: true, supportTrailingStop: true, supportMarketHours: true });

export class AlpacaBroker implements Broker {
  readonly kind = 'alpaca';
  readonly accountId: string;
  readonly #context: BrokerContext;
  readonly #config: AlpacaConfig;
  readonly #http: AlpacaHttpClient;
  readonly #hours: AlpacaMarketHours;
  readonly #stream: AlpacaTradeStream;
  readonly #state = new VenueLedger();
  readonly #sync: AlpacaSync;
  #status: BrokerConnectionStatus;
  #connecting = false;
  #timer: NodeJS.Timeout | undefined;
  #refreshTimer: NodeJS.Timeout | undefined;

  constructor(context: BrokerContext, config: AlpacaConfig) {
    this.#context = context;
    this.#config = config;
    this.accountId = context.accountId;
    this.#status = { status: ConnectionStatus.Disconnected, timestamp: context.now() };
    this.#http = new AlpacaHttpClient({ ...config, secretKey: config.secretKey, readRetry: config.readRetry, now: context.now, ...(context.sleep === undefined ? {} : { sleep: context.sleep }) });
    this.#hours = new AlpacaMarketHours(this.#http, { extendedHours: config.extendedHours, marketOrdersWhenClosed: config.marketOrdersWhenClosed, clockCacheMs: config.clockCacheMs, now: context.now });
    this.#sync = new AlpacaSync(this.#http, this.#state, context, { placingTimeoutMs: config.placingTimeoutMs, unknownLookupMs: config.unknownLookupMs });
    this.#stream = new AlpacaTradeStream({
      url: config.streamUrl,
      keyId: config.keyId,
      secretKey: config.secretKey,
      connectTimeoutMs: config.streamConnectTimeoutMs,
      reconnectMinMs: config.reconnectMinMs,
      reconnectMaxMs: config.reconnectMaxMs,
      pingIntervalMs: config.pingIntervalMs,
      onUpdate: (update) => this.#sync.onTradeUpdate(update),
      onState: (state, reason) => this.#onStreamState(state, reason),
    });
  }

  capabilities(): BrokerConfig {
    return { broker: this.kind, ...ALPACA_CAPABILITIES };
  }

  committed(events: readonly BrokerEvent[]): void {
    this.#state.committed(events);
  }

  rollback(): void {
    this.#state.rollback();
  }

  restore(_snapshot: unknown, events: readonly BrokerEvent[]): void {
    this.#state.restore(events);
    for (const event of events) if (event.route === 'internal') this.#sync.restoreInternal(event.data);
  }

  async connect(): Promise<void> {
    this.#connecting = true;
    this.#setStatus(ConnectionStatus.Connecting, 'connecting to Alpaca');
    try {
      const account = await this.#http.getAccount('connect');
      if (account.account_blocked || account.trading_blocked || account.status !== 'ACTIVE') {
        throw new TradingError(ErrorCode.FORBIDDEN, `Alpaca account ${account.account_number} may not trade (status ${account.status})`);
      }
      await this.#stream.start();
      await this.#sync.reconcile();
    } catch (error) {
      this.#connecting = false;
      await this.#stream.stop();
      const failure = isTradingError(error) ? error : new TradingError(ErrorCode.BROKER_UNAVAILABLE, String(error), { cause: error });
      this.#setStatus(ConnectionStatus.Error, failure.message);
      throw failure;
    }
    this.#connecting = false;
    this.#setStatus(ConnectionStatus.Connected, 'connected to Alpaca');
    if (this.#config.reconcileIntervalMs > 0) {
      this.#timer = setInterval(() => void this.#sync.reconcile().catch(() => undefined), this.#config.reconcileIntervalMs);
      this.#timer.unref();
    }
    if (this.#config.accountRefreshMs > 0) {
      this.#refreshTimer = setInterval(() => this.#sync.refreshSoon(), this.#config.accountRefreshMs);
      this.#refreshTimer.unref();
    }
  }

  async disconnect(): Promise<void> {
    this.#sync.stop();
    clearInterval(this.#timer);
    clearInterval(this.#refreshTimer);
    this.#timer = undefined;
    this.#refreshTimer = undefined;
    await this.#stream.stop();
    this.#setStatus(ConnectionStatus.Disconnected, 'disconnected', 0);
  }

  connectionStatus(): BrokerConnectionStatus {
    return this.#status;
  }

  /** Drops the trade stream as a network failure would; it reconnects and reconciles by itself. */
  interruptStream(): void {
    this.#stream.interrupt();
  }

  async placeOrder(order: PreOrder): Promise<PlaceOrderResult> {
    this.#requireConnected();
    validateAlpacaPreOrder(order);
    // A retried clientOrderId of the caller is answered by the account core before it gets here.
    const clientOrderId = order.clientOrderId ?? `tp-${randomUUID().replaceAll('-', '')}`;
    const refusal = unsupportedAlpacaOrder(order);
    if (refusal) return this.#reject(order, clientOrderId, refusal);
    let extendedHours: boolean;
    try {
      ({ extendedHours } = await this.#hours.check(order));
    } catch (error) {
      if (isTradingError(error) && REJECTION_CODES.has(error.code)) return this.#reject(order, clientOrderId, error);
      throw error;
    }
    const body = buildAlpacaOrderRequest(order, clientOrderId, extendedHours);
    // The intent is committed to the journal before sending: after a crash the id is reconciled, never resent blindly.
    // If the journal refuses it, nothing is sent.
    await this.#context.onEvents([internalEvent({ kind: 'alpaca.submit', clientOrderId, body, time: this.#context.now() })]);
    this.#sync.pending.set(clientOrderId, { body, time: this.#context.now() });
    try {
      const outcome = await submitOnce(this.#http, body);
      if (outcome.kind === 'unknown') return { orderId: clientOrderId, events: this.#sync.holdUnknown(order, clientOrderId) };
      // Applied while the submission is still pending: that is what makes the order ours, not an external one.
      const events = [internalEvent({ kind: 'alpaca.submitted', clientOrderId, orderId: outcome.wire.id }), ...this.#sync.applyOrderTree(outcome.wire)];
      this.#sync.pending.delete(clientOrderId);
      return { orderId: this.#sync.ourId(outcome.wire.id), events };
    } catch (error) {
      if (!isTradingError(error) || error.code === ErrorCode.BROKER_UNAVAILABLE) throw error;
      this.#sync.pending.delete(clientOrderId);
      const failed = internalEvent({ kind: 'alpaca.submit-failed', clientOrderId, reason: error.message });
      if (!REJECTION_CODES.has(error.code)) {
        await this.#context.onEvents([failed]).catch(() => undefined);
        throw error;
      }
      const result = this.#reject(order, clientOrderId, error);
      return { ...result, events: [failed, ...result.events] };
    }
  }

  rejectOrder(order: PreOrder, rejection: TradingError): PlaceOrderResult {
    return this.#reject(order, order.clientOrderId ?? `tp-${randomUUID().replaceAll('-', '')}`, rejection);
  }

  async previewOrder(order: PreOrder): Promise<OrderPreview> {
    validateAlpacaPreOrder(order);
    const account = await this.#http.getAccount();
    let closedReason: string | undefined;
    try {
      await this.#hours.check(order);
    } catch (error) {
      if (!isTradingError(error) || error.code !== ErrorCode.MARKET_CLOSED) throw error;
      closedReason = error.message;
    }
    return buildAlpacaPreview(order, account, { unsupported: unsupportedAlpacaOrder(order)?.message, closedReason, confirmId: randomUUID() });
  }

  async modifyOrder(orderId: string, changes: ModifyOrder): Promise<CommandResult> {
    this.#requireConnected();
    const current = await this.#current(this.#sync.currentId(orderId));
    if (isFinalStatus(current.status)) throw new TradingError(ErrorCode.CONFLICT, `order ${orderId} is already final`);
    return modifyAlpacaOrder(this.#http, this.#sync, current, changes);
  }

  async cancelOrder(orderId: string): Promise<CommandResult> {
    this.#requireConnected();
    const id = this.#sync.currentId(orderId);
    const current = await this.#current(id);
    if (isFinalStatus(current.status)) throw new TradingError(ErrorCode.CONFLICT, `order ${orderId} is already final`);
    const venueId = this.#sync.venueId(id);
    if (venueId === undefined) throw new TradingError(ErrorCode.CONFLICT, `order ${orderId} is not yet confirmed by Alpaca`);
    await this.#http.cancelOrder(venueId);
    return { events: this.#sync.applyOrderTree(await this.#http.getOrder(venueId)) };
  }

  async cancelOrders(filter: CancelOrders): Promise<CancelOrdersResult> {
    this.#requireConnected();
    const wanted = filter.orderIds ? new Set(filter.orderIds.map((id) => this.#sync.currentId(id))) : undefined;
    const open = (this.#context.account?.liveOrders() ?? this.#state.orders()).filter(
      (o) => !isFinalStatus(o.status) && (!filter.symbol || o.symbol === filter.symbol) && (!filter.side || o.side === filter.side) && (!wanted || wanted.has(o.id)),
    );
    const canceled: string[] = [];
    const events: BrokerEvent[] = [];
    for (const order of open) {
      if (order.parentType !== undefined) continue; // legs go with their parent
      events.push(...(await this.cancelOrder(order.id)).events);
      canceled.push(order.id);
    }
    return { canceled, events };
  }

  /** The venue's current state of an order a command acts on (final ones are known without asking). */
  async #current(orderId: string): Promise<Order> {
    const known = this.#state.order(orderId);
    if (known && isFinalStatus(known.status)) return known;
    const venueId = this.#sync.venueId(orderId);
    if (venueId === undefined) throw new TradingError(ErrorCode.CONFLICT, `order ${orderId} is not yet confirmed by Alpaca`);
    const events = this.#sync.applyOrderTree(await this.#http.getOrder(venueId));
    if (events.length > 0) await this.#context.onEvents(events);
    const order = this.#state.order(orderId);
    if (!order) throw new TradingError(ErrorCode.NOT_FOUND, `unknown order ${orderId}`);
    return order;
  }

  valuation(): Valuation | undefined {
    return this.#sync.valuation;
  }

  currentOrderId(orderId: string): string {
    return this.#sync.currentId(orderId);
  }

  async closePosition(positionId: string, amount?: number): Promise<CommandResult> {
    this.#requireConnected();
    await this.#hours.check({ symbol: positionId, type: OrderType.Market, side: 1, qty: amount ?? 1 });
    const wire = await this.#http.closePosition(positionId, amount === undefined ? {} : { qty: String(amount) });
    this.#sync.refreshSoon();
    return { events: this.#sync.applyOrderTree(wire) };
  }

  reversePosition(_positionId: string): Promise<CommandResult> {
    return Promise.reject(new TradingError(ErrorCode.UNSUPPORTED_ORDER, 'Alpaca cannot reverse a position in one order; close it, then open the other side'));
  }

  editPositionBrackets(_positionId: string, _brackets: PositionBrackets): Promise<CommandResult> {
    return Promise.reject(new TradingError(ErrorCode.UNSUPPORTED_ORDER, 'Alpaca attaches brackets to orders only; place them with the entry order'));
  }

  async leverage(symbol: string): Promise<LeverageInfo> {
    const multiplier = Number((await this.#http.getAccount()).multiplier);
    return { symbol, leverage: multiplier, min: multiplier, max: multiplier, step: 1 };
  }

  async setLeverage(symbol: string, leverage: number): Promise<LeverageResult> {
    const current = await this.leverage(symbol);
    if (leverage !== current.leverage) {
      throw new TradingError(ErrorCode.UNSUPPORTED_ORDER, `Alpaca sets leverage per account (${current.leverage}x); it cannot be changed per symbol`);
    }
    return { leverage: current, events: [] };
  }

  #reject(order: PreOrder, clientOrderId: string, error: TradingError): PlaceOrderResult {
    const now = this.#context.now();
    const rejected: Order = {
      id: clientOrderId,
      clientOrderId,
      symbol: order.symbol,
      type: order.type,
      side: order.side,
      qty: order.qty,
      status: OrderStatus.Rejected,
      filledQty: 0,
      commission: 0,
      createTime: now,
      updateTime: now,
      duration: { type: order.duration?.type ?? 'GTC' },
      rejectReason: error.message,
      ...(order.limitPrice === undefined ? {} : { limitPrice: order.limitPrice }),
      ...(order.stopPrice === undefined ? {} : { stopPrice: order.stopPrice }),
      ...(order.takeProfit === undefined ? {} : { takeProfit: order.takeProfit }),
      ...(order.stopLoss === undefined ? {} : { stopLoss: order.stopLoss }),
    };
    return { orderId: rejected.id, rejection: error, events: this.#state.applyOrder(rejected) };
  }

  #requireConnected(): void {
    if (this.#status.status === ConnectionStatus.Disconnected || this.#status.status === ConnectionStatus.Error) {
      throw new TradingError(ErrorCode.BROKER_UNAVAILABLE, 'the Alpaca connection is not up');
    }
  }

  #onStreamState(state: 'up' | 'down', reason: string): void {
    if (this.#connecting) return;
    if (state === 'down') {
      this.#setStatus(ConnectionStatus.Connecting, reason, 2);
      return;
    }
    void this.#sync
      .reconcile()
      .catch(() => undefined)
      .then(() => this.#setStatus(ConnectionStatus.Connected, 'trade stream restored and reconciled'));
  }

  #setStatus(status: ConnectionStatus, message: string, disconnectType?: number): void {
    this.#status = { status, message, timestamp: this.#context.now(), ...(disconnectType === undefined ? {} : { disconnectType }) };
    this.#context.onEvents([{ route: 'broker-connection', data: this.#status }]).catch(() => undefined);
  }
}

export const alpacaFactory: BrokerFactory = (context, options) => new AlpacaBroker(context, parseAlpacaConfig(options));
