/**
 * The `StrategyContext` of a run on a server: reads come from a mirror of the account (a REST snapshot, then the
 * `orders`, `positions` and `equity` streams), commands go out through the SDK one after another. `placeOrder` answers
 * at once with the order's client id (as Hummingbot and nautilus_trader do); `modifyOrder`/`cancelOrder` take that id
 * or the server's, and wait for the placement they refer to.
 */
import { isFinalStatus } from '@trading-pro/contracts';
import type { Account, EquityData, ModifyOrder, Order, Position, PreOrder, QuoteData } from '@trading-pro/contracts';
import type { TimerQueue } from '@trading-pro/engine';
import type { CancelTimer, OrderOutcome, StrategyBar, StrategyContext, StrategyOrder, StrategyParams, StrategyQuote } from '@trading-pro/engine';
import type { BrokerClient } from '@trading-pro/sdk';
import type { BarWindow } from './bar-window.ts';
import type { StrategyClock } from './clock.ts';

export interface LiveContextOptions<Params extends StrategyParams> {
  readonly broker: BrokerClient;
  readonly params: Params;
  readonly windows: readonly BarWindow[];
  readonly clock: StrategyClock;
  readonly timers: TimerQueue;
  /** Called after a timer is added, so the runner can set its one real timeout. */
  readonly onTimersChanged: () => void;
  readonly log: (line: string) => void;
  readonly stop: (reason: string) => void;
  /** Prefix of the client order ids of this run (unique per run). */
  readonly idPrefix: string;
}

export class LiveContext<Params extends StrategyParams = StrategyParams> implements StrategyContext<Params> {
  readonly symbols: readonly string[];
  readonly params: Params;
  current: BarWindow;
  /** While history warms the strategy up, orders are refused. */
  warmingUp = false;
  readonly #options: LiveContextOptions<Params>;
  readonly #windows: ReadonlyMap<string, BarWindow>;
  readonly #orders = new Map<string, Order>();
  readonly #positions = new Map<string, Position>();
  readonly #quotes = new Map<string, StrategyQuote>();
  #account: Account | undefined;
  /** Server ids of the orders this run placed, and of their bracket children. */
  readonly mine = new Set<string>();
  /** Client id → the server id once the placement answered (undefined when it was refused). */
  readonly #placed = new Map<string, Promise<string | undefined>>();
  #queue: Promise<void> = Promise.resolve();
  #sequence = 0;

  constructor(options: LiveContextOptions<Params>) {
    this.#options = options;
    this.params = options.params;
    this.symbols = options.windows.map((window) => window.symbol);
    this.#windows = new Map(options.windows.map((window) => [window.symbol, window]));
    this.current = options.windows[0] as BarWindow;
  }

  get symbol(): string {
    return this.current.symbol;
  }

  get barIndex(): number {
    return this.current.index;
  }

  get now(): number {
    return this.#options.clock.now();
  }

  /** Every command sent so far has been answered. */
  settled(): Promise<void> {
    return this.#queue;
  }

  // --- the mirror ---------------------------------------------------------------------------------------------

  seed(account: Account, positions: readonly Position[], orders: readonly Order[]): void {
    this.#account = account;
    for (const position of positions) this.#positions.set(position.symbol, position);
    for (const order of orders) this.onOrder(order);
  }

  onOrder(order: Order): void {
    const known = this.#orders.get(order.id);
    if (known !== undefined && known.updateTime > order.updateTime) return;
    this.#orders.set(order.id, order);
    if (order.parentId !== undefined && this.mine.has(order.parentId)) this.mine.add(order.id);
    if (order.clientOrderId?.startsWith(this.#options.idPrefix) === true) this.mine.add(order.id);
  }

  onPosition(position: Position): void {
    if (position.qty === 0) this.#positions.delete(position.symbol);
    else this.#positions.set(position.symbol, position);
  }

  onEquity(data: EquityData): void {
    if (this.#account !== undefined) this.#account = { ...this.#account, ...data };
  }

  onQuote(quote: QuoteData): void {
    if (quote.s !== 'ok') return;
    const values = quote.v as { lp?: number; bid?: number; ask?: number };
    const last = values.lp ?? 0;
    this.#quotes.set(quote.n, { symbol: quote.n, time: this.now, bid: values.bid ?? last, ask: values.ask ?? last, last });
  }

  // --- commands -----------------------------------------------------------------------------------------------

  #enqueue(what: string, action: () => Promise<void>): void {
    this.#queue = this.#queue.then(action).catch((error: unknown) => this.#options.log(`${what} failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  async #serverId(orderId: string): Promise<string | undefined> {
    return this.#placed.has(orderId) ? this.#placed.get(orderId) : orderId;
  }

  placeOrder(order: StrategyOrder): OrderOutcome {
    const clientOrderId = `${this.#options.idPrefix}${++this.#sequence}`;
    if (this.warmingUp) return { orderId: clientOrderId, rejectReason: 'warming up: orders are refused until the first live bar' };
    const request: PreOrder = { ...order, symbol: order.symbol ?? this.symbol, clientOrderId };
    let answer: (id: string | undefined) => void = () => undefined;
    this.#placed.set(clientOrderId, new Promise((resolve) => (answer = resolve)));
    this.#enqueue(`order ${clientOrderId}`, async () => {
      try {
        const { orderId } = await this.#options.broker.placeOrder(request);
        this.mine.add(orderId);
        answer(orderId);
        this.#options.log(`placed ${clientOrderId} as ${orderId}: ${describe(request)}`);
      } catch (error) {
        answer(undefined);
        throw error;
      }
    });
    return { orderId: clientOrderId };
  }

