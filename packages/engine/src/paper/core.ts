/** What every engine operation shares: configuration, the models, the state, and the event buffer. */
import { ErrorCode, FIXED_ONE, OrderStatus, ParentType, TradingError, absFixed, isFinalStatus, mulFixed, toFixed } from '@trading-pro/contracts';
import type { Fixed } from '@trading-pro/contracts';
import type { Instrument, InstrumentCatalog } from '../market/instrument.ts';
import { commissionModelOf } from '../models/commission.ts';
import type { CommissionConfig, CommissionModel } from '../models/commission.ts';
import { fillModelOf } from '../models/fill.ts';
import type { FillModel, FillModelName } from '../models/fill.ts';
import { latencyModelOf } from '../models/latency.ts';
import type { LatencyConfig, LatencyModel } from '../models/latency.ts';
import { classMaintenanceMargin, type MaintenanceMarginModel } from '../models/maintenance-margin.ts';
import { sessionMarketHours } from '../models/market-hours.ts';
import type { MarketHoursModel } from '../models/market-hours.ts';
import { slippageModelOf } from '../models/slippage.ts';
import type { SlippageConfig, SlippageModel } from '../models/slippage.ts';
import { closingMark, marginFor, minorUnitOf, unrealizedPL } from './accounting.ts';
import { reservedMargin } from './open-exposure.ts';
import type { BalanceRecord, EngineEvent, OrderRecord } from './records.ts';
import { EngineState, type EngineStateOptions } from './state.ts';
import { ValuationScreen } from './valuation-screen.ts';

export interface PaperEngineConfig {
  accountId: string;
  accountName: string;
  currency: string;
  initialBalance: number;
  instruments: InstrumentCatalog;
  /** Time between accepting an order and its first possible fill; default 0 (see `latency` for other models). */
  latencyMs?: number;
  /** Latency model; overrides `latencyMs`. */
  latency?: LatencyConfig;
  /** Default none. */
  slippage?: SlippageConfig;
  /** Per fill rate × notional (or per share); `min` per order (its total commission is at least min). Default 0/0. */
  commission?: CommissionConfig;
  /** When a resting limit is reached (default `standard`: the opposite side of the quote comes to it). */
  fill?: FillModelName;
  /** Follow the instruments' sessions (default true); false treats every market as always open. */
  checkMarketHours?: boolean;
  /**
   * Market orders placed while the market is closed: `queue` (default) works them at the next open, as at Alpaca
   * and IB; `reject` refuses them with MARKET_CLOSED. Limit and stop orders are always accepted and work from the open.
   */
  offHours?: 'queue' | 'reject';
  /**
   * Keep final orders and every execution in memory (default true: backtests, tools). The server's paper broker
   * turns it off: its store keeps the history, and the engine holds only what can still change.
   */
  retainHistory?: boolean;
  /**
   * Match orders (default true). False keeps a ledger of events decided elsewhere, which never matches: orders are
   * held without their places in the books (the server's paper broker keeps its committed engine so; the engine
   * that decides takes a copy with the places rebuilt when it starts again from it).
   */
  matching?: boolean;
  /** Maintenance margin by instrument class (default: `DEFAULT_MAINTENANCE_RATES`). */
  maintenanceMargin?: MaintenanceMarginModel;
  /** Close positions, largest loss first, when equity falls below maintenance margin; default true. */
  liquidation?: boolean;
}

const UNIT = Number(FIXED_ONE);

/** Shared by every "nothing happened" answer, so a quiet tick allocates nothing. */
const NO_EVENTS: EngineEvent[] = [];
Object.freeze(NO_EVENTS);

export function orderIdOf(seq: number): string {
  return `O${seq}`;
}

export class EngineCore {
  readonly config: PaperEngineConfig;
  readonly initialBalance: Fixed;
  readonly minorUnit: Fixed;
  readonly latency: LatencyModel;
  readonly slippage: SlippageModel;
  readonly commission: CommissionModel;
  readonly fill: FillModel;
  readonly offHours: 'queue' | 'reject';
  readonly marketHours: MarketHoursModel;
  readonly maintenance: MaintenanceMarginModel;
  readonly liquidation: boolean;
  state: EngineState;
  readonly #screen = new ValuationScreen();
  readonly #pending: EngineEvent[] = [];
  /** Symbols whose position brackets changed in the current operation (their position is re-published). */
  readonly #bracketsTouched = new Set<string>();

