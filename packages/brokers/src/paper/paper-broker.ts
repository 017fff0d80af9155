/**
 * The paper broker: the pure paper engine driven by a live quote feed and a clock. Every engine event is
 * journaled with its full engine state, so a restart folds the journal back into the same engine state.
 */
import { ConnectionStatus, ErrorCode, TradingError, type BrokerConfig, type BrokerConnectionStatus, type CancelOrders, type ModifyOrder, type PositionBrackets, type PreOrder } from '@trading-pro/contracts';
import { PaperEngine, decodeEngineEvent, encodeEngineEvent, type EngineEvent } from '@trading-pro/engine';
import type { Broker, BrokerContext, BrokerEvent, BrokerFactory, CommandResult } from '../broker.ts';
import { parsePaperOptions, type PaperOptions } from './paper-options.ts';
import type { QuoteFeed } from './quote-feed.ts';

export const PAPER_CAPABILITIES: Omit<BrokerConfig, 'broker'> = {
  supportOrderBrackets: true,
  supportPositionBrackets: true,
  supportTrailingStop: true,
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
  supportMarketHours: true,
};

export class PaperBroker implements Broker {
  readonly kind = 'paper';
  readonly accountId: string;
  readonly #context: BrokerContext;
  readonly #feed: QuoteFeed;
  readonly #options: PaperOptions;
  readonly #engine: PaperEngine;
  #status: BrokerConnectionStatus;
  #unsubscribe: (() => void) | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;

  constructor(context: BrokerContext, feed: QuoteFeed, options: PaperOptions) {
    this.accountId = context.accountId;
    this.#context = context;
    this.#feed = feed;
    this.#options = options;
    this.#engine = new PaperEngine({
      accountId: context.accountId,
      accountName: context.accountName,
      currency: context.currency,
      initialBalance: context.initialBalance ?? 100_000,
      instruments: feed.instruments(),
      latencyMs: options.latencyMs,
      slippage: options.slippage,
      commission: options.commission,
      checkMarketHours: options.checkMarketHours,
    });
    this.#status = { status: ConnectionStatus.Disconnected, timestamp: context.now() };
  }

  /** The engine, for in-process tools (backtests, tests); commands go through the Broker methods. */
  get engine(): PaperEngine {
    return this.#engine;
  }

  capabilities(): BrokerConfig {
    return { broker: this.kind, ...PAPER_CAPABILITIES };
  }

  restore(events: readonly BrokerEvent[]): void {
    const engineEvents: EngineEvent[] = [];
    for (const event of events) if (event.state !== undefined) engineEvents.push(decodeEngineEvent(event.state));
    this.#engine.restore(engineEvents);
  }

  async connect(): Promise<void> {
    if (this.#unsubscribe) return;
    const now = this.#context.now();
    const caughtUp: EngineEvent[] = [];
    for (const instrument of this.#feed.instruments().list()) {
      const quote = this.#feed.quote(instrument.symbol);
      if (quote) caughtUp.push(...this.#engine.onQuote(quote));
    }
    this.#status = { status: ConnectionStatus.Connected, message: 'paper trading on the simulated market', timestamp: now };
    this.#context.onEvents([...this.#toBrokerEvents(caughtUp), { route: 'broker-connection', data: this.#status }]);
    this.#unsubscribe = this.#feed.subscribe((quote) => this.#emit(this.#engine.onQuote(quote)));
    this.#clock = setInterval(() => this.#emit(this.#engine.advance(this.#context.now())), this.#options.clockIntervalMs);
    this.#clock.unref();
  }

  async disconnect(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#clock) clearInterval(this.#clock);
    this.#clock = undefined;
    this.#status = { status: ConnectionStatus.Disconnected, message: 'stopped', disconnectType: 0, timestamp: this.#context.now() };
  }

  connectionStatus(): BrokerConnectionStatus {
    return this.#status;
  }

  async placeOrder(order: PreOrder) {
    this.#ensureConnected();
    const result = this.#engine.placeOrder(order, this.#context.now());
    const base = { orderId: result.orderId, events: this.#toBrokerEvents(result.events) };
    return result.rejection ? { ...base, rejection: result.rejection } : base;
  }

  async previewOrder(order: PreOrder) {
    return this.#engine.previewOrder(order, this.#context.now());
  }

  async modifyOrder(orderId: string, changes: ModifyOrder): Promise<CommandResult> {
    this.#ensureConnected();
    return { events: this.#toBrokerEvents(this.#engine.modifyOrder(orderId, changes, this.#context.now())) };
  }

  async cancelOrder(orderId: string): Promise<CommandResult> {
    this.#ensureConnected();
    return { events: this.#toBrokerEvents(this.#engine.cancelOrder(orderId, this.#context.now())) };
  }

  async cancelOrders(filter: CancelOrders) {
    this.#ensureConnected();
    const result = this.#engine.cancelOrders(filter, this.#context.now());
    return { canceled: result.canceled, events: this.#toBrokerEvents(result.events) };
  }

  async orders() {
    return this.#engine.orders();
  }

  async order(orderId: string) {
    return this.#engine.order(orderId);
  }

  async positions() {
    return this.#engine.positions();
  }

  async executions(symbol: string) {
    return this.#engine.executions(symbol);
  }

  async account() {
    return this.#engine.account();
  }

  async closePosition(positionId: string, amount?: number): Promise<CommandResult> {
    this.#ensureConnected();
    return { events: this.#toBrokerEvents(this.#engine.closePosition(positionId, amount, this.#context.now())) };
  }

  async reversePosition(positionId: string): Promise<CommandResult> {
    this.#ensureConnected();
    return { events: this.#toBrokerEvents(this.#engine.reversePosition(positionId, this.#context.now())) };
  }

  async editPositionBrackets(positionId: string, brackets: PositionBrackets): Promise<CommandResult> {
    this.#ensureConnected();
    return { events: this.#toBrokerEvents(this.#engine.setPositionBrackets(positionId, brackets, this.#context.now())) };
  }

  async leverage(symbol: string) {
    return this.#engine.leverageInfo(symbol);
  }

  async setLeverage(symbol: string, leverage: number) {
    this.#ensureConnected();
    const events = this.#toBrokerEvents(this.#engine.setLeverage(symbol, leverage, this.#context.now()));
    return { events, leverage: this.#engine.leverageInfo(symbol) };
  }

  /** Without the quote feed nothing would fill: commands wait for `connect`, as at a venue (503). */
  #ensureConnected(): void {
    if (this.#status.status !== ConnectionStatus.Connected) throw new TradingError(ErrorCode.BROKER_UNAVAILABLE, 'the paper broker is not connected');
  }

  #emit(events: EngineEvent[]): void {
    if (events.length > 0) this.#context.onEvents(this.#toBrokerEvents(events));
  }

  #toBrokerEvents(events: readonly EngineEvent[]): BrokerEvent[] {
    return events.map((event) => ({ ...this.#engine.project(event), state: encodeEngineEvent(event) }) as BrokerEvent);
  }
}

/** The `paper` factory: every paper account trades against the same quote feed. */
export function paperFactory(feed: QuoteFeed): BrokerFactory {
  return (context, options) => new PaperBroker(context, feed, parsePaperOptions(options));
}
