/**
 * What a venue adapter has reported of its orders and fills, so that each fact becomes exactly one journal
 * event however many channels repeat it (command answers, the user stream, REST reconciliation): the last
 * version of every order (a version that regresses is ignored), fills by id with totals per order (fills the
 * stream lost are inferred from an order's cumulative quantity) and the cost basis per symbol.
 *
 * A fact counts as reported from the moment its event is handed out; if the journal refuses it (`rollback`),
 * it is forgotten again, so the venue's next report of it is journaled. Rebuilt from the journal on restart.
 */
import { FIXED_ZERO, absFixed, divFixed, fixedToString, fromFixed, isFinalStatus, mulFixed, toFixed } from '@trading-pro/contracts';
import type { Execution, Fixed, Order } from '@trading-pro/contracts';
import type { BrokerEvent } from '../broker.ts';

interface FillTotals {
  readonly qty: Fixed;
  readonly notional: Fixed;
}

interface Basis {
  /** Signed quantity held according to our fills. */
  readonly qty: Fixed;
  readonly avgPrice: Fixed;
  readonly realized: Fixed;
}

const ORDER_FIELDS = ['status', 'qty', 'filledQty', 'avgPrice', 'commission', 'limitPrice', 'stopPrice', 'takeProfit', 'stopLoss', 'parentId', 'parentType', 'rejectReason'] as const;

function sameOrder(a: Order, b: Order): boolean {
  return ORDER_FIELDS.every((key) => a[key] === b[key]);
}

/** Keeps what only we know (the caller's key, creation time, requested duration) across venue snapshots. */
function mergeVersions(previous: Order, next: Order): Order {
  const clientOrderId = next.clientOrderId ?? previous.clientOrderId;
  const duration = next.duration ?? previous.duration;
  return {
    ...next,
    ...(previous.external === true ? { external: true } : {}),
    ...(clientOrderId === undefined ? {} : { clientOrderId }),
    ...(duration === undefined ? {} : { duration }),
    createTime: Math.min(previous.createTime, next.createTime),
  };
}

export class VenueLedger {
  readonly #orders = new Map<string, Order>();
  readonly #executions = new Set<string>();
  readonly #fills = new Map<string, FillTotals>();
  readonly #basis = new Map<string, Basis>();
  readonly #lastFillTime = new Map<string, number>();
  /** How to forget each fact handed out but not yet committed, by the event that carries it. */
  readonly #uncommitted = new Map<BrokerEvent, () => void>();

