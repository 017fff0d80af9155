/**
 * One account's path for every command and every venue fact: decide → append → apply. A command (or a fact from
 * the venue) produces events without touching the account state; they are appended to the journal; only once the
 * commit succeeded are they applied to the state, handed back to the broker as committed, and published. A
 * failed commit changes nothing and says so (STORAGE_UNAVAILABLE); what was decided on top of it is void too.
 *
 * Commands of an account run one at a time; a speculative broker (the paper engine) lets the next one decide
 * while the previous commit is on its way, so a burst shares one commit. Reads come from the state and the
 * store's history and never wait behind commands.
 */
import {
  ErrorCode,
  OrderStatus,
  TradingError,
  isFinalStatus,
  type Account,
  type CancelOrders,
  type Execution,
  type LeverageInfo,
  type ModifyOrder,
  type Order,
  type OrderPreview,
  type Position,
  type PositionBrackets,
  type PreOrder,
} from '@trading-pro/contracts';
import { requestKeyOf } from '@trading-pro/engine';
import type { Broker, BrokerEvent, CancelOrdersResult, CommandResult, LeverageResult, PlaceOrderResult } from '../broker.ts';
import type { AccountStore, ExecutionQuery, JournalRecord, OrderQuery, Page, StoredEvent } from './account-store.ts';
import { AccountState, type AccountStateImage } from './account-state.ts';
import { stringifyInSlices } from './json-slices.ts';
import { riskLimitProblem, type RiskLimits, type RiskOrder, type RiskView } from './risk-limits.ts';

export interface CoreLog {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface AccountCoreOptions {
  readonly accountId: string;
  readonly name: string;
  readonly currency: string;
  readonly store: AccountStore;
  /** Receives every committed batch, in commit order (the bus). */
  readonly publish: (records: readonly JournalRecord[]) => void;
  readonly now: () => number;
  readonly risk?: RiskLimits;
  /** A snapshot is stored after this many events (default 10,000), or four per working order and open position when that is more. */
  readonly snapshotEvery?: number;
  readonly log?: CoreLog;
  /** Told after every commit attempt whether it succeeded (storage health). */
  readonly onStorage?: (ok: boolean, error?: unknown) => void;
}

/** The answer to a placement: the order id, and the rejection when it was recorded as Rejected (HTTP 422). */
export interface PlaceOutcome {
  readonly orderId: string;
  readonly rejection?: TradingError;
}

export interface Read<T> {
  readonly value: T;
  /** The seq of the last event the value reflects (`X-Account-Seq`). */
  readonly seq: number;
}


interface CoreSnapshot {
  readonly v: 1;
  readonly state: AccountStateImage;
  readonly broker?: unknown;
}

/** How a connection that failed is retried (broker accounts, and the server's market sources): 2 s, doubling, at most a minute. */
export const CONNECT_RETRY = { minDelayMs: 2_000, maxDelayMs: 60_000 } as const;
const RESTORE_PAGE = 10_000;
/** A snapshot waits for at least this many events per working order and open position it would hold. */
const SNAPSHOT_SIZE_FACTOR = 4;

export class AccountCore {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly state = new AccountState();
  readonly #options: AccountCoreOptions;
  readonly #store: AccountStore;
  #broker: Broker | undefined;
  /** Appends on their way to the journal, and the seq the journal will end at once they commit. */
  #appending = 0;
  #appendedSeq = 0;
  /** Counts failures seen: an append made before the latest one was decided on top of what failed. */
  #failures = 0;
  /** Waiting for the journal to have nothing in flight. */
  #idle: (() => void)[] = [];
  #commands: Promise<unknown> = Promise.resolve();
  /** Placements in flight by clientOrderId: a retry joins the first instead of placing again. */
  readonly #placing = new Map<string, { readonly requestKey: string; readonly outcome: Promise<PlaceOutcome> }>();
  /** Orders placed by closes and reverses (only reduce the position), until they finish. */
  readonly #closing = new Map<string, 'close' | 'reverse'>();
  #sinceSnapshot = 0;
  /** The snapshot being serialized and stored, if one is. */
  #snapshotting: Promise<void> | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: AccountCoreOptions) {
    this.id = options.accountId;
    this.name = options.name;
    this.currency = options.currency;
    this.#options = options;
    this.#store = options.store;
  }

