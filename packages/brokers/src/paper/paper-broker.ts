/** The paper broker: the pure paper engine driven by a live quote feed and a clock. */
import {
  ConnectionStatus,
  ErrorCode,
  TradingError,
  fromFixed,
  isFinalStatus,
  type BrokerConfig,
  type OrderStatus,
  type BrokerConnectionStatus,
  type CancelOrders,
  type ModifyOrder,
  type OrderPreview,
  type PositionBrackets,
  type PreOrder,
} from '@trading-pro/contracts';
import { PAPER_CAPABILITIES, PaperEngine, decodeEngineEvent, decodeEngineImage, encodeEngineEvent, encodeEngineImage, type EngineEvent } from '@trading-pro/engine';
import type { RiskView } from '../account/risk-limits.ts';
import type { Broker, BrokerContext, BrokerEvent, BrokerFactory, CommandResult, PlaceOrderResult, Valuation } from '../broker.ts';
import { parsePaperOptions, type PaperOptions } from './paper-options.ts';
import type { QuoteFeed } from './quote-feed.ts';

/**
 * The engine event behind a journaled event this broker produced, carried by the event itself (a symbol key: never
 * serialized), so a commit needs no decoding.
 */
const ORIGIN = Symbol('engine event');
type OriginTagged = BrokerEvent & { readonly [ORIGIN]?: EngineEvent };

/**
 * The paper broker. Commands decide on a speculative engine (committed events plus those still on their way to
 * the journal); a second engine folds only committed events and answers valuations and snapshots; a failed
 * commit resets the speculative engine to the committed one. Every event is journaled with the engine event it
 * projects, so a restart folds the journal (after the last snapshot) back into the same state.
 */
export class PaperBroker implements Broker {
  readonly kind = 'paper';
  readonly accountId: string;
  readonly speculative = true;
  readonly #context: BrokerContext;
  readonly #feed: QuoteFeed;
  readonly #options: PaperOptions;
  readonly #engine: PaperEngine;
  readonly #committed: PaperEngine;
  #status: BrokerConnectionStatus;
  #unsubscribe: (() => void) | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;

  constructor(context: BrokerContext, feed: QuoteFeed, options: PaperOptions) {
    this.accountId = context.accountId;
    this.#context = context;
    this.#feed = feed;
    this.#options = options;
    const config = {
      accountId: context.accountId,
      accountName: context.accountName,
      currency: context.currency,
      initialBalance: context.initialBalance ?? 100_000,
      // Read through the feed each time: an exchange source lists its instruments only once its venue answered.
      instruments: { get: (symbol: string) => feed.instruments().get(symbol), list: () => feed.instruments().list() },
      latencyMs: options.latencyMs,
      ...(options.latency === undefined ? {} : { latency: options.latency }),
      slippage: options.slippage,
      commission: options.commission,
      fill: options.fill,
      checkMarketHours: options.checkMarketHours,
      offHours: options.offHours,
      retainHistory: false,
    };
    this.#engine = new PaperEngine(config);
    // What committed: read and snapshotted, never matched (the speculative engine decides, and starts again from it).
    this.#committed = new PaperEngine({ ...config, matching: false });
    this.#status = { status: ConnectionStatus.Disconnected, timestamp: context.now() };
  }

  /** The speculative engine, for in-process tools and tests; commands go through the Broker methods. */
  get engine(): PaperEngine {
    return this.#engine;
  }

  capabilities(): BrokerConfig {
    return { broker: this.kind, ...PAPER_CAPABILITIES };
  }

  restore(snapshot: unknown, events: readonly BrokerEvent[]): void {
    const marks = this.#feed.instruments().list().flatMap((instrument) => this.#feed.quote(instrument.symbol) ?? []);
    if (snapshot !== undefined) this.#committed.restore([], marks, decodeEngineImage(snapshot));
    else for (const quote of marks) this.#committed.mark(quote);
    const engineEvents: EngineEvent[] = [];
    for (const event of events) if (event.state !== undefined) engineEvents.push(decodeEngineEvent(event.state));
    this.#committed.applyAll(engineEvents);
    this.#engine.resetTo(this.#committed);
    for (const quote of marks) this.#engine.mark(quote);
  }

