/**
 * The ccxt adapter's book-keeping: our ids ↔ venue ids (and the aliases and retired ids of cancel-replace edits),
 * over the one `VenueLedger` that decides which venue facts are new. Rebuilt from the journal on restore.
 */
import type { Execution, Order } from '@trading-pro/contracts';
import type { BrokerEvent } from '../broker.ts';
import { VenueLedger } from '../common/venue-ledger.ts';

export interface OrderState {
  readonly venueOrderId?: string;
  /** The order is held by the venue's conditional-order service (not yet triggered into a book order). */
  readonly conditional?: boolean;
}

export class OrderLedger {
  readonly facts = new VenueLedger();
  readonly #venueIdOf = new Map<string, string>();
  readonly #idOfVenueId = new Map<string, string>();
  readonly #aliases = new Map<string, string>();
  readonly #retired = new Set<string>();
  readonly #conditional = new Set<string>();

  order(id: string): Order | undefined {
    return this.facts.order(id);
  }

  /** Our id for a venue order: known mapping, else the client id we sent (or its alias), else the venue's id. */
  idFor(venueOrderId: string | undefined, venueClientOrderId: string | undefined): string {
    if (venueOrderId !== undefined) {
      const known = this.#idOfVenueId.get(venueOrderId);
      if (known !== undefined) return known;
    }
    if (venueClientOrderId !== undefined && venueClientOrderId !== '') return this.#aliases.get(venueClientOrderId) ?? venueClientOrderId;
    return venueOrderId ?? '';
  }

  /** A replacement order (cancel-replace edits) sent with a new client id still belongs to order `id`. */
  alias(venueClientOrderId: string, id: string): void {
    this.#aliases.set(venueClientOrderId, id);
  }

  /** The venue order that an edit replaced: its cancellation is not a cancellation of our order. */
  retire(venueOrderId: string): void {
    this.#retired.add(venueOrderId);
  }

  unretire(venueOrderId: string): void {
    this.#retired.delete(venueOrderId);
  }

  isRetired(venueOrderId: string | undefined): boolean {
    return venueOrderId !== undefined && this.#retired.has(venueOrderId);
  }

  /** Points order `id` at a new venue order (after a cancel-replace). */
  relink(id: string, venueOrderId: string): void {
    this.#link(id, venueOrderId);
  }

  /** Order `id` is held by the venue's conditional-order service until it triggers. */
  markConditional(id: string): void {
    this.#conditional.add(id);
  }

  isConditional(id: string): boolean {
    return this.#conditional.has(id);
  }

  /**
   * A conditional order triggered into book order `bookOrderId`: from now on that order is ours (its states,
   * fills and cancel), and versions of the service's order no longer speak for it.
   */
  triggered(id: string, serviceOrderId: string | undefined, bookOrderId: string): void {
    this.#conditional.delete(id);
    this.#link(id, bookOrderId);
    if (serviceOrderId !== undefined && serviceOrderId !== bookOrderId) {
      this.#retired.add(serviceOrderId);
      // The service's id still names the order (late pushes of it are recognised, and skipped as retired).
      this.#idOfVenueId.set(serviceOrderId, id);
    }
  }

  venueOrderId(id: string): string | undefined {
    return this.#venueIdOf.get(id);
  }

  /** Forgets an order whose intent the journal refused (it was never sent). */
  forget(id: string): void {
    this.facts.forget(id);
  }

  unfinished(): Order[] {
    return this.facts.unfinished();
  }

  symbols(): Set<string> {
    return this.facts.symbols();
  }

  /** Records a new version of an order (and its venue id); returns its event when something a client sees changed. */
  upsert(order: Order, venueOrderId?: string): BrokerEvent[] {
    if (venueOrderId !== undefined) this.#link(order.id, venueOrderId);
    const linked = this.#venueIdOf.get(order.id);
    const state: OrderState = this.#conditional.has(order.id) ? { venueOrderId: linked, conditional: true } : { venueOrderId: linked };
    return this.facts.applyOrder(order, state);
  }

  /** Records a fill once; returns its event, or nothing when it was already reported. */
  addExecution(execution: Execution): BrokerEvent[] {
    return this.facts.applyExecution(execution);
  }

  basis(symbol: string): { qty: number; avgPrice: number; realized: number } | undefined {
    return this.facts.basis(symbol);
  }

  lastFillTime(symbol: string): number | undefined {
    return this.facts.lastFillTime(symbol);
  }

  realizedPL(): number {
    return this.facts.realizedPL();
  }

  restore(events: readonly BrokerEvent[]): void {
    for (const event of events) {
      if (event.route !== 'orders') continue;
      const state = event.state as OrderState | undefined;
      if (state?.venueOrderId !== undefined) this.#link(event.data.id, state.venueOrderId);
      if (state?.conditional === true) this.#conditional.add(event.data.id);
      else this.#conditional.delete(event.data.id);
    }
    this.facts.restore(events);
  }

  #link(id: string, venueOrderId: string): void {
    this.#venueIdOf.set(id, venueOrderId);
    this.#idOfVenueId.set(venueOrderId, id);
  }
}
