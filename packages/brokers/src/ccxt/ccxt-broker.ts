/**
 * The `Broker` for ccxt venues (spot, and swap where the venue has it): connection lifecycle with a
 * credential check, account and positions, orders through `OrderFlow`, the user stream and periodic REST
 * reconciliation through `VenueSync`. Venue differences live in a `CcxtVenueSpec`.
 */
import {
  ConnectionStatus,
  ErrorCode,
  OrderType,
  Side,
  TradingError,
  type BrokerConfig,
  type BrokerConnectionStatus,
  type CancelOrders,
  type LeverageInfo,
  type ModifyOrder,
  type OrderPreview,
  type Position,
  type PositionBrackets,
  type PreOrder,
} from '@trading-pro/contracts';
import type { Broker, BrokerContext, BrokerEvent, CancelOrdersResult, CommandResult, LeverageResult, PlaceOrderResult, Valuation } from '../broker.ts';
import { portfolioEvents } from '../common/portfolio.ts';
import { CcxtClient, notConnected } from './ccxt-client.ts';
import { mapCcxtError } from './ccxt-errors.ts';
import { OrderFlow } from './ccxt-order-flow.ts';
import { parseCcxtBrokerOptions, type CcxtBrokerOptions } from './ccxt-options.ts';
import { fetchPortfolio, type PortfolioSnapshot } from './ccxt-portfolio.ts';
import { UserStream } from './ccxt-stream.ts';
import { VenueSync } from './ccxt-sync.ts';
import { capabilitiesOf, previewOf } from './ccxt-capabilities.ts';
import { marketOf } from './market-rules.ts';
import { OrderLedger } from './order-ledger.ts';
import type { CcxtVenueSpec } from './venue-spec.ts';

export class CcxtBroker implements Broker {
  readonly kind: string;
  readonly accountId: string;
  readonly client: CcxtClient;
  readonly #spec: CcxtVenueSpec;
  readonly #context: BrokerContext;
  readonly #options: CcxtBrokerOptions;
  readonly #ledger = new OrderLedger();
  readonly #sync: VenueSync;
  readonly #flow: OrderFlow;
  #stream: UserStream | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #refreshTimer: ReturnType<typeof setInterval> | undefined;
  #status: BrokerConnectionStatus;
  /** The last account report from the venue (marks are served from it, not journaled). */
  #valuation: Valuation | undefined;
  #refreshing: Promise<void> | undefined;
  #refreshAgain = false;

