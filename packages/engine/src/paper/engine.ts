/**
 * The paper-trading engine: pure and synchronous. Commands and market data go in with the time they
 * happen at; immutable events come out, and the state is nothing but the fold of those events.
 */
import { ErrorCode, OrderStatus, TradingError, fromFixed } from '@trading-pro/contracts';
import type { Account, CancelOrders, EquityData, Execution, LeverageInfo, ModifyOrder, Order, OrderPreview, Position, PositionBrackets, PreOrder } from '@trading-pro/contracts';
import type { MarketQuote } from '../market/quote.ts';
import { EngineCore } from './core.ts';
import type { PaperEngineConfig } from './core.ts';
import { liquidateIfNeeded } from './liquidation.ts';
import type { SymbolBook } from './book.ts';
import { advanceClock, matchBook, periodOf, processDue, updateTrailing } from './matching.ts';
import { cancelOrder, cancelOrders, modifyOrder } from './order-commands.ts';
import { placeOrder, previewOrder, rejectOrder } from './placement.ts';
import { closePosition, editPositionBrackets, reversePosition, setLeverage } from './position-commands.ts';
import { toExecution, toOrder, toPosition } from './projection.ts';
import type { EngineEvent, PositionRecord } from './records.ts';
import { EngineState, type EngineStateImage } from './state.ts';

export type EngineProjection =
  | { route: 'orders'; data: Order }
  | { route: 'positions'; data: Position }
  | { route: 'executions'; data: Execution }
  | { route: 'equity'; data: EquityData }
  | { route: 'internal'; data: Record<string, unknown> };

/** When an event happened. */
function eventTime(event: EngineEvent): number {
  switch (event.type) {
    case 'order':
      return event.order.updateTime;
    case 'execution':
      return event.execution.time;
    case 'position':
      return event.position.updateTime;
    case 'balance':
      return event.balance.time;
    case 'leverage':
      return event.leverage.time;
  }
}

export class PaperEngine {
  readonly #core: EngineCore;

  constructor(config: PaperEngineConfig) {
    this.#core = new EngineCore(config);
  }

  /** The only state mutator: folds one event in. */
  apply(event: EngineEvent): void {
    this.#core.state.apply(event);
  }

  /** Folds a batch of events (e.g. a committed one) in; without history, orders it finished then leave the state. */
  applyAll(events: readonly EngineEvent[]): void {
    const state = this.#core.state;
    for (const event of events) {
      const time = eventTime(event);
      if (time > state.clock) state.clock = time;
      state.apply(event);
    }
    state.evictFinal();
  }

  /**
   * Replaces the state with the fold of `events`. Quotes are market data, not account events: pass the
   * latest ones as `marks` to value positions at once (they set marks only: nothing is matched,
   * and fills wait for the next quote).
   */
  restore(events: readonly EngineEvent[], marks: readonly MarketQuote[] = [], image?: EngineStateImage): void {
    const core = this.#core;
    const state = image === undefined ? core.emptyState() : EngineState.fromImage(core.initialBalance, image, core.stateOptions());
    // The clock resumes at the latest event, so orders that were working then rest again instead of waiting as new.
    for (const event of events) state.clock = Math.max(state.clock, eventTime(event));
    for (const event of events) state.apply(event);
    state.evictFinal();
    // Restored orders have rested before: they fill at their own price, not as new arrivals.
    for (const book of state.books.values()) book.arrivals.clear();
    core.discard();
    core.state = state;
    for (const quote of marks) this.mark(quote);
  }

  /** The state's records (a snapshot: restore with `restore([], marks, image)`). */
  image(): EngineStateImage {
    return this.#core.state.image();
  }

  /**
   * Takes over a copy of `other`'s state (same configuration), keeping this engine's quotes: how a speculative
   * engine drops what it decided but could not commit, by starting again from the committed one.
   */
  resetTo(other: PaperEngine): void {
    const core = this.#core;
    const previous = core.state;
    const state = other.#core.state.clone(core.stateOptions());
    for (const [symbol, book] of previous.books) {
      const target = state.book(symbol);
      target.quote = book.quote;
      target.bidLeft = book.bidLeft;
      target.askLeft = book.askLeft;
    }
    if (previous.clock > state.clock) state.clock = previous.clock;
    core.discard();
    core.state = state;
  }