  constructor(config: PaperEngineConfig) {
    if (!Number.isFinite(config.initialBalance) || config.initialBalance < 0) throw new RangeError('initialBalance must be a number ≥ 0');
    this.config = config;
    this.minorUnit = minorUnitOf(config.currency);
    this.initialBalance = toFixed(config.initialBalance);
    this.latency = latencyModelOf(config.latency, config.latencyMs ?? 0);
    this.slippage = slippageModelOf(config.slippage);
    this.commission = commissionModelOf(config.commission);
    this.fill = fillModelOf(config.fill);
    this.offHours = config.offHours ?? 'queue';
    this.marketHours = sessionMarketHours(config.checkMarketHours ?? true);
    this.maintenance = config.maintenanceMargin ?? classMaintenanceMargin();
    this.liquidation = config.liquidation ?? true;
    this.state = this.emptyState();
  }

  emptyState(): EngineState {
    return new EngineState(this.initialBalance, this.stateOptions());
  }

  stateOptions(): Required<EngineStateOptions> {
    return { retainHistory: this.config.retainHistory ?? true, touchFill: this.config.fill === 'touch', matching: this.config.matching ?? true };
  }

  /** Applies an event and remembers it as part of the current operation's answer. */
  emit(event: EngineEvent): void {
    this.state.apply(event);
    this.#pending.push(event);
    if (event.type === 'order' && event.order.parentType === ParentType.Position) this.#bracketsTouched.add(event.order.symbol);
  }