  get broker(): Broker {
    if (this.#broker === undefined) throw new Error(`account ${this.id} has no broker attached`);
    return this.#broker;
  }

  /** Where the broker reports what happens outside commands (its `BrokerContext.onEvents`). */
  readonly sink = async (events: readonly BrokerEvent[]): Promise<void> => {
    // A venue's record of intent is the first version of a placed order: it carries the request's key.
    const keyed = this.#placing.size === 0 ? undefined : (event: BrokerEvent): StoredEvent => {
      const placing = event.route === 'orders' && event.data.clientOrderId !== undefined ? this.#placing.get(event.data.clientOrderId) : undefined;
      return placing === undefined ? event : { ...event, requestKey: placing.requestKey };
    };
    await this.#append(events, keyed);
  };

  /** Attaches a broker without loading or connecting it (spec emission, tools). */
  attach(broker: Broker): void {
    this.#broker = broker;
  }

  /**
   * Rebuilds the state (last snapshot, then the journal after it) and the broker's own state, then connects it.
   * A venue that cannot be reached does not stop the start: its status says why and connecting is retried.
   */
  async start(broker: Broker): Promise<void> {
    await this.load(broker);
    await this.#connect(broker, CONNECT_RETRY.minDelayMs);
  }

  /**
   * Folds the journal back in, a page at a time (memory stays bounded however long it is): the account state
   * from its last snapshot, the broker from its own part of that snapshot, or from the start when it keeps none.
   */
  async load(broker: Broker): Promise<void> {
    this.#broker = broker;
    const snapshot = await this.#store.loadSnapshot(this.id);
    const data = snapshot?.data as CoreSnapshot | undefined;
    const from = data === undefined || snapshot === undefined ? 0 : snapshot.seq;
    if (data !== undefined) this.state.restore(data.state);
    const withBroker = data?.broker !== undefined && broker.snapshot !== undefined;
    let folded = 0;
    let brokerSnapshot: unknown = withBroker ? data.broker : undefined;
    // The first page is folded even when it is empty: the broker still has its snapshot to restore.
    await this.#pages(
      from,
      (page) => {
        for (const record of page) this.state.apply(record);
        folded += page.length;
        if (withBroker) {
          broker.restore(brokerSnapshot, page.map(toBrokerEvent));
          brokerSnapshot = undefined;
        }
      },
      true,
    );
    if (!withBroker) await this.#pages(0, (page) => broker.restore(undefined, page.map(toBrokerEvent)), true);
    this.#appendedSeq = await this.#store.lastSeq(this.id);
    this.#sinceSnapshot = folded;
    if (folded >= this.#snapshotEvery()) await this.#snapshot();
  }

