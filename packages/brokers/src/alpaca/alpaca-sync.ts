/**
 * Keeps the adapter's view of the Alpaca account in step with the venue: applies trade_updates, and
 * reconciles through REST (submissions left unconfirmed, recent orders, positions, equity) after every
 * (re)connect and on a timer. Everything observed here is reported through the context's `onEvents`.
 */
import { OrderStatus, type Order, type PreOrder } from '@trading-pro/contracts';
import type { AlpacaHttpClient } from './alpaca-http.ts';
import type { AlpacaOrderRequest, AlpacaOrderWire, AlpacaTradeUpdateWire } from './alpaca-types.ts';
import { parseAlpacaAccount, parseAlpacaOrderTree, parseAlpacaPosition, parseTradeUpdateExecution } from './alpaca-parse.ts';
import type { VenueLedger } from '../common/venue-ledger.ts';
import type { BrokerContext, BrokerEvent, Valuation } from '../broker.ts';
import { portfolioEvents } from '../common/portfolio.ts';

/** Journaled adapter facts (route `internal`), folded back by `restore`. */
export type AlpacaInternal =
  | { readonly kind: 'alpaca.submit'; readonly clientOrderId: string; readonly body: AlpacaOrderRequest; readonly time: number }
  | { readonly kind: 'alpaca.submitted'; readonly clientOrderId: string; readonly orderId: string }
  | { readonly kind: 'alpaca.submit-failed'; readonly clientOrderId: string; readonly reason: string }
  /** The POST went unanswered and Alpaca did not have the order yet: it lives under its client id until settled. */
  | { readonly kind: 'alpaca.unknown'; readonly clientOrderId: string }
  | { readonly kind: 'alpaca.replaced'; readonly orderId: string; readonly replacedBy: string };

export function internalEvent(data: AlpacaInternal): BrokerEvent {
  return { route: 'internal', data };
}

export class AlpacaSync {
  readonly #http: AlpacaHttpClient;
  readonly #state: VenueLedger;
  readonly #context: BrokerContext;
  /** Submissions journaled but not yet confirmed, by client_order_id. */
  readonly pending = new Map<string, { readonly body: AlpacaOrderRequest; readonly time: number }>();
  /** Client ids of orders held as unknown: our id for them is the client id, whatever id Alpaca gives them. */
  readonly #adopted = new Set<string>();
  /** Alpaca's id of an adopted order, by our id (learned from its first report). */
  readonly #venueIds = new Map<string, string>();
  readonly #ourIds = new Map<string, string>();
  readonly #options: { readonly placingTimeoutMs: number; readonly unknownLookupMs: number };
  #watch: ReturnType<typeof setTimeout> | undefined;
  /** Replaced order id → the id of its replacement. */
  readonly #replacedBy = new Map<string, string>();
  #running: Promise<void> | undefined;
  #refreshQueued = false;
  /** The last account report (marks are served from it, not journaled). */
  valuation: Valuation | undefined;

  constructor(http: AlpacaHttpClient, state: VenueLedger, context: BrokerContext, options: { readonly placingTimeoutMs: number; readonly unknownLookupMs: number }) {
    this.#http = http;
    this.#state = state;
    this.#context = context;
    this.#options = options;
  }

  /** Our id of an Alpaca order (its client id when it was held as unknown). */
  ourId(venueOrderId: string): string {
    return this.#ourIds.get(venueOrderId) ?? venueOrderId;
  }