  /**
   * The events emitted since the last call. A position whose take-profit or stop-loss changed is published
   * again (its brackets are part of it), and orders that became final leave a state without history.
   */
  take(): EngineEvent[] {
    if (this.#bracketsTouched.size > 0) this.#republishBracketed();
    this.state.evictFinal();
    if (this.#pending.length === 0) return NO_EVENTS;
    const events = this.#pending.slice();
    this.#pending.length = 0;
    return events;
  }

  /** Forgets what an operation emitted without returning it (its state is being replaced). */
  discard(): void {
    this.#pending.length = 0;
    this.#bracketsTouched.clear();
  }

  #republishBracketed(): void {
    for (const symbol of this.#bracketsTouched) {
      const position = this.state.positions.get(symbol);
      if (position === undefined) continue;
      if (this.#pending.some((event) => event.type === 'position' && event.position.symbol === symbol)) continue;
      this.emit({ type: 'position', position: { ...position, updateTime: Math.max(position.updateTime, this.state.clock) } });
    }
    this.#bracketsTouched.clear();
  }

  /** The instrument of `symbol`, any case (`btcusd` finds `BTCUSD`). */
  instrument(symbol: string): Instrument | undefined {
    const catalog = this.config.instruments;
    return catalog.get(symbol) ?? catalog.get(symbol.toUpperCase());
  }

  /** The canonical spelling of `symbol` (unchanged when unknown). */
  canonical(symbol: string): string {
    return this.instrument(symbol)?.symbol ?? symbol;
  }

  /**
   * The unit money of this symbol's fills is kept in: the account currency's minor unit, or exactly (10⁻⁸) for crypto,
   * whose venues charge and settle fees in fractions of a cent; amounts are rounded for display only.
   */
  moneyUnit(symbol: string): Fixed {
    return this.instrument(symbol)?.type === 'crypto' ? 1n : this.minorUnit;
  }

  requireInstrument(symbol: string): Instrument {
    const instrument = this.instrument(symbol);
    if (instrument === undefined) throw new TradingError(ErrorCode.NOT_FOUND, `unknown symbol ${symbol}`);
    return instrument;
  }

  requireOrder(orderId: string): OrderRecord {
    const order = this.state.orders.get(orderId);
    if (order === undefined) {
      const final = this.state.recentFinal.get(orderId);
      if (final !== undefined) throw new TradingError(ErrorCode.CONFLICT, `order ${orderId} is already final (status ${final})`);
      throw new TradingError(ErrorCode.NOT_FOUND, `order ${orderId} not found`);
    }
    return order;
  }

  /** An order that can still change; a final one is a CONFLICT. */
  requireLiveOrder(orderId: string): OrderRecord {
    const order = this.requireOrder(orderId);
    if (isFinalStatus(order.status)) throw new TradingError(ErrorCode.CONFLICT, `order ${orderId} is already final (status ${order.status})`);
    return order;
  }

  leverageOf(symbol: string): number {
    return this.state.leverage.get(symbol) ?? this.instrument(symbol)?.defaultLeverage ?? 1;
  }

  update(order: OrderRecord, changes: Partial<OrderRecord>, time: number): OrderRecord {
    const next: OrderRecord = { ...order, ...changes, updateTime: time };
    this.emit({ type: 'order', order: next });
    return next;
  }

  /** Cancels the order and its still-inactive bracket children. */
  cancel(order: OrderRecord, time: number, reason?: string): void {
    if (isFinalStatus(order.status)) return;
    this.update(order, { status: OrderStatus.Canceled, ...(reason === undefined ? {} : { rejectReason: reason }) }, time);
    for (const childId of this.state.children.get(order.id) ?? []) {
      const child = this.state.orders.get(childId);
      if (child !== undefined && child.status === OrderStatus.Inactive) this.cancel(child, time, 'parent order canceled');
    }
  }

  unrealizedPLOf(symbol: string): Fixed {
    const position = this.state.positions.get(symbol);
    return position === undefined ? 0n : unrealizedPL(position, this.state.books.get(symbol)?.quote, this.moneyUnit(symbol));
  }

  unrealizedPL(): Fixed {
    let total = 0n;
    for (const position of this.state.positions.values()) {
      total += unrealizedPL(position, this.state.books.get(position.symbol)?.quote, this.moneyUnit(position.symbol));
    }
    return total;
  }

  /** The price a position is valued at: its closing side of the quote, else its average price. */
  markOf(symbol: string, qty: Fixed, fallback: Fixed): Fixed {
    const quote = this.state.books.get(symbol)?.quote;
    return quote === undefined ? fallback : closingMark(quote, qty);
  }

  /** Σ |qty| × mark / leverage over open positions (a position without a quote is marked at its average price). */
  marginUsed(leverage: (symbol: string) => number = (symbol) => this.leverageOf(symbol)): Fixed {
    let total = 0n;
    for (const position of this.state.positions.values()) {
      total += marginFor(position.qty, this.markOf(position.symbol, position.qty, position.avgPrice), leverage(position.symbol), this.minorUnit);
    }
    return total;
  }

  /**
   * Σ |qty| × mark × maintenance rate over open positions, skipping `excluded` symbols. The rate is the
   * instrument class's, at most half the initial margin rate (1 / leverage), so a position opened with all the
   * margin its leverage allows is not liquidated at once.
   */
  maintenanceMargin(excluded?: ReadonlySet<string>): Fixed {
    let total = 0n;
    for (const position of this.state.positions.values()) {
      if (excluded?.has(position.symbol) === true) continue;
      const instrument = this.instrument(position.symbol);
      if (instrument === undefined) continue;
      const value = mulFixed(absFixed(position.qty), this.markOf(position.symbol, position.qty, position.avgPrice));
      const classRate = this.maintenance.rate(instrument);
      const halfInitial = FIXED_ONE / BigInt(2 * this.leverageOf(position.symbol));
      total += mulFixed(value, classRate < halfInitial ? classRate : halfInitial);
    }
    return total;
  }

  equity(): Fixed {
    return this.state.balance.balance + this.unrealizedPL();
  }

  /** Margin held for working orders on one symbol (see open-exposure.ts). */
  reservedMarginOf(symbol: string, leverage = this.leverageOf(symbol)): Fixed {
    const open = this.state.openExposure.get(symbol);
    if (open === undefined) return 0n;
    return reservedMargin(open, this.state.positions.get(symbol)?.qty ?? 0n, leverage, this.minorUnit);
  }

  /** Margin held for every working order. */
  reservedMargin(leverage: (symbol: string) => number = (symbol) => this.leverageOf(symbol)): Fixed {
    let total = 0n;
    for (const symbol of this.state.openExposure.keys()) total += this.reservedMarginOf(symbol, leverage(symbol));
    return total;
  }

  /** Balance + unrealized P&L in doubles, from the running valuation (within its tolerance of `equity()`). */
  equityEstimate(): number {
    this.#screen.refresh(this);
    return this.#balanceNumber() + this.#screen.upl;
  }

  #balance: { record: BalanceRecord; value: number } | undefined;

  /** The balance as a double (converted once per balance record). */
  #balanceNumber(): number {
    const record = this.state.balance;
    if (this.#balance?.record !== record) this.#balance = { record, value: Number(record.balance) / UNIT };
    return this.#balance.value;
  }

  /** Is equity surely at or above the maintenance margin? False means "check exactly", not "below". */
  surelyAboveMaintenance(): boolean {
    const screen = this.#screen;
    screen.refresh(this);
    const balance = this.#balanceNumber();
    return screen.unlisted === 0 && balance + screen.upl - screen.maintenance > screen.tolerance(this, balance);
  }

  /** Is `required` surely within buying power? False means "check exactly", not "short". */
  surelyAffords(required: Fixed): boolean {
    const screen = this.#screen;
    screen.refresh(this);
    const balance = this.#balanceNumber();
    const free = balance + screen.upl - screen.margin - Number(this.reservedMargin()) / UNIT;
    return screen.unlisted === 0 && free - Number(required) / UNIT > screen.tolerance(this, balance);
  }

  /**
   * Buying power is free margin in the account currency: equity − margin used by positions − margin held for
   * working orders, never below zero. An order on a symbol may add up to buying power × that symbol's leverage
   * of notional exposure.
   */
  buyingPower(): Fixed {
    const free = this.equity() - this.marginUsed() - this.reservedMargin();
    return free > 0n ? free : 0n;
  }
}