  modifyOrder(orderId: string, changes: ModifyOrder): void {
    this.#enqueue(`modify ${orderId}`, async () => {
      const id = await this.#serverId(orderId);
      if (id !== undefined) await this.#options.broker.modifyOrder(id, changes);
    });
  }

  cancelOrder(orderId: string): void {
    this.#enqueue(`cancel ${orderId}`, async () => {
      const id = await this.#serverId(orderId);
      if (id !== undefined) await this.#options.broker.cancelOrder(id);
    });
  }

  /** Cancels the working orders this run placed (fresh from the server); returns their ids. */
  async cancelMine(): Promise<string[]> {
    await this.#queue;
    const working = await this.#options.broker.workingAndRecentOrders(1);
    for (const order of working) this.onOrder(order);
    const mine = working.filter((order) => this.mine.has(order.id) && !isFinalStatus(order.status));
    const canceled: string[] = [];
    // Parents first: canceling one cancels its bracket children with it.
    for (const order of [...mine].sort((a, b) => Number(a.parentId !== undefined) - Number(b.parentId !== undefined))) {
      if (order.parentId !== undefined && canceled.includes(order.parentId)) continue;
      try {
        await this.#options.broker.cancelOrder(order.id);
        canceled.push(order.id);
      } catch (error) {
        this.#options.log(`cancel ${order.id} at stop: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return canceled;
  }

  // --- reads --------------------------------------------------------------------------------------------------

  positions(): Position[] {
    return [...this.#positions.values()];
  }

  position(symbol: string = this.symbol): Position | undefined {
    return this.#positions.get(symbol);
  }

  positionQty(symbol: string = this.symbol): number {
    const position = this.#positions.get(symbol);
    return position === undefined ? 0 : position.qty * position.side;
  }

  account(): Account {
    if (this.#account === undefined) throw new Error('the account is not loaded yet');
    return this.#account;
  }

  equity(): number {
    return this.account().equity;
  }

  orders(): Order[] {
    return [...this.#orders.values()].filter((order) => !isFinalStatus(order.status)).sort((a, b) => b.createTime - a.createTime);
  }

  quote(symbol: string = this.symbol): StrategyQuote | undefined {
    return this.#quotes.get(symbol);
  }

  bar(ago = 0, symbol?: string): StrategyBar | undefined {
    const window = symbol === undefined ? this.current : this.#windows.get(symbol);
    return window?.bar(ago);
  }

  sma(period: number, ago = 0): number | undefined {
    return this.current.sma(period, ago);
  }

  crossover(fastPeriod: number, slowPeriod: number): -1 | 0 | 1 {
    const fast = this.current.sma(fastPeriod);
    const slow = this.current.sma(slowPeriod);
    const fastBefore = this.current.sma(fastPeriod, 1);
    const slowBefore = this.current.sma(slowPeriod, 1);
    if (fast === undefined || slow === undefined || fastBefore === undefined || slowBefore === undefined) return 0;
    if (fast > slow && fastBefore <= slowBefore) return 1;
    if (fast < slow && fastBefore >= slowBefore) return -1;
    return 0;
  }

  // --- timers, log, stop --------------------------------------------------------------------------------------

  after(delayMs: number, callback: () => void): CancelTimer {
    return this.#timer(this.now + delayMs, 0, callback);
  }

  every(intervalMs: number, callback: () => void): CancelTimer {
    if (!(intervalMs > 0)) throw new RangeError(`every() needs an interval > 0 ms, got ${intervalMs}`);
    return this.#timer(this.now + intervalMs, intervalMs, callback);
  }

  #timer(due: number, interval: number, callback: () => void): CancelTimer {
    const cancel = this.#options.timers.add(due, interval, callback);
    this.#options.onTimersChanged();
    return () => {
      cancel();
      this.#options.onTimersChanged();
    };
  }

  log(message: string): void {
    this.#options.log(`${new Date(this.now).toISOString()} ${message}`);
  }

  stop(reason = 'stopped by the strategy'): void {
    this.#options.stop(reason);
  }
}

function describe(order: PreOrder): string {
  const side = order.side === 1 ? 'buy' : 'sell';
  const price = order.limitPrice ?? order.stopPrice;
  return `${side} ${order.qty} ${order.symbol}${price === undefined ? '' : ` at ${price}`}`;
}