  /** Alpaca's id of one of our orders; undefined while an unknown order has not been seen at Alpaca. */
  venueId(orderId: string): string | undefined {
    if (!this.#adopted.has(orderId)) return orderId;
    return this.#venueIds.get(orderId);
  }

  /**
   * An order whose POST went unanswered and that Alpaca did not list yet: held as Placing under its client id,
   * looked up again over the unknown-order window. Never sent again.
   */
  holdUnknown(order: PreOrder, clientOrderId: string): BrokerEvent[] {
    this.#adopted.add(clientOrderId);
    const now = this.#context.now();
    const placing: Order = {
      id: clientOrderId,
      clientOrderId,
      symbol: order.symbol,
      type: order.type,
      side: order.side,
      qty: order.qty,
      status: OrderStatus.Placing,
      filledQty: 0,
      commission: 0,
      createTime: now,
      updateTime: now,
      duration: { type: order.duration?.type ?? 'GTC' },
      ...(order.limitPrice === undefined ? {} : { limitPrice: order.limitPrice }),
      ...(order.stopPrice === undefined ? {} : { stopPrice: order.stopPrice }),
    };
    this.#scheduleLookups(this.#options.unknownLookupMs);
    return [internalEvent({ kind: 'alpaca.unknown', clientOrderId }), ...this.#state.applyOrder(placing)];
  }

  stop(): void {
    clearTimeout(this.#watch);
    this.#watch = undefined;
  }

  #scheduleLookups(delayMs: number): void {
    if (this.#watch !== undefined) return;
    this.#watch = setTimeout(() => {
      this.#watch = undefined;
      void this.#serialize(async () => this.#emit(await this.#settlePending()))
        .catch(() => undefined)
        .then(() => {
          if (this.pending.size > 0) this.#scheduleLookups(Math.min(delayMs * 2, 5_000));
        });
    }, delayMs);
    this.#watch.unref();
  }

  restoreInternal(data: Readonly<Record<string, unknown>>): void {
    const fact = data as unknown as AlpacaInternal;
    if (fact.kind === 'alpaca.submit') this.pending.set(fact.clientOrderId, { body: fact.body, time: fact.time });
    else if (fact.kind === 'alpaca.unknown') this.#adopted.add(fact.clientOrderId);
    else if (fact.kind === 'alpaca.submitted' || fact.kind === 'alpaca.submit-failed') this.pending.delete(fact.clientOrderId);
    else if (fact.kind === 'alpaca.replaced') this.#replacedBy.set(fact.orderId, fact.replacedBy);
  }

  /** The live id an order is known by now (following replacements). */
  currentId(orderId: string): string {
    let id = this.venueId(orderId);
    if (id === undefined) return orderId;
    for (let hops = 0; hops < 100; hops += 1) {
      const next = this.#replacedBy.get(id);
      if (next === undefined) break;
      id = next;
    }
    return this.ourId(id);
  }

  /** Events for an order tree the venue returned (command answers, lookups). */
  applyOrderTree(wire: AlpacaOrderWire): BrokerEvent[] {
    const events: BrokerEvent[] = [];
    const replaced = wire.replaced_by ? { orderId: wire.id, replacedBy: wire.replaced_by } : wire.replaces ? { orderId: wire.replaces, replacedBy: wire.id } : undefined;
    if (replaced && !this.#replacedBy.has(replaced.orderId)) {
      this.#replacedBy.set(replaced.orderId, replaced.replacedBy);
      events.push(internalEvent({ kind: 'alpaca.replaced', ...replaced }));
    }
    for (const order of this.#ordersOf(wire)) events.push(...this.#state.applyOrder(order));
    return events;
  }

  /** Our orders in an Alpaca order tree: adopted ids mapped back, orders placed elsewhere marked external. */
  #ordersOf(wire: AlpacaOrderWire): Order[] {
    if (this.#adopted.has(wire.client_order_id)) {
      this.#venueIds.set(wire.client_order_id, wire.id);
      this.#ourIds.set(wire.id, wire.client_order_id);
    }
    return parseAlpacaOrderTree(wire).map((order) => {
      const ours = this.ourId(order.id);
      const mapped: Order = { ...order, id: ours, ...(order.parentId === undefined ? {} : { parentId: this.ourId(order.parentId) }) };
      // Every order of ours is journaled (or its submission is) before it is sent, and a replacement is the replaced
      // order's: anything else was placed elsewhere (legs follow their parent).
      const replaced = wire.replaces ? this.#state.order(this.ourId(wire.replaces)) : undefined;
      const parent = order.parentId === undefined ? undefined : this.#state.order(this.ourId(order.parentId));
      const known = this.#state.order(ours) !== undefined || this.pending.has(wire.client_order_id) || (replaced !== undefined && replaced.external !== true) || (parent !== undefined && parent.external !== true);
      return known ? mapped : { ...mapped, external: true };
    });
  }

  onTradeUpdate(update: AlpacaTradeUpdateWire): void {
    const events = this.applyOrderTree(update.order);
    const parsed = parseTradeUpdateExecution(update, this.#context.now());
    const execution = parsed === undefined ? undefined : { ...parsed, orderId: this.ourId(parsed.orderId) };
    if (execution) {
      events.push(...this.#state.applyExecution(execution, Number(update.order.filled_qty)));
      this.refreshSoon();
    }
    this.#emit(events);
  }

  /** Re-reads positions and equity after fills (coalesced: one refresh in flight, one queued). */
  refreshSoon(): void {
    if (this.#refreshQueued) return;
    this.#refreshQueued = true;
    void this.#serialize(async () => {
      this.#refreshQueued = false;
      this.#emit(await this.#positionsAndEquity());
    }).catch(() => undefined);
  }

  /** Full reconciliation; runs one at a time with the refreshes. */
  reconcile(): Promise<void> {
    return this.#serialize(async () => {
      const events: BrokerEvent[] = [];
      events.push(...(await this.#settlePending()));
      const wires = await this.#http.listOrders({ status: 'all' });
      for (const wire of [...wires].reverse()) events.push(...this.#reconcileOrder(wire));
      this.#emit(events);
      this.#emit(await this.#positionsAndEquity());
    });
  }

  #reconcileOrder(wire: AlpacaOrderWire): BrokerEvent[] {
    const events = this.applyOrderTree(wire);
    for (const order of this.#ordersOf(wire)) events.push(...this.#state.inferMissingFill(order, this.#context.now()));
    return events;
  }

  /**
   * Submissions whose answer was lost: Alpaca's order under that client id settles them; Alpaca's "no such
   * order" settles them as never received once the unknown-order window has passed (never by sending again).
   */
  async #settlePending(): Promise<BrokerEvent[]> {
    const events: BrokerEvent[] = [];
    for (const [clientOrderId, { time }] of [...this.pending]) {
      const wire = await this.#http.getOrderByClientId(clientOrderId);
      if (wire) {
        events.push(internalEvent({ kind: 'alpaca.submitted', clientOrderId, orderId: wire.id }), ...this.#reconcileOrder(wire));
        this.pending.delete(clientOrderId);
        continue;
      }
      if (this.#context.now() - time < this.#options.placingTimeoutMs) continue;
      this.pending.delete(clientOrderId);
      const reason = `Alpaca has no record of order ${clientOrderId}: it never arrived (it was not sent again)`;
      events.push(internalEvent({ kind: 'alpaca.submit-failed', clientOrderId, reason }));
      const held = this.#state.order(clientOrderId);
      if (held !== undefined && held.status === OrderStatus.Placing) {
        events.push(...this.#state.applyOrder({ ...held, status: OrderStatus.Rejected, rejectReason: reason, updateTime: this.#context.now() }));
      }
    }
    return events;
  }

  async #positionsAndEquity(): Promise<BrokerEvent[]> {
    const [wires, account] = await Promise.all([this.#http.getPositions(), this.#http.getAccount()]);
    const now = this.#context.now();
    const positions = wires.map((p) => parseAlpacaPosition(p, now));
    const { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower } = parseAlpacaAccount(account, wires, { id: this.#context.accountId, name: this.#context.accountName });
    const figures = { balance, equity, unrealizedPL, realizedPL, marginUsed, buyingPower };
    this.valuation = { account: figures, positions };
    return portfolioEvents(this.#context.account, positions, figures, now);
  }

  #serialize(task: () => Promise<void>): Promise<void> {
    const run = (this.#running ?? Promise.resolve()).catch(() => undefined).then(task);
    this.#running = run;
    return run;
  }

  #emit(events: readonly BrokerEvent[]): void {
    if (events.length > 0) this.#context.onEvents(events).catch(() => undefined);
  }
}
