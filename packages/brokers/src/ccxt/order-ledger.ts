/**
 * What the adapter knows about its orders and fills: our ids ↔ venue ids, the latest version of each order,
 * fills already reported (so a fill seen by both the stream and reconciliation is reported once), and the
 * cost basis per symbol (spot venues report balances, not entry prices). Rebuilt from the journal on restore.
 */
import {
  FIXED_ZERO,
  absFixed,
  divFixed,
  fromFixed,
  isFinalStatus,
  mulFixed,
  toFixed,
  type Execution,
  type Fixed,
  type Order,
} from '@trading-pro/contracts';
import type { BrokerEvent } from '../broker.ts';

interface Basis {
  /** Signed quantity held according to our fills. */
  qty: Fixed;
  avgPrice: Fixed;
  realized: Fixed;
}

export interface OrderState {
  readonly venueOrderId?: string;
}

export class OrderLedger {
  readonly #orders = new Map<string, Order>();
  readonly #venueIdOf = new Map<string, string>();
  readonly #idOfVenueId = new Map<string, string>();
  readonly #idOfCallerKey = new Map<string, string>();
  readonly #fills = new Set<string>();
  readonly #basis = new Map<string, Basis>();
  readonly #aliases = new Map<string, string>();
  readonly #retired = new Set<string>();
  readonly #lastFillTime = new Map<string, number>();

  order(id: string): Order | undefined {
    return this.#orders.get(id);
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

  venueOrderId(id: string): string | undefined {
    return this.#venueIdOf.get(id);
  }

  /** Forgets an order whose intent the journal refused (it was never sent). */
  forget(id: string): void {
    const order = this.#orders.get(id);
    this.#orders.delete(id);
    if (order?.clientOrderId !== undefined && this.#idOfCallerKey.get(order.clientOrderId) === id) this.#idOfCallerKey.delete(order.clientOrderId);
  }

  all(): Order[] {
    return [...this.#orders.values()].sort((a, b) => b.createTime - a.createTime || (a.id < b.id ? 1 : -1));
  }

  unfinished(): Order[] {
    return this.all().filter((order) => !isFinalStatus(order.status));
  }

  symbols(): Set<string> {
    return new Set([...this.#orders.values()].map((order) => order.symbol).concat([...this.#basis.keys()]));
  }

  /** Records a new version of an order; returns its event when something a client sees changed. */
  upsert(order: Order, venueOrderId?: string): BrokerEvent[] {
    const previous = this.#orders.get(order.id);
    if (venueOrderId !== undefined) this.#link(order.id, venueOrderId);
    if (order.clientOrderId !== undefined) this.#idOfCallerKey.set(order.clientOrderId, order.id);
    // A late REST snapshot must not move a final order back to Working.
    if (previous !== undefined && isFinalStatus(previous.status) && !isFinalStatus(order.status)) return [];
    const merged: Order = previous === undefined ? order : mergeVersions(previous, order);
    if (previous !== undefined && sameOrder(previous, merged)) return [];
    this.#orders.set(order.id, merged);
    const venueId = this.#venueIdOf.get(order.id);
    return [{ route: 'orders', data: merged, state: { venueOrderId: venueId } satisfies OrderState }];
  }

  /** Records a fill once; returns its event, or nothing when it was already reported. */
  addExecution(execution: Execution): BrokerEvent[] {
    if (this.#fills.has(execution.id)) return [];
    this.#applyFill(execution);
    return [{ route: 'executions', data: execution }];
  }

  /** Average entry and realized P&L known from our fills (spot positions). */
  basis(symbol: string): { qty: number; avgPrice: number; realized: number } | undefined {
    const basis = this.#basis.get(symbol);
    return basis === undefined ? undefined : { qty: fromFixed(basis.qty), avgPrice: fromFixed(basis.avgPrice), realized: fromFixed(basis.realized) };
  }

  /** Time of the newest fill we know of in `symbol` (where a trade-history catch-up starts). */
  lastFillTime(symbol: string): number | undefined {
    return this.#lastFillTime.get(symbol);
  }

  realizedPL(): number {
    let total = FIXED_ZERO;
    for (const basis of this.#basis.values()) total += basis.realized;
    return fromFixed(total);
  }

  restore(events: readonly BrokerEvent[]): void {
    for (const event of events) {
      if (event.route === 'orders') {
        const state = event.state as OrderState | undefined;
        this.#orders.set(event.data.id, event.data);
        if (event.data.clientOrderId !== undefined) this.#idOfCallerKey.set(event.data.clientOrderId, event.data.id);
        if (state?.venueOrderId !== undefined) this.#link(event.data.id, state.venueOrderId);
      } else if (event.route === 'executions' && !this.#fills.has(event.data.id)) {
        this.#applyFill(event.data);
      }
    }
  }

  #link(id: string, venueOrderId: string): void {
    this.#venueIdOf.set(id, venueOrderId);
    this.#idOfVenueId.set(venueOrderId, id);
  }

  #applyFill(execution: Execution): void {
    this.#fills.add(execution.id);
    this.#lastFillTime.set(execution.symbol, Math.max(execution.time, this.#lastFillTime.get(execution.symbol) ?? 0));
    const basis = this.#basis.get(execution.symbol) ?? { qty: FIXED_ZERO, avgPrice: FIXED_ZERO, realized: FIXED_ZERO };
    const signed = toFixed(execution.qty) * BigInt(execution.side);
    const price = toFixed(execution.price);
    const sameDirection = basis.qty === FIXED_ZERO || (basis.qty > 0n) === (signed > 0n);
    if (sameDirection) {
      const total = basis.qty + signed;
      basis.avgPrice = divFixed(mulFixed(basis.avgPrice, absFixed(basis.qty)) + mulFixed(price, absFixed(signed)), absFixed(total));
      basis.qty = total;
    } else {
      const closing = absFixed(signed) < absFixed(basis.qty) ? absFixed(signed) : absFixed(basis.qty);
      const direction = basis.qty > 0n ? 1n : -1n;
      basis.realized += mulFixed(price - basis.avgPrice, closing) * direction;
      basis.qty += signed;
      if (basis.qty === FIXED_ZERO) basis.avgPrice = FIXED_ZERO;
      else if ((basis.qty > 0n) !== (direction > 0n)) basis.avgPrice = price; // flipped through zero
    }
    this.#basis.set(execution.symbol, basis);
  }
}

/** Keeps what only we know (the caller's key, creation time, requested duration) across venue snapshots. */
function mergeVersions(previous: Order, next: Order): Order {
  const clientOrderId = next.clientOrderId ?? previous.clientOrderId;
  const duration = next.duration ?? previous.duration;
  return {
    ...next,
    ...(clientOrderId === undefined ? {} : { clientOrderId }),
    ...(duration === undefined ? {} : { duration }),
    createTime: Math.min(previous.createTime, next.createTime),
  };
}

function sameOrder(a: Order, b: Order): boolean {
  return (
    a.status === b.status &&
    a.filledQty === b.filledQty &&
    a.qty === b.qty &&
    a.limitPrice === b.limitPrice &&
    a.stopPrice === b.stopPrice &&
    a.avgPrice === b.avgPrice &&
    a.rejectReason === b.rejectReason
  );
}
