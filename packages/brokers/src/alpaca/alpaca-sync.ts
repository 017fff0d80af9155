/**
 * Keeps the adapter's view of the Alpaca account in step with the venue: applies trade_updates, and
 * reconciles through REST (submissions left unconfirmed, recent orders, positions, equity) after every
 * (re)connect and on a timer. Everything observed here is reported through the context's `onEvents`.
 */
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
  | { readonly kind: 'alpaca.replaced'; readonly orderId: string; readonly replacedBy: string };

export function internalEvent(data: AlpacaInternal): BrokerEvent {
  return { route: 'internal', data };
}

export class AlpacaSync {
  readonly #http: AlpacaHttpClient;
  readonly #state: VenueLedger;
  readonly #context: BrokerContext;
  /** Submissions journaled but not yet confirmed, by client_order_id. */
  readonly pending = new Map<string, AlpacaOrderRequest>();
  /** Replaced order id → the id of its replacement. */
  readonly #replacedBy = new Map<string, string>();
  #running: Promise<void> | undefined;
  #refreshQueued = false;
  /** The last account report (marks are served from it, not journaled). */
  valuation: Valuation | undefined;

  constructor(http: AlpacaHttpClient, state: VenueLedger, context: BrokerContext) {
    this.#http = http;
    this.#state = state;
    this.#context = context;
  }

  restoreInternal(data: Readonly<Record<string, unknown>>): void {
    const fact = data as unknown as AlpacaInternal;
    if (fact.kind === 'alpaca.submit') this.pending.set(fact.clientOrderId, fact.body);
    else if (fact.kind === 'alpaca.submitted' || fact.kind === 'alpaca.submit-failed') this.pending.delete(fact.clientOrderId);
    else if (fact.kind === 'alpaca.replaced') this.#replacedBy.set(fact.orderId, fact.replacedBy);
  }

  /** The live id an order is known by now (following replacements). */
  currentId(orderId: string): string {
    let id = orderId;
    for (let hops = 0; hops < 100; hops += 1) {
      const next = this.#replacedBy.get(id);
      if (next === undefined) return id;
      id = next;
    }
    return id;
  }

  /** Events for an order tree the venue returned (command answers, lookups). */
  applyOrderTree(wire: AlpacaOrderWire): BrokerEvent[] {
    const events: BrokerEvent[] = [];
    const replaced = wire.replaced_by ? { orderId: wire.id, replacedBy: wire.replaced_by } : wire.replaces ? { orderId: wire.replaces, replacedBy: wire.id } : undefined;
    if (replaced && !this.#replacedBy.has(replaced.orderId)) {
      this.#replacedBy.set(replaced.orderId, replaced.replacedBy);
      events.push(internalEvent({ kind: 'alpaca.replaced', ...replaced }));
    }
    for (const order of parseAlpacaOrderTree(wire)) events.push(...this.#state.applyOrder(order));
    return events;
  }

  onTradeUpdate(update: AlpacaTradeUpdateWire): void {
    const events = this.applyOrderTree(update.order);
    const execution = parseTradeUpdateExecution(update, this.#context.now());
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
    for (const order of parseAlpacaOrderTree(wire)) events.push(...this.#state.inferMissingFill(order, this.#context.now()));
    return events;
  }

  async #settlePending(): Promise<BrokerEvent[]> {
    const events: BrokerEvent[] = [];
    for (const [clientOrderId] of [...this.pending]) {
      const wire = await this.#http.getOrderByClientId(clientOrderId);
      this.pending.delete(clientOrderId);
      if (wire) {
        events.push(internalEvent({ kind: 'alpaca.submitted', clientOrderId, orderId: wire.id }), ...this.#reconcileOrder(wire));
      } else {
        events.push(internalEvent({ kind: 'alpaca.submit-failed', clientOrderId, reason: 'Alpaca never received it' }));
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
