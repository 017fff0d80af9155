/**
 * What an adapter of a remote venue has already reported: the last state of every order, execution ids,
 * positions and equity. Everything the venue tells us (command answers, stream updates, REST reconciliation)
 * goes through it, so each fact becomes exactly one event however many channels repeat it, and fills that
 * the stream lost are inferred from the order's cumulative quantity. Rebuilt from the journal on restart.
 */
import { FIXED_ZERO, divFixed, fixedToString, fromFixed, isFinalStatus, mulFixed, toFixed } from '@trading-pro/contracts';
import type { EquityData, Execution, Fixed, Order, Position } from '@trading-pro/contracts';
import type { BrokerEvent } from '../broker.ts';

interface FillTotals {
  qty: Fixed;
  notional: Fixed;
}

const ORDER_FIELDS = ['status', 'qty', 'filledQty', 'avgPrice', 'commission', 'limitPrice', 'stopPrice', 'takeProfit', 'stopLoss', 'parentId', 'parentType'] as const;

function sameOrder(a: Order, b: Order): boolean {
  return ORDER_FIELDS.every((key) => a[key] === b[key]);
}

export class VenueState {
  readonly #orders = new Map<string, Order>();
  readonly #executions = new Set<string>();
  readonly #fills = new Map<string, FillTotals>();
  readonly #positions = new Map<string, Position>();
  #equity: EquityData | undefined;

  /** Folds journaled events (oldest first) so that nothing already reported is reported again. */
  restore(events: readonly BrokerEvent[]): void {
    for (const event of events) {
      // A command's answer may be journaled after a newer stream update; the same no-regress rule applies.
      if (event.route === 'orders') this.applyOrder(event.data);
      else if (event.route === 'executions') this.#recordExecution(event.data);
      else if (event.route === 'positions') this.#setPosition(event.data);
      else if (event.route === 'equity') this.#equity = event.data;
    }
  }

  order(orderId: string): Order | undefined {
    return this.#orders.get(orderId);
  }

  orders(): Order[] {
    return [...this.#orders.values()];
  }

  /** Events for an order state that is new or changed; an older or regressing state is ignored. */
  applyOrder(order: Order): BrokerEvent[] {
    const known = this.#orders.get(order.id);
    if (known) {
      if (sameOrder(known, order)) return [];
      if (order.updateTime < known.updateTime) return [];
      if (isFinalStatus(known.status) && !isFinalStatus(order.status)) return [];
      if (order.filledQty < known.filledQty) return [];
    }
    this.#orders.set(order.id, order);
    return [{ route: 'orders', data: order }];
  }

  /**
   * Events for an execution not seen before. `cumulativeQty` is the order's filled quantity including this
   * execution: when the books already hold that much (an inferred fill covered it), it is only remembered.
   */
  applyExecution(execution: Execution, cumulativeQty?: number): BrokerEvent[] {
    if (this.#executions.has(execution.id)) return [];
    const covered = this.#fills.get(execution.orderId)?.qty ?? FIXED_ZERO;
    if (cumulativeQty !== undefined && covered >= toFixed(cumulativeQty)) {
      this.#executions.add(execution.id);
      return [];
    }
    this.#recordExecution(execution);
    return [{ route: 'executions', data: execution }];
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
    const price = divFixed(missingNotional, missingQty);
    return this.applyExecution({
      id: `${order.id}:inferred:${fixedToString(filled)}`,
      orderId: order.id,
      symbol: order.symbol,
      price: fromFixed(price),
      qty: fromFixed(missingQty),
      side: order.side,
      time,
      commission: 0,
    });
  }

  /** Diffs a full position snapshot: changed positions, and closed ones as qty 0. */
  applyPositions(snapshot: readonly Position[], now: number): BrokerEvent[] {
    const events: BrokerEvent[] = [];
    const seen = new Set<string>();
    for (const position of snapshot) {
      seen.add(position.id);
      const known = this.#positions.get(position.id);
      if (known && known.qty === position.qty && known.side === position.side && known.avgPrice === position.avgPrice && known.pl === position.pl) continue;
      this.#setPosition(position);
      events.push({ route: 'positions', data: position });
    }
    for (const known of [...this.#positions.values()]) {
      if (seen.has(known.id)) continue;
      const closed: Position = { ...known, qty: 0, pl: 0, updateTime: now };
      this.#setPosition(closed);
      events.push({ route: 'positions', data: closed });
    }
    return events;
  }

  applyEquity(equity: EquityData): BrokerEvent[] {
    const known = this.#equity;
    if (known && known.balance === equity.balance && known.equity === equity.equity && known.unrealizedPL === equity.unrealizedPL && known.realizedPL === equity.realizedPL) {
      return [];
    }
    this.#equity = equity;
    return [{ route: 'equity', data: equity }];
  }

  #recordExecution(execution: Execution): void {
    this.#executions.add(execution.id);
    const totals = this.#fills.get(execution.orderId) ?? { qty: FIXED_ZERO, notional: FIXED_ZERO };
    const qty = toFixed(execution.qty);
    this.#fills.set(execution.orderId, { qty: totals.qty + qty, notional: totals.notional + mulFixed(qty, toFixed(execution.price)) });
  }

  #setPosition(position: Position): void {
    if (position.qty === 0) this.#positions.delete(position.id);
    else this.#positions.set(position.id, position);
  }
}