  snapshot(): unknown {
    return encodeEngineImage(this.#committed.image());
  }

  committed(events: readonly BrokerEvent[]): void {
    const engineEvents: EngineEvent[] = [];
    for (const event of events) {
      const origin = (event as OriginTagged)[ORIGIN] ?? (event.state === undefined ? undefined : decodeEngineEvent(event.state));
      if (origin !== undefined) engineEvents.push(origin);
    }
    this.#committed.applyAll(engineEvents);
  }

  rollback(): void {
    this.#engine.resetTo(this.#committed);
  }

  valuation(): Valuation {
    const { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower } = this.#committed.account();
    return { account: { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower }, positions: this.#committed.positions() };
  }

  riskView(): RiskView {
    const engine = this.#engine;
    return {
      marketPrice: (symbol, side) => {
        const quote = engine.quote(symbol);
        return quote === undefined ? undefined : fromFixed(side === 1 ? quote.ask : quote.bid);
      },
      positionQty: (symbol) => engine.positionQty(symbol),
      openOrders: () => engine.workingOrderCount(),
      dayPL: () => 0,
    };
  }

  async connect(): Promise<void> {
    if (this.#unsubscribe) return;
    const now = this.#context.now();
    const caughtUp: EngineEvent[] = [];
    for (const instrument of this.#feed.instruments().list()) {
      const quote = this.#feed.quote(instrument.symbol);
      if (quote === undefined) continue;
      this.#committed.mark(quote);
      caughtUp.push(...this.#engine.onQuote(quote));
    }
    this.#status = { status: ConnectionStatus.Connected, message: `paper trading on the ${this.#feed.kind ?? 'simulated'} market`, timestamp: now };
    // The connection (and what the latest quotes filled) goes to the journal first; quotes from here on follow it.
    const journaled = this.#context.onEvents([...this.#toBrokerEvents(caughtUp), { route: 'broker-connection', data: this.#status }]);
    this.#unsubscribe = this.#feed.subscribe((quote) => {
      this.#committed.mark(quote);
      this.#emit(this.#toBrokerEvents(this.#engine.onQuote(quote)));
    });
    this.#clock = setInterval(() => this.#emit(this.#toBrokerEvents(this.#engine.advance(this.#context.now()))), this.#options.clockIntervalMs);
    this.#clock.unref();
    // Committed before connect returns: a started server's account seq already includes the connection.
    await journaled.catch(() => undefined);
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

  async placeOrder(order: PreOrder): Promise<PlaceOrderResult> {
    this.#ensureConnected();
    const result = this.#engine.placeOrder(order, this.#context.now());
    const base = { orderId: result.orderId, events: this.#toBrokerEvents(result.events) };
    return result.rejection ? { ...base, rejection: result.rejection } : base;
  }

  rejectOrder(order: PreOrder, rejection: TradingError): PlaceOrderResult {
    const result = this.#engine.rejectOrder(order, rejection, this.#context.now());
    return { orderId: result.orderId, events: this.#toBrokerEvents(result.events), rejection };
  }

  async previewOrder(order: PreOrder): Promise<OrderPreview> {
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
    return this.#committed.leverageInfo(symbol);
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

  /** Fills on ticks and time go to the journal; if it refuses them, the core resets the engine (they happen again). */
  #emit(events: BrokerEvent[]): void {
    if (events.length > 0) this.#context.onEvents(events).catch(() => undefined);
  }

  #toBrokerEvents(events: readonly EngineEvent[]): BrokerEvent[] {
    const engine = this.#engine;
    const superseded = supersededOrders(events);
    const brokerEvents: BrokerEvent[] = [];
    for (let at = 0; at < events.length; at++) {
      const event = events[at] as EngineEvent;
      if (superseded?.has(at) === true) continue;
      const { route, data } = engine.project(event);
      brokerEvents.push({ route, data, state: encodeEngineEvent(event), [ORIGIN]: event } as BrokerEvent);
    }
    return brokerEvents;
  }
}

/**
 * Indexes of order records a later record of the same order, final, replaces within one command: an order accepted
 * and filled (or canceled) in the same step is journaled and published once, as what it became. The records are full
 * images, so folding only the final one leaves the engine exactly where folding both would; a record that is not
 * final is always kept (a partly filled order's place in its book depends on the fold of each).
 */
function supersededOrders(events: readonly EngineEvent[]): Set<number> | undefined {
  // Most quotes and clock ticks fill nothing: no map for them.
  if (events.length < 2) return undefined;
  const last = new Map<string, number>();
  let repeated = false;
  for (let at = 0; at < events.length; at++) {
    const event = events[at] as EngineEvent;
    if (event.type !== 'order') continue;
    if (last.has(event.order.id)) repeated = true;
    last.set(event.order.id, at);
  }
  if (!repeated) return undefined;
  let superseded: Set<number> | undefined;
  for (let at = 0; at < events.length; at++) {
    const event = events[at] as EngineEvent;
    if (event.type !== 'order') continue;
    const final = last.get(event.order.id) ?? at;
    if (final !== at && isFinalStatus((events[final] as { order: { status: OrderStatus } }).order.status)) (superseded ??= new Set()).add(at);
  }
  return superseded;
}

/** The `paper` factory over one quote feed (the server builds one per market source an account names). */
export function paperFactory(feed: QuoteFeed): BrokerFactory {
  return (context, options) => new PaperBroker(context, feed, parsePaperOptions(options));
}