  /** Calls `fold` with the journal after `after`, a page at a time (at least once, when `always`). */
  async #pages(after: number, fold: (page: JournalRecord[]) => void, always = false): Promise<void> {
    for (let cursor = after, first = true; ; first = false) {
      const page = await this.#store.read(this.id, cursor, { limit: RESTORE_PAGE });
      if (page.length > 0 || (first && always)) fold(page);
      if (page.length < RESTORE_PAGE) return;
      cursor = page[page.length - 1]?.seq ?? cursor;
    }
  }

  async #connect(broker: Broker, delayMs: number): Promise<void> {
    try {
      await broker.connect();
    } catch (error) {
      if (this.#stopped) return;
      this.#options.log?.warn({ account: this.id, broker: broker.kind, err: error }, `cannot connect the ${broker.kind} broker of ${this.id}; retrying in ${delayMs / 1000} s`);
      this.#retry = setTimeout(() => void this.#connect(broker, Math.min(delayMs * 2, CONNECT_RETRY.maxDelayMs)), delayMs);
      this.#retry.unref();
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retry !== undefined) clearTimeout(this.#retry);
    await this.#broker?.disconnect();
    await this.#commands.catch(() => undefined);
    // A clean stop leaves a snapshot, so the next start folds nothing.
    await this.#snapshotting;
    if (this.#sinceSnapshot > 0 && this.#broker !== undefined) await this.#snapshot();
  }

  // ---- commands -------------------------------------------------------------------------------------------

  /**
   * Runs a command after the previous one of this account; resolves once its events are committed and applied.
   * A speculative broker's next command may decide before this one commits (they then commit together or fail
   * together); other brokers' commands wait for the commit, so each decides on the state the journal holds.
   */
  command<T extends CommandResult>(run: (broker: Broker) => Promise<T>, annotate?: (event: BrokerEvent) => StoredEvent): Promise<T> {
    const broker = this.broker;
    const decided = this.#commands.then(async () => {
      const result = await run(broker);
      return { result, committed: this.#append(result.events, annotate) };
    });
    this.#commands = broker.speculative === true ? decided.catch(() => undefined) : decided.then((d) => d.committed).catch(() => undefined);
    return decided.then(({ result, committed }) => committed.then(() => result));
  }

  /**
   * Places an order. A `clientOrderId` makes it idempotent: the same id with the same body answers the first
   * order (in flight or from the store), with a different body it is a CONFLICT.
   */
  placeOrder(order: PreOrder): Promise<PlaceOutcome> {
    const clientOrderId = order.clientOrderId;
    if (clientOrderId === undefined) return this.#place(order, undefined);
    const requestKey = requestKeyOf(order);
    const inflight = this.#placing.get(clientOrderId);
    if (inflight !== undefined) {
      if (inflight.requestKey !== requestKey) return Promise.reject(reusedClientOrderId(clientOrderId));
      return inflight.outcome;
    }
    const outcome = (async (): Promise<PlaceOutcome> => {
      const known = await this.#store.clientOrder(this.id, clientOrderId);
      if (known === undefined) return this.#place(order, requestKey);
      if (known.requestKey !== undefined && known.requestKey !== requestKey) throw reusedClientOrderId(clientOrderId);
      if (known.status !== OrderStatus.Rejected) return { orderId: known.orderId };
      const code = (known.rejectCode ?? ErrorCode.ORDER_REJECTED) as ErrorCode;
      return { orderId: known.orderId, rejection: new TradingError(code, known.rejectReason ?? 'rejected') };
    })();
    const entry = { requestKey, outcome };
    this.#placing.set(clientOrderId, entry);
    const forget = () => {
      if (this.#placing.get(clientOrderId) === entry) this.#placing.delete(clientOrderId);
    };
    outcome.then(forget, forget);
    return outcome;
  }

  async #place(order: PreOrder, requestKey: string | undefined): Promise<PlaceOutcome> {
    let rejectCode: string | undefined;
    let orderId: string | undefined;
    const limits = this.#options.risk;
    const result = await this.command(
      async (broker) => {
        const problem = limits === undefined ? undefined : riskLimitProblem(limits, this.#riskView(broker), riskOrderOf(order));
        const placed: PlaceOrderResult = problem === undefined ? await broker.placeOrder(order) : broker.rejectOrder(order, problem);
        rejectCode = placed.rejection?.code;
        orderId = placed.orderId;
        return placed;
      },
      (event) => {
        if (event.route !== 'orders') return event;
        const keyed = requestKey !== undefined && event.data.clientOrderId === order.clientOrderId;
        const coded = rejectCode !== undefined && event.data.id === orderId && event.data.status === OrderStatus.Rejected;
        if (!keyed && !coded) return event;
        return { ...event, ...(keyed ? { requestKey } : {}), ...(coded ? { rejectCode } : {}) };
      },
    );
    return result.rejection === undefined ? { orderId: result.orderId } : { orderId: result.orderId, rejection: result.rejection };
  }

  previewOrder(order: PreOrder): Promise<OrderPreview> {
    return this.broker.previewOrder(order);
  }

  async modifyOrder(orderId: string, changes: ModifyOrder): Promise<void> {
    await this.command(async (broker) => {
      const order = await this.#knownOrder(broker, orderId);
      if (order !== undefined && changes.qty !== undefined && this.#closing.has(orderId)) {
        throw new TradingError(ErrorCode.VALIDATION_ERROR, 'the quantity of a close or reverse follows the position; close or reverse again instead');
      }
      if (this.#options.risk !== undefined && order !== undefined && (changes.qty !== undefined || changes.limitPrice !== undefined || changes.stopPrice !== undefined)) {
        const next: RiskOrder = { symbol: order.symbol, side: order.side, qty: changes.qty ?? order.qty, ...priceOf(changes.limitPrice ?? order.limitPrice, changes.stopPrice ?? order.stopPrice) };
        const problem = riskLimitProblem(this.#options.risk, this.#riskView(broker), next, riskOrderOf(order));
        if (problem !== undefined) throw problem;
      }
      return broker.modifyOrder(orderId, changes);
    });
  }

  async cancelOrder(orderId: string): Promise<void> {
    await this.command(async (broker) => {
      await this.#knownOrder(broker, orderId);
      return broker.cancelOrder(orderId);
    });
  }

  async cancelOrders(filter: CancelOrders): Promise<string[]> {
    return [...(await this.command((broker): Promise<CancelOrdersResult> => broker.cancelOrders(filter))).canceled];
  }

  /**
   * Closes a position, reduce-only: asking for more than the open quantity minus what working closes already
   * cover is a CONFLICT, so concurrent closes leave it flat, never reversed. (The paper engine also enforces it
   * on its own state, which includes commands not yet committed.)
   */
  async closePosition(positionId: string, amount?: number): Promise<void> {
    await this.command(async (broker) => {
      // An unknown position is the broker's to refuse (it may not support the command at all).
      const position = broker.speculative === true ? undefined : this.state.position(positionId);
      if (position !== undefined) {
        const { closing, reversing } = this.#closingOf(position.symbol);
        if (reversing) throw new TradingError(ErrorCode.CONFLICT, `the ${position.symbol} position is being reversed`);
        const open = position.qty - closing;
        if (open <= 0 || (amount !== undefined && amount > open + 1e-12)) {
          throw new TradingError(ErrorCode.CONFLICT, `amount ${amount ?? position.qty} exceeds the ${Math.max(0, open)} ${position.symbol} not already being closed (position ${position.qty})`);
        }
      }
      return this.#marking(await broker.closePosition(positionId, amount), 'close');
    });
  }

  /** Reverses a position; while a close or another reverse of it works, a second one is a CONFLICT. */
  async reversePosition(positionId: string): Promise<void> {
    await this.command(async (broker) => {
      const position = broker.speculative === true ? undefined : this.state.position(positionId);
      if (position !== undefined) {
        const { closing, reversing } = this.#closingOf(position.symbol);
        if (reversing || closing > 0) throw new TradingError(ErrorCode.CONFLICT, `the ${position.symbol} position is already being ${reversing ? 'reversed' : 'closed'}`);
      }
      return this.#marking(await broker.reversePosition(positionId), 'reverse');
    });
  }

  async editPositionBrackets(positionId: string, brackets: PositionBrackets): Promise<void> {
    await this.command((broker) => broker.editPositionBrackets(positionId, brackets));
  }

  async setLeverage(symbol: string, leverage: number): Promise<LeverageInfo> {
    return (await this.command((broker): Promise<LeverageResult> => broker.setLeverage(symbol, leverage))).leverage;
  }

  // ---- reads ----------------------------------------------------------------------------------------------

  account(): Read<Account> {
    const valuation = this.broker.valuation?.();
    const base = { id: this.id, name: this.name, currency: this.currency };
    if (valuation !== undefined) {
      this.state.markEquity(valuation.account.equity, this.#options.now());
      return { value: { ...base, ...valuation.account }, seq: this.state.seq };
    }
    const equity = this.state.equity();
    const figures = {
      balance: equity?.balance ?? 0,
      equity: equity?.equity ?? 0,
      unrealizedPL: equity?.unrealizedPL ?? 0,
      realizedPL: equity?.realizedPL ?? 0,
      marginUsed: equity?.marginUsed ?? 0,
      buyingPower: equity?.buyingPower ?? 0,
    };
    return { value: { ...base, ...figures }, seq: this.state.seq };
  }

  positions(): Read<Position[]> {
    const valuation = this.broker.valuation?.();
    return { value: valuation?.positions ?? this.state.positions(), seq: this.state.seq };
  }

  async order(orderId: string): Promise<Read<Order>> {
    const seq = this.state.seq;
    const order = this.state.order(orderId) ?? (await this.#store.order(this.id, orderId));
    if (order === undefined) throw new TradingError(ErrorCode.NOT_FOUND, `order ${orderId} not found`);
    return { value: order, seq };
  }

  async orders(query: OrderQuery): Promise<Read<Page<Order>>> {
    const seq = this.state.seq;
    return { value: await this.#store.orders(this.id, query), seq };
  }

  async executions(query: ExecutionQuery): Promise<Read<Page<Execution>>> {
    const seq = this.state.seq;
    return { value: await this.#store.executions(this.id, query), seq };
  }

  leverage(symbol: string): Promise<LeverageInfo> {
    return this.broker.leverage(symbol);
  }

  /** Committed records after `afterSeq` (at most up to `upToSeq`), oldest first (WebSocket resume). */
  history(afterSeq: number, options: { routes?: readonly JournalRecord['route'][]; limit?: number; upToSeq?: number } = {}): Promise<JournalRecord[]> {
    return this.#store.read(this.id, afterSeq, options);
  }

  // ---- the journal --------------------------------------------------------------------------------------

  /**
   * Hands a command's events to the journal at once, behind those still on their way (the store commits them in
   * order); applies and publishes them once committed. Each append names the seq it was decided after, so one
   * decided on top of a failed append is refused too; the first failure seen rolls the broker back to what is
   * committed, and appends made after that count from there.
   */
  #append(events: readonly BrokerEvent[], annotate?: (event: BrokerEvent) => StoredEvent): Promise<JournalRecord[]> {
    if (events.length === 0) return Promise.resolve([]);
    const stored = annotate === undefined ? events : events.map(annotate);
    const after = this.#appendedSeq;
    const failures = this.#failures;
    this.#appendedSeq += events.length;
    this.#appending += 1;
    return this.#store.append(this.id, stored, this.#options.now(), after).then(
      (records) => {
        this.#options.onStorage?.(true);
        this.#applyCommitted(records, events);
        this.#settle();
        return records;
      },
      (error: unknown) => {
        if (failures === this.#failures) {
          // The first failure since this append was made: everything decided on top of it fails with it.
          this.#failures += 1;
          this.#appendedSeq = this.state.seq;
          this.#options.onStorage?.(false, error);
          this.#broker?.rollback?.();
          this.#options.log?.error({ account: this.id, err: error, events: events.length }, 'journal append failed; nothing was applied');
        }
        this.#settle();
        throw storageUnavailable(error);
      },
    );
  }

  #settle(): void {
    this.#appending -= 1;
    if (this.#appending > 0) return;
    const waiting = this.#idle;
    this.#idle = [];
    for (const resolve of waiting) resolve();
  }

  /** Resolves once nothing is on its way to the journal (every event handed in so far is committed or refused). */
  settled(): Promise<void> {
    if (this.#appending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #applyCommitted(records: JournalRecord[], originals: readonly BrokerEvent[]): void {
    for (const record of records) {
      this.state.apply(record);
      if (record.route === 'orders' && isFinalStatus((record.data as Order).status)) this.#closing.delete((record.data as Order).id);
    }
    this.#broker?.committed?.(originals);
    this.#options.publish(records);
    this.#sinceSnapshot += records.length;
    if (this.#sinceSnapshot >= this.#snapshotEvery()) void this.#snapshot();
  }

  /**
   * Events between snapshots: the configured count, or more while the state is large, so a snapshot (written whole)
   * costs each event a bounded share of it however many orders rest, and a restart folds a tail no longer than a
   * few snapshots' worth.
   */
  #snapshotEvery(): number {
    return Math.max(this.#options.snapshotEvery ?? 10_000, SNAPSHOT_SIZE_FACTOR * this.state.size);
  }

  #snapshot(): Promise<void> {
    if (this.#snapshotting !== undefined) return this.#snapshotting;
    const broker = this.#broker;
    if (broker === undefined) return Promise.resolve();
    const snapshotting = this.#takeSnapshot(broker).finally(() => {
      this.#snapshotting = undefined;
    });
    this.#snapshotting = snapshotting;
    return snapshotting;
  }

  async #takeSnapshot(broker: Broker): Promise<void> {
    const seq = this.state.seq;
    const counted = this.#sinceSnapshot;
    try {
      // Taken at once (copies of the state's lists, of records never changed in place); serialized a slice at a
      // time, so a large account does not hold the event loop for the whole of its snapshot.
      const data: CoreSnapshot = { v: 1, state: this.state.image(), ...(broker.snapshot === undefined ? {} : { broker: broker.snapshot() }) };
      const time = this.#options.now();
      const json = await stringifyInSlices(data);
      await this.#store.saveSnapshot(this.id, { seq, time, data, json });
      this.#sinceSnapshot -= counted;
    } catch (error) {
      this.#options.log?.warn({ account: this.id, err: error }, 'cannot store the account snapshot; the next one retries');
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------------

  #riskView(broker: Broker): RiskView {
    const view = broker.riskView?.() ?? this.#stateView();
    return { ...view, dayPL: () => this.state.dayPL(this.account().value.equity, this.#options.now()) };
  }

  #stateView(): RiskView {
    return {
      marketPrice: () => undefined,
      positionQty: (symbol) => {
        const position = this.state.position(symbol);
        return position === undefined ? 0 : position.qty * position.side;
      },
      openOrders: () => this.state.liveOrders().filter((order) => order.parentType === undefined).length,
      dayPL: () => 0,
    };
  }

  /** The order as the account knows it; final ones are a CONFLICT. Unknown ones are for a speculative broker to judge. */
  async #knownOrder(broker: Broker, requested: string): Promise<Order | undefined> {
    const orderId = broker.currentOrderId?.(requested) ?? requested;
    const order = this.state.order(orderId) ?? (await this.#store.order(this.id, orderId));
    if (order === undefined) {
      if (broker.speculative === true) return undefined;
      throw new TradingError(ErrorCode.NOT_FOUND, `order ${orderId} not found`);
    }
    if (isFinalStatus(order.status)) throw new TradingError(ErrorCode.CONFLICT, `order ${orderId} is already final (status ${order.status})`);
    return order;
  }

  #closingOf(symbol: string): { closing: number; reversing: boolean } {
    let closing = 0;
    let reversing = false;
    for (const order of this.state.liveOrders()) {
      const kind = this.#closing.get(order.id);
      if (order.symbol !== symbol || kind === undefined) continue;
      if (kind === 'reverse') reversing = true;
      else closing += order.qty - order.filledQty;
    }
    return { closing, reversing };
  }

  /** Remembers the orders a close or reverse placed. */
  #marking<T extends CommandResult>(result: T, kind: 'close' | 'reverse'): T {
    for (const event of result.events) {
      if (event.route === 'orders' && !isFinalStatus(event.data.status) && this.state.order(event.data.id) === undefined) this.#closing.set(event.data.id, kind);
    }
    return result;
  }
}

function toBrokerEvent(record: JournalRecord): BrokerEvent {
  return (record.state === undefined ? { route: record.route, data: record.data } : { route: record.route, data: record.data, state: record.state }) as BrokerEvent;
}

function riskOrderOf(order: { symbol: string; side: 1 | -1; qty: number; limitPrice?: number; stopPrice?: number }): RiskOrder {
  return { symbol: order.symbol, side: order.side, qty: order.qty, ...priceOf(order.limitPrice, order.stopPrice) };
}

function priceOf(limitPrice: number | undefined, stopPrice: number | undefined): { price?: number } {
  const price = limitPrice ?? stopPrice;
  return price === undefined ? {} : { price };
}

function reusedClientOrderId(clientOrderId: string): TradingError {
  return new TradingError(ErrorCode.CONFLICT, `clientOrderId ${clientOrderId} was already used for a different order`);
}

function storageUnavailable(error: unknown): TradingError {
  const reason = error instanceof Error ? error.message : String(error);
  return new TradingError(ErrorCode.STORAGE_UNAVAILABLE, `the journal cannot commit (${reason}); nothing changed: retry with the same clientOrderId`, { cause: error });
}