  /** Sets the latest quote of a symbol without matching anything (valuation only). */
  mark(quote: MarketQuote): void {
    const book = this.#core.state.book(quote.symbol);
    book.quote = quote; // its displayed size counts as consumed: the journal may already hold its fills
    this.#core.state.touched.add(book.symbol);
  }

  /** The public view of one event, valued at the current marks. */
  project(event: EngineEvent): EngineProjection {
    switch (event.type) {
      case 'order':
        return { route: 'orders', data: toOrder(event.order) };
      case 'execution':
        return { route: 'executions', data: toExecution(event.execution) };
      case 'position':
        return { route: 'positions', data: this.#position(event.position) };
      case 'balance':
        return { route: 'equity', data: this.equity() };
      case 'leverage':
        // Leverage moves margin and buying power: the change shows on the equity topic.
        return { route: 'equity', data: this.equity() };
    }
  }

  placeOrder(req: PreOrder, now: number): { orderId: string; events: EngineEvent[]; rejection?: TradingError } {
    const result = placeOrder(this.#core, req, now);
    return { ...result, events: this.#core.take() };
  }

  /** Records `req` as a Rejected order (refused by a rule outside the engine, e.g. an account's risk limit). */
  rejectOrder(req: PreOrder, rejection: TradingError, now: number): { orderId: string; events: EngineEvent[] } {
    const result = rejectOrder(this.#core, req, rejection, now);
    return { orderId: result.orderId, events: this.#core.take() };
  }

  previewOrder(req: PreOrder, now: number): OrderPreview {
    return previewOrder(this.#core, req, now);
  }

  modifyOrder(orderId: string, changes: ModifyOrder, now: number): EngineEvent[] {
    modifyOrder(this.#core, orderId, changes, now);
    return this.#core.take();
  }

  cancelOrder(orderId: string, now: number): EngineEvent[] {
    cancelOrder(this.#core, orderId, now);
    return this.#core.take();
  }

  cancelOrders(filter: CancelOrders, now: number): { canceled: string[]; events: EngineEvent[] } {
    const canceled = cancelOrders(this.#core, filter.symbol === undefined ? filter : { ...filter, symbol: this.#core.canonical(filter.symbol) }, now);
    return { canceled, events: this.#core.take() };
  }

  /** Market order(s) against the position; partial when `amount` is below its size. */
  closePosition(symbol: string, amount: number | undefined, now: number): EngineEvent[] {
    closePosition(this.#core, this.#core.canonical(symbol), amount, now);
    return this.#core.take();
  }

  reversePosition(symbol: string, now: number): EngineEvent[] {
    reversePosition(this.#core, this.#core.canonical(symbol), now);
    return this.#core.take();
  }

  /** Sets, moves or (null) removes the position's take-profit, stop-loss and trailing distance. */
  setPositionBrackets(symbol: string, brackets: PositionBrackets, now: number): EngineEvent[] {
    editPositionBrackets(this.#core, this.#core.canonical(symbol), brackets, now);
    return this.#core.take();
  }

  setLeverage(symbol: string, leverage: number, now: number): EngineEvent[] {
    setLeverage(this.#core, this.#core.canonical(symbol), leverage, now);
    return this.#core.take();
  }

  /** A new top of book: trails stops, triggers, fills. A quote that crosses nothing allocates nothing. */
  onQuote(quote: MarketQuote): EngineEvent[] {
    const core = this.#core;
    const state = core.state;
    const book = state.book(quote.symbol);
    if (book.quote !== undefined) book.previousQuoteTime = book.quote.time;
    book.quote = quote;
    book.bidLeft = quote.bidSize;
    book.askLeft = quote.askSize;
    if (quote.time > state.clock) state.clock = quote.time;
    const clock = state.clock;
    if (state.nextExpiry <= clock || state.nextActiveAt <= clock) processDue(core);
    if (book.trailing.size > 0 && this.#regular(book, quote)) updateTrailing(core, book, quote, clock);
    if (book.hasWork()) matchBook(core, book, clock);
    if (state.positions.has(quote.symbol)) {
      // A quote moves the valuation only of a symbol held (a position opened later is valued when it opens).
      state.touched.add(book.symbol);
      liquidateIfNeeded(core, clock);
    }
    return core.take();
  }

  /** Does the quote fall in the regular session (trailing stops follow only regular-session prices)? */
  #regular(book: SymbolBook, quote: MarketQuote): boolean {
    const instrument = this.#core.instrument(quote.symbol);
    return instrument !== undefined && periodOf(this.#core, book, instrument, quote.time)?.kind === 'regular';
  }

  /** Time passes without a quote: latency windows end, DAY orders expire. */
  advance(now: number): EngineEvent[] {
    advanceClock(this.#core, now);
    liquidateIfNeeded(this.#core, this.#core.state.clock);
    return this.#core.take();
  }

  quote(symbol: string): MarketQuote | undefined {
    return this.#core.state.books.get(this.#core.canonical(symbol))?.quote;
  }

  /** All orders, newest first. */
  orders(): Order[] {
    return [...this.#core.state.orders.values()].reverse().map(toOrder);
  }

  order(orderId: string): Order {
    return toOrder(this.#core.requireOrder(orderId));
  }

  /** How many orders work now, bracket legs excluded (they only reduce): counted without building their views. */
  workingOrderCount(): number {
    let count = 0;
    for (const order of this.#core.state.orders.values()) if (order.parentType === undefined && order.status === OrderStatus.Working) count += 1;
    return count;
  }

  /** The signed quantity held in `symbol` (long > 0), 0 when flat or unknown. */
  positionQty(symbol: string): number {
    const position = this.#core.state.positions.get(this.#core.canonical(symbol));
    return position === undefined ? 0 : fromFixed(position.qty);
  }

  /** Open positions. */
  positions(): Position[] {
    return [...this.#core.state.positions.values()].map((p) => this.#position(p));
  }

  /** Fills, oldest first, optionally of one symbol. */
  executions(symbol?: string): Execution[] {
    const all = this.#core.state.executions;
    const canonical = symbol === undefined ? undefined : this.#core.canonical(symbol);
    return (canonical === undefined ? all : all.filter((e) => e.symbol === canonical)).map(toExecution);
  }

  account(): Account {
    const core = this.#core;
    const { balance, realizedPL } = core.state.balance;
    const unrealized = core.unrealizedPL();
    return {
      id: core.config.accountId,
      name: core.config.accountName,
      currency: core.config.currency,
      balance: fromFixed(balance),
      equity: fromFixed(balance + unrealized),
      unrealizedPL: fromFixed(unrealized),
      realizedPL: fromFixed(realizedPL),
      marginUsed: fromFixed(core.marginUsed()),
      buyingPower: fromFixed(core.buyingPower()),
    };
  }

  /**
   * Equity (balance + unrealized P&L) as a double, kept up to date position by position as quotes arrive: for
   * sampling an equity curve at every bar, where `account()` would value every position exactly each time.
   */
  equityEstimate(): number {
    return this.#core.equityEstimate();
  }

  equity(): EquityData {
    const { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower } = this.account();
    return { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower };
  }

  /** Margin now: held by positions, held for working orders, and the maintenance level liquidation starts below. */
  margin(): { positions: number; orders: number; maintenance: number } {
    const core = this.#core;
    return { positions: fromFixed(core.marginUsed()), orders: fromFixed(core.reservedMargin()), maintenance: fromFixed(core.maintenanceMargin()) };
  }

  leverageInfo(symbol: string): LeverageInfo {
    const instrument = this.#core.instrument(symbol);
    if (instrument === undefined) throw new TradingError(ErrorCode.NOT_FOUND, `unknown symbol ${symbol}`);
    return { symbol: instrument.symbol, leverage: this.#core.leverageOf(instrument.symbol), min: 1, max: instrument.maxLeverage, step: 1 };
  }

  /** Σ commissions paid and other exact figures, for tests and reconciliation. */
  books(): { balance: bigint; realizedPL: bigint; commissionPaid: bigint; unrealizedPL: bigint } {
    const { balance, realizedPL, commissionPaid } = this.#core.state.balance;
    return { balance, realizedPL, commissionPaid, unrealizedPL: this.#core.unrealizedPL() };
  }

  #position(record: PositionRecord): Position {
    const core = this.#core;
    const ids = core.state.positionBrackets.get(record.symbol);
    const takeProfit = ids?.takeProfit === undefined ? undefined : core.state.orders.get(ids.takeProfit)?.limitPrice;
    const stopLoss = ids?.stopLoss === undefined ? undefined : core.state.orders.get(ids.stopLoss)?.stopPrice;
    const brackets = record.qty === 0n ? {} : { ...(takeProfit === undefined ? {} : { takeProfit }), ...(stopLoss === undefined ? {} : { stopLoss }) };
    return toPosition(record, core.state.books.get(record.symbol)?.quote, core.moneyUnit(record.symbol), brackets);
  }
}