  constructor(spec: CcxtVenueSpec, context: BrokerContext, rawOptions: Readonly<Record<string, unknown>>) {
    this.#spec = spec;
    this.kind = spec.kind;
    this.accountId = context.accountId;
    this.#context = context;
    this.#options = parseCcxtBrokerOptions(spec, rawOptions);
    this.client = new CcxtClient(spec, this.#options, { now: context.now, ...(context.sleep === undefined ? {} : { sleep: context.sleep }) });
    const syncOptions = { tradeLookbackMs: this.#options.tradeLookbackMs, placingTimeoutMs: this.#options.placingTimeoutMs, unknownLookupMs: this.#options.unknownLookupMs };
    this.#sync = new VenueSync(this.client, this.#ledger, context, syncOptions, () => this.#refreshPortfolio());
    this.#flow = new OrderFlow(this.client, this.#ledger, this.#sync, context, this.#options);
    this.#status = { status: ConnectionStatus.Disconnected, timestamp: context.now() };
  }

  capabilities(): BrokerConfig {
    return capabilitiesOf(this.#spec, this.#options.market);
  }

  restore(_snapshot: unknown, events: readonly BrokerEvent[]): void {
    this.#ledger.restore(events);
  }

  committed(events: readonly BrokerEvent[]): void {
    this.#ledger.facts.committed(events);
  }

  rollback(): void {
    this.#ledger.facts.rollback();
  }

  async connect(): Promise<void> {
    if (this.#status.status === ConnectionStatus.Connected) return;
    this.#setStatus(ConnectionStatus.Connecting);
    try {
      await this.client.prepare();
      await this.client.read((exchange) => exchange.loadMarkets());
      // Signed requests carry timestamps the venue checks against its own clock: measure the offset first.
      await this.client.syncClock().catch(() => undefined);
      const balance = await this.client.read((exchange) => exchange.fetchBalance());
      const tradeCheck = this.#spec.tradePermissionProblem;
      const problem =
        this.#spec.permissionProblem?.((balance.info ?? {}) as Record<string, unknown>) ??
        (tradeCheck === undefined ? undefined : await this.client.read((exchange) => tradeCheck(exchange)));
      if (problem !== undefined) throw new TradingError(ErrorCode.FORBIDDEN, `${this.kind}: ${problem}`);
      this.#flow.hedged = this.#options.market === 'swap' && (await this.#positionMode()) === 'hedge';
      // Subscribe first, then reconcile: whatever happened before the subscription is caught by REST.
      await this.#startStream();
      await this.#sync.reconcile();
    } catch (error) {
      const mapped = mapCcxtError(error, { venue: this.kind });
      await this.#stopStream();
      this.#setStatus(ConnectionStatus.Error, mapped.message, 0);
      throw mapped;
    }
    this.#setStatus(ConnectionStatus.Connected);
    // Equity and positions at connect, then at the account's request budget (the stream reports fills at once).
    this.#refreshPortfolio();
    if (this.#options.reconcileIntervalMs > 0) {
      this.#timer = setInterval(() => void this.reconcile().catch(() => undefined), this.#options.reconcileIntervalMs);
      this.#timer.unref();
    }
    if (this.#options.accountRefreshMs > 0) {
      this.#refreshTimer = setInterval(() => this.#refreshPortfolio(), this.#options.accountRefreshMs);
      this.#refreshTimer.unref();
    }
  }

  async disconnect(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    if (this.#refreshTimer !== undefined) clearInterval(this.#refreshTimer);
    this.#timer = undefined;
    this.#refreshTimer = undefined;
    this.#sync.stop();
    await this.#stopStream();
    await this.#refreshing;
    if (this.#status.status !== ConnectionStatus.Disconnected) this.#setStatus(ConnectionStatus.Disconnected, undefined, 0);
  }

  connectionStatus(): BrokerConnectionStatus {
    return this.#status;
  }

  valuation(): Valuation | undefined {
    return this.#valuation;
  }

  /** Runs a REST reconciliation now (also run after reconnects and every `reconcileIntervalMs`). */
  async reconcile(): Promise<void> {
    this.#ensureConnected();
    await this.#sync.reconcile();
  }

  async placeOrder(order: PreOrder): Promise<PlaceOrderResult> {
    this.#ensureConnected();
    return this.#flow.place(order);
  }

  rejectOrder(order: PreOrder, rejection: TradingError): PlaceOrderResult {
    return this.#flow.reject(order, rejection);
  }

  async previewOrder(order: PreOrder): Promise<OrderPreview> {
    this.#ensureConnected();
    return previewOf(this.client, order, this.#context.now());
  }

  async modifyOrder(orderId: string, changes: ModifyOrder): Promise<CommandResult> {
    this.#ensureConnected();
    return this.#flow.modify(orderId, changes);
  }

  async cancelOrder(orderId: string): Promise<CommandResult> {
    this.#ensureConnected();
    return this.#flow.cancel(orderId);
  }

  async cancelOrders(filter: CancelOrders): Promise<CancelOrdersResult> {
    this.#ensureConnected();
    const wanted = this.#ledger
      .unfinished()
      .filter((order) => (filter.symbol === undefined || order.symbol === filter.symbol) && (filter.side === undefined || order.side === filter.side))
      .filter((order) => filter.orderIds === undefined || filter.orderIds.includes(order.id));
    const events: BrokerEvent[] = [];
    const canceled: string[] = [];
    for (const order of wanted) {
      const result = await this.#flow.cancel(order.id);
      events.push(...result.events);
      canceled.push(order.id);
    }
    return { canceled, events };
  }

  async closePosition(positionId: string, amount?: number): Promise<CommandResult> {
    const position = await this.#position(positionId);
    const qty = amount === undefined ? position.qty : Math.min(amount, position.qty);
    const side = position.side === Side.Buy ? Side.Sell : Side.Buy;
    return this.#closingOrder(position, side, qty, true);
  }

  async reversePosition(positionId: string): Promise<CommandResult> {
    if (this.#options.market === 'spot') throw new TradingError(ErrorCode.UNSUPPORTED_ORDER, `${this.kind} spot cannot go short: no reverse`);
    const position = await this.#position(positionId);
    const side = position.side === Side.Buy ? Side.Sell : Side.Buy;
    if (!this.#flow.hedged) return this.#closingOrder(position, side, position.qty * 2, false);
    // Hedge mode keeps long and short apart: close the one, then open the other.
    const closed = await this.#closingOrder(position, side, position.qty, true);
    const opened = await this.#closingOrder(position, side, position.qty, false);
    return { events: [...closed.events, ...opened.events] };
  }

  async editPositionBrackets(_positionId: string, _brackets: PositionBrackets): Promise<CommandResult> {
    throw new TradingError(ErrorCode.UNSUPPORTED_ORDER, `${this.kind}: position brackets are not supported by this adapter`);
  }

  async leverage(symbol: string): Promise<LeverageInfo> {
    this.#ensureConnected();
    const market = marketOf(this.client.exchange, symbol);
    if (market === undefined) throw new TradingError(ErrorCode.NOT_FOUND, `${this.kind} has no market ${symbol}`);
    if (this.#options.market === 'spot') return { symbol, leverage: 1, min: 1, max: 1, step: 1 };
    const current = await this.client.read((exchange) => exchange.fetchLeverage(symbol));
    const leverage = current.longLeverage ?? current.shortLeverage ?? 1;
    return { symbol, leverage, min: market.limits.leverage?.min ?? 1, max: market.limits.leverage?.max ?? leverage, step: 1 };
  }

  async setLeverage(symbol: string, leverage: number): Promise<LeverageResult> {
    this.#ensureConnected();
    if (this.#options.market === 'spot') throw new TradingError(ErrorCode.UNSUPPORTED_ORDER, `${this.kind} spot has no leverage; use market: swap`);
    const info = await this.leverage(symbol);
    if (leverage < info.min || leverage > info.max || !Number.isInteger(leverage)) {
      throw new TradingError(ErrorCode.VALIDATION_ERROR, `leverage must be a whole number from ${info.min} to ${info.max}`);
    }
    await this.client.write((exchange) => exchange.setLeverage(leverage, symbol));
    // The venue keeps the setting; nothing of the account's journal changes.
    return { leverage: { ...info, leverage }, events: [] };
  }

  async #closingOrder(position: Position, side: Side, qty: number, reduceOnly: boolean): Promise<CommandResult> {
    this.#ensureConnected();
    const result = await this.#flow.place({ symbol: position.symbol, type: OrderType.Market, side, qty }, reduceOnly);
    if (result.rejection !== undefined) throw result.rejection;
    return { events: result.events };
  }

  /** The position as the account state holds it (the venue's last report), not a new request. */
  async #position(positionId: string): Promise<Position> {
    this.#ensureConnected();
    const position = this.#context.account?.position(positionId);
    if (position === undefined) throw new TradingError(ErrorCode.NOT_FOUND, `position ${positionId} not found`);
    return position;
  }

  /** The configured position mode, else what the venue reports (net where it cannot say). */
  async #positionMode(): Promise<'net' | 'hedge'> {
    if (this.#options.positionMode !== undefined) return this.#options.positionMode;
    const detect = this.#spec.positionMode;
    if (detect === undefined) return 'net';
    return (await this.client.read((exchange) => detect(exchange))) ?? 'net';
  }

  async #snapshot(): Promise<PortfolioSnapshot> {
    return fetchPortfolio(this.client, this.#ledger, this.#options.quote, this.#context.now());
  }

  /** After fills: positions and equity that changed, as events (coalesced while a refresh runs). */
  #refreshPortfolio(): void {
    if (this.#refreshing !== undefined) {
      this.#refreshAgain = true;
      return;
    }
    this.#refreshing = this.#publishPortfolio()
      .catch(() => undefined)
      .finally(() => {
        this.#refreshing = undefined;
        if (this.#refreshAgain) {
          this.#refreshAgain = false;
          this.#refreshPortfolio();
        }
      });
  }

  async #publishPortfolio(): Promise<void> {
    if (this.#status.status !== ConnectionStatus.Connected && this.#status.status !== ConnectionStatus.Connecting) return;
    const snapshot = await this.#snapshot();
    this.#valuation = { account: snapshot.figures, positions: snapshot.positions };
    const events = portfolioEvents(this.#context.account, snapshot.positions, snapshot.figures, this.#context.now());
    if (events.length > 0) await this.#context.onEvents(events);
  }

  async #stopStream(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    const stopping = stream?.stop();
    // A socket stuck in its closing handshake must not hold the disconnect up.
    await Promise.race([this.client.exchange.close().catch(() => undefined), delay(this.#options.timeoutMs)]);
    await Promise.race([stopping, delay(this.#options.timeoutMs)]);
  }

  async #startStream(): Promise<void> {
    if (!this.#options.stream || this.client.exchange.has['watchOrders'] !== true) return;
    const stream = new UserStream(
      this.client.exchange,
      {
        onOrders: (orders) => this.#sync.streamOrders(orders),
        onTrades: (trades) => this.#sync.streamTrades(trades),
        onDown: (error) => this.#setStatus(ConnectionStatus.Connecting, `user stream lost: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, 2),
        onUp: async () => {
          await this.#sync.reconcile();
          this.#setStatus(ConnectionStatus.Connected);
        },
      },
      this.#options.streamBackoff,
      this.#spec.streamReady,
    );
    this.#stream = stream;
    stream.start();
    // Not fatal: without a confirmed stream the periodic reconciliation still reports every change.
    await stream.ready(this.#options.timeoutMs, this.#spec.streamReady);
  }

  #ensureConnected(): void {
    const status = this.#status.status;
    if (status !== ConnectionStatus.Connected && status !== ConnectionStatus.Connecting) throw notConnected(this.kind);
  }

  #setStatus(status: ConnectionStatus, message?: string, disconnectType?: number): void {
    if (this.#status.status === status && this.#status.message === message) return;
    this.#status = {
      status,
      ...(message === undefined ? {} : { message }),
      ...(disconnectType === undefined ? {} : { disconnectType }),
      timestamp: this.#context.now(),
    };
    this.#context.onEvents([{ route: 'broker-connection', data: this.#status }]).catch(() => undefined);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