  /** Folds journaled events (oldest first) so that nothing already reported is reported again. */
  restore(events: readonly BrokerEvent[]): void {
    for (const event of events) {
      if (event.route === 'orders') {
        const known = this.#orders.get(event.data.id);
        if (known === undefined || this.#accepts(known, event.data)) this.#orders.set(event.data.id, event.data);
      } else if (event.route === 'executions' && !this.#executions.has(event.data.id)) {
        this.#record(event.data);
      }
    }
  }

  /** These events were journaled: their facts stay. */
  committed(events: readonly BrokerEvent[]): void {
    if (this.#uncommitted.size === 0) return;
    for (const event of events) this.#uncommitted.delete(event);
  }

  /** The journal refused what was handed out since the last commit: forget it, newest first. */
  rollback(): void {
    const undos = [...this.#uncommitted.values()].reverse();
    this.#uncommitted.clear();
    for (const undo of undos) undo();
  }

  order(orderId: string): Order | undefined {
    return this.#orders.get(orderId);
  }

  /** Every order, newest first. */
  orders(): Order[] {
    return [...this.#orders.values()].sort((a, b) => b.createTime - a.createTime || (a.id < b.id ? 1 : -1));
  }

  unfinished(): Order[] {
    return this.orders().filter((order) => !isFinalStatus(order.status));
  }

  /** Symbols with orders or a basis (those a reconciliation looks at). */
  symbols(): Set<string> {
    return new Set([...this.#orders.values()].map((order) => order.symbol).concat([...this.#basis.keys()]));
  }

  /**
   * The event for an order version that is new or changed; an older or regressing one (final back to working,
   * an earlier update, less filled) gives none. `state` is journaled with it (adapter-internal facts).
   */
  applyOrder(order: Order, state?: unknown): BrokerEvent[] {
    const known = this.#orders.get(order.id);
    if (known !== undefined && !this.#accepts(known, order)) return [];
    const merged = known === undefined ? order : mergeVersions(known, order);
    if (known !== undefined && sameOrder(known, merged)) return [];
    this.#orders.set(order.id, merged);
    const event: BrokerEvent = state === undefined ? { route: 'orders', data: merged } : { route: 'orders', data: merged, state };
    this.#uncommitted.set(event, () => {
      if (known === undefined) this.#orders.delete(order.id);
      else this.#orders.set(order.id, known);
    });
    return [event];
  }

  /** Forgets an order whose intent the journal refused (it was never sent). */
  forget(orderId: string): void {
    this.#orders.delete(orderId);
  }

  /**
   * The event for an execution not seen before. `cumulativeQty` is the order's filled quantity including this
   * execution: when the books already hold that much (an inferred fill covered it), it is only remembered.
   */
  applyExecution(execution: Execution, cumulativeQty?: number): BrokerEvent[] {
    if (this.#executions.has(execution.id)) return [];
    const covered = this.#fills.get(execution.orderId)?.qty ?? FIXED_ZERO;
    const silent = cumulativeQty !== undefined && covered >= toFixed(cumulativeQty);
    const undo = silent ? this.#remember(execution.id) : this.#record(execution);
    if (silent) return [];
    const event: BrokerEvent = { route: 'executions', data: execution };
    this.#uncommitted.set(event, undo);
    return [event];
  }

  /**
   * When an order's cumulative filled quantity exceeds the executions seen for it (they were sent while the
   * stream was down), one execution for the difference at the implied price makes the books whole again.
   */
  inferMissingFill(order: Order, time: number): BrokerEvent[] {
    if (order.avgPrice === undefined) return [];
    const totals = this.#fills.get(order.id) ?? { qty: FIXED_ZERO, notional: FIXED_ZERO };
    const filled = toFixed(order.filledQty);
    const missingQty = filled - totals.qty;
    if (missingQty <= FIXED_ZERO) return [];
    const missingNotional = mulFixed(filled, toFixed(order.avgPrice)) - totals.notional;
    return this.applyExecution({
      id: `${order.id}:inferred:${fixedToString(filled)}`,
      orderId: order.id,
      symbol: order.symbol,
      price: fromFixed(divFixed(missingNotional, missingQty)),
      qty: fromFixed(missingQty),
      side: order.side,
      time,
      commission: 0,
    });
  }

  /** Average entry and realized P&L known from our fills (spot positions, where venues report balances only). */
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

  #accepts(known: Order, next: Order): boolean {
    if (isFinalStatus(known.status) && !isFinalStatus(next.status)) return false;
    if (next.updateTime < known.updateTime) return false;
    return next.filledQty >= known.filledQty;
  }

  #remember(executionId: string): () => void {
    this.#executions.add(executionId);
    return () => this.#executions.delete(executionId);
  }

  /** Records a fill: totals of its order, the basis of its symbol; returns how to take it back. */
  #record(execution: Execution): () => void {
    const forget = this.#remember(execution.id);
    const totals = this.#fills.get(execution.orderId);
    const basis = this.#basis.get(execution.symbol);
    const lastFill = this.#lastFillTime.get(execution.symbol);
    const qty = toFixed(execution.qty);
    const price = toFixed(execution.price);
    this.#fills.set(execution.orderId, { qty: (totals?.qty ?? FIXED_ZERO) + qty, notional: (totals?.notional ?? FIXED_ZERO) + mulFixed(qty, price) });
    this.#lastFillTime.set(execution.symbol, Math.max(execution.time, lastFill ?? 0));
    this.#basis.set(execution.symbol, netFill(basis ?? { qty: FIXED_ZERO, avgPrice: FIXED_ZERO, realized: FIXED_ZERO }, qty * BigInt(execution.side), price));
    return () => {
      forget();
      restoreEntry(this.#fills, execution.orderId, totals);
      restoreEntry(this.#basis, execution.symbol, basis);
      restoreEntry(this.#lastFillTime, execution.symbol, lastFill);
    };
  }
}

/** Nets a signed fill into an average-cost basis, realizing P&L on the closed part. */
function netFill(basis: Basis, signed: Fixed, price: Fixed): Basis {
  const sameDirection = basis.qty === FIXED_ZERO || (basis.qty > 0n) === (signed > 0n);
  if (sameDirection) {
    const total = basis.qty + signed;
    return { ...basis, qty: total, avgPrice: divFixed(mulFixed(basis.avgPrice, absFixed(basis.qty)) + mulFixed(price, absFixed(signed)), absFixed(total)) };
  }
  const closing = absFixed(signed) < absFixed(basis.qty) ? absFixed(signed) : absFixed(basis.qty);
  const direction = basis.qty > 0n ? 1n : -1n;
  const realized = basis.realized + mulFixed(price - basis.avgPrice, closing) * direction;
  const qty = basis.qty + signed;
  if (qty === FIXED_ZERO) return { qty, avgPrice: FIXED_ZERO, realized };
  // Flipped through zero: the rest opens at the fill price.
  return { qty, avgPrice: (qty > 0n) !== (direction > 0n) ? price : basis.avgPrice, realized };
}

function restoreEntry<V>(map: Map<string, V>, key: string, value: V | undefined): void {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}
