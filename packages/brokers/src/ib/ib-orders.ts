/**
 * The IB adapter's order book: records fed by our own placements and by TWS's openOrder, orderStatus,
 * execDetails and commissionReport pushes, turned into contract events through `VenueLedger` (so a fact
 * is reported once). While a command waits for TWS to acknowledge its orders, their updates are held back
 * and handed to the command instead, so its result carries them.
 */
import type { CommissionReport, Contract, Execution as IbExecution, Order as IbOrder, OrderState } from '@stoqey/ib';
import { OrderStatus, OrderType, ParentType, isFinalStatus } from '@trading-pro/contracts';
import type { Execution, Order, TradingError } from '@trading-pro/contracts';
import type { BrokerEvent } from '../broker.ts';
import type { VenueLedger } from '../common/venue-ledger.ts';
import { symbolOfContract, toIbContract } from './ib-contracts.ts';
import type { IbContractOptions } from './ib-contracts.ts';
import { ibExecutionToExecution, ibKeyOf, ibOrderKey, ibOrderToOrder, isIbNotice, mapIbOrderError } from './ib-parse.ts';
import type { IbOrderRecord } from './ib-parse.ts';

const FINAL = new Set(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive', 'Rejected']);

export function isFinalIbStatus(status: string): boolean {
  return FINAL.has(status);
}

/** The IB order type of ours (for orders restored from the journal). */
const IB_TYPE_OF: Readonly<Record<OrderType, string>> = {
  [OrderType.Market]: 'MKT',
  [OrderType.Limit]: 'LMT',
  [OrderType.Stop]: 'STP',
  [OrderType.StopLimit]: 'STP LMT',
};

interface Waiter {
  readonly done: (record: IbOrderRecord) => boolean;
  readonly resolve: (error: TradingError | undefined) => void;
}

export class IbOrderBook {
  readonly records = new Map<number, IbOrderRecord>();
  readonly contracts = new Map<number, Contract>();
  readonly executions: Execution[] = [];
  /** Ids of orders TWS listed as open during the current reconciliation. */
  readonly openSeen = new Set<number>();
  readonly #fillTotals = new Map<number, { qty: number; notional: number }>();
  readonly #execOrders = new Map<string, number>();
  /** Executions counted into `#fillTotals` (a replay after a restart counts each once). */
  readonly #execCounted = new Set<string>();
  readonly #commissioned = new Set<string>();
  readonly #held = new Set<number>();
  /** Keys of external orders by permanent id (their executions name the other client's order id). */
  readonly #permKeys = new Map<number, number>();
  readonly #waiters = new Map<number, Waiter>();
  readonly #state: VenueLedger;
  readonly #contractOptions: IbContractOptions;
  readonly #emit: (events: BrokerEvent[]) => void;
  readonly #now: () => number;
  readonly #clientId: number;
  readonly #timeZone: string;
  /** Called after fills, to refresh positions and equity. */
  onFill: () => void = () => undefined;

  constructor(
    state: VenueLedger,
    contractOptions: IbContractOptions,
    emit: (events: BrokerEvent[]) => void,
    now: () => number,
    session: { readonly clientId: number; readonly timeZone: string },
  ) {
    this.#state = state;
    this.#contractOptions = contractOptions;
    this.#emit = emit;
    this.#now = now;
    this.#clientId = session.clientId;
    this.#timeZone = session.timeZone;
  }

  /**
   * The book's key of an IB order: its order id when this client placed it; for orders of other API clients or of
   * TWS itself (whose ids may collide with ours) the negated permanent id.
   */
  keyOf(orderId: number, clientId: number | undefined, permId: number | undefined): number {
    if (clientId === undefined || clientId === this.#clientId || permId === undefined || permId <= 0) return orderId;
    return -permId;
  }

  /** Rebuilds the records of unfinished orders from the journal (restart), so reconciliation settles them. */
  restoreOrders(orders: readonly Order[]): void {
    for (const order of orders) {
      if (isFinalStatus(order.status)) continue;
      const key = ibKeyOf(order.id);
      if (!Number.isFinite(key) || this.records.has(key)) continue;
      this.contracts.set(key, toIbContract(order.symbol, this.#contractOptions));
      this.records.set(key, {
        orderId: key,
        symbol: order.symbol,
        clientOrderId: order.clientOrderId,
        action: order.side === 1 ? 'BUY' : 'SELL',
        totalQuantity: order.qty,
        orderType: IB_TYPE_OF[order.type],
        lmtPrice: order.limitPrice,
        auxPrice: order.stopPrice,
        tif: order.duration?.type ?? 'DAY',
        parentId: order.parentType === ParentType.Order && order.parentId !== undefined ? ibKeyOf(order.parentId) : 0,
        status: order.status === OrderStatus.Placing ? 'PendingSubmit' : order.status === OrderStatus.Inactive ? 'PreSubmitted' : 'Submitted',
        filled: order.filledQty,
        avgFillPrice: order.avgPrice ?? 0,
        commission: order.commission,
        rejectReason: undefined,
        createTime: order.createTime,
        updateTime: order.updateTime,
        ...(order.external === true ? { external: true } : {}),
      });
    }
  }

  /** Records an order we are about to send (status PendingSubmit) and holds its updates for the command. */
  track(orderId: number, symbol: string, contract: Contract, order: IbOrder, clientOrderId: string | undefined): void {
    const now = this.#now();
    this.contracts.set(orderId, contract);
    this.records.set(orderId, {
      orderId,
      symbol,
      clientOrderId,
      action: order.action === 'SELL' ? 'SELL' : 'BUY',
      totalQuantity: order.totalQuantity ?? 0,
      orderType: order.orderType ?? 'MKT',
      lmtPrice: order.lmtPrice,
      auxPrice: order.auxPrice,
      tif: order.tif ?? 'DAY',
      parentId: order.parentId ?? 0,
      status: 'PendingSubmit',
      filled: 0,
      avgFillPrice: 0,
      commission: 0,
      rejectReason: undefined,
      createTime: now,
      updateTime: now,
    });
  }

  /**
   * Holds `ids`' updates, runs `send`, and resolves when `done` holds for the first id, TWS reports an error
   * for it, or `timeoutMs` passes ('timeout'); the events of all ids are returned either way.
   */
  async command(
    ids: readonly number[],
    send: () => void,
    done: (record: IbOrderRecord) => boolean,
    options: { timeoutMs: number; rejectOnError: boolean },
  ): Promise<{ events: BrokerEvent[]; error?: TradingError; timedOut: boolean }> {
    const [first] = ids;
    if (first === undefined) return { events: [], timedOut: false };
    for (const id of ids) this.#held.add(id);
    let timedOut = false;
    const error = await new Promise<TradingError | undefined>((resolve) => {
      const timer = setTimeout(() => {
        timedOut = true;
        this.#waiters.delete(first);
        resolve(undefined);
      }, options.timeoutMs);
      this.#waiters.set(first, {
        done,
        resolve: (outcome) => {
          clearTimeout(timer);
          this.#waiters.delete(first);
          resolve(outcome);
        },
      });
      send();
    });
    if (error && options.rejectOnError) for (const id of ids) this.setStatus(id, 'Rejected', error.message);
    for (const id of ids) this.#held.delete(id);
    return { events: ids.flatMap((id) => this.orderEvents(id)), ...(error ? { error } : {}), timedOut };
  }

  /** Events for the current state of an order (and its children, whose parent type follows the parent's fill). */
  orderEvents(orderId: number): BrokerEvent[] {
    const record = this.records.get(orderId);
    if (!record) return [];
    const events = this.#state.applyOrder(ibOrderToOrder(record, this.records.get(record.parentId)));
    for (const child of this.records.values()) {
      if (child.parentId === orderId) events.push(...this.#state.applyOrder(ibOrderToOrder(child, record)));
    }
    return events;
  }

  setStatus(orderId: number, status: string, reason?: string): void {
    const record = this.records.get(orderId);
    if (!record) return;
    record.status = status;
    if (reason !== undefined) record.rejectReason = reason;
    record.updateTime = this.#now();
    this.#changed(record);
  }

  /** Filled quantity and average price implied by the executions seen for an order. */
  fillTotals(orderId: number): { qty: number; avgPrice: number } {
    const totals = this.#fillTotals.get(orderId);
    return totals && totals.qty > 0 ? { qty: totals.qty, avgPrice: totals.notional / totals.qty } : { qty: 0, avgPrice: 0 };
  }

  onOpenOrder(ibOrderId: number, contract: Contract, order: IbOrder, state: OrderState): void {
    const orderId = this.keyOf(ibOrderId, order.clientId, order.permId);
    this.openSeen.add(orderId);
    this.contracts.set(orderId, contract);
    let record = this.records.get(orderId);
    if (!record) {
      // Every order of ours is journaled before it is sent (and restored on restart): this one was placed
      // elsewhere (TWS itself, another API client). It is adopted and marked external.
      this.track(orderId, symbolOfContract(contract, this.#contractOptions), contract, order, order.orderRef || undefined);
      record = this.records.get(orderId);
      if (record) {
        record.external = true;
        if (order.permId !== undefined) this.#permKeys.set(order.permId, orderId);
      }
    }
    if (!record) return;
    record.totalQuantity = order.totalQuantity ?? record.totalQuantity;
    record.lmtPrice = order.lmtPrice ?? record.lmtPrice;
    record.auxPrice = order.auxPrice ?? record.auxPrice;
    record.parentId = order.parentId ?? record.parentId;
    // openOrder carries no fill quantities: a Filled status waits for orderStatus unless executions cover it.
    const { qty, avgPrice } = this.fillTotals(orderId);
    if (state.status === 'Filled' && record.filled < record.totalQuantity && qty >= record.totalQuantity) {
      record.filled = qty;
      record.avgFillPrice = avgPrice;
    }
    if (state.status && (state.status !== 'Filled' || record.filled >= record.totalQuantity)) record.status = state.status;
    record.updateTime = this.#now();
    this.#changed(record);
  }

  onOrderStatus(ibOrderId: number, status: string, filled: number, avgFillPrice: number, permId?: number, clientId?: number): void {
    const orderId = this.keyOf(ibOrderId, clientId, permId);
    const record = this.records.get(orderId);
    if (!record) return;
    const newlyFilled = filled > record.filled;
    record.status = status;
    record.filled = filled;
    if (filled > 0) record.avgFillPrice = avgFillPrice;
    record.updateTime = this.#now();
    this.#changed(record);
    if (newlyFilled) this.onFill();
  }

  onExecution(contract: Contract, exec: IbExecution): void {
    const orderId = this.#permKeys.get(exec.permId ?? 0) ?? this.keyOf(exec.orderId ?? 0, exec.clientId, exec.permId);
    const parsed = ibExecutionToExecution(exec, symbolOfContract(contract, this.#contractOptions), this.#now(), this.#timeZone);
    const execution = { ...parsed, orderId: ibOrderKey(orderId) };
    if (exec.execId) this.#execOrders.set(exec.execId, orderId);
    if (!this.#execCounted.has(execution.id)) {
      // Counted even when the journal already has it (a replay after a restart): settling needs the totals.
      this.#execCounted.add(execution.id);
      const totals = this.#fillTotals.get(orderId) ?? { qty: 0, notional: 0 };
      this.#fillTotals.set(orderId, { qty: totals.qty + execution.qty, notional: totals.notional + execution.qty * execution.price });
    }
    const events = this.#state.applyExecution(execution);
    if (events.length === 0) return;
    this.executions.push(execution);
    this.#emit(events);
    this.onFill();
  }

  onCommission(report: CommissionReport): void {
    if (!report.execId || this.#commissioned.has(report.execId)) return;
    const record = this.records.get(this.#execOrders.get(report.execId) ?? -1);
    if (!record) return;
    this.#commissioned.add(report.execId);
    record.commission += report.commission ?? 0;
    this.#changed(record);
  }

  onError(orderId: number, code: number, message: string): void {
    if (isIbNotice(code)) return;
    const error = mapIbOrderError(code, message);
    const waiter = this.#waiters.get(orderId);
    if (waiter) {
      waiter.resolve(error);
      return;
    }
    const record = this.records.get(orderId);
    if (record && !isFinalIbStatus(record.status) && error.code !== 'CONFLICT') this.setStatus(orderId, 'Rejected', error.message);
  }

  #changed(record: IbOrderRecord): void {
    const waiter = this.#waiters.get(record.orderId);
    if (waiter?.done(record)) waiter.resolve(undefined);
    if (this.#held.has(record.orderId) || this.#held.has(record.parentId)) return;
    const events = this.orderEvents(record.orderId);
    if (events.length > 0) this.#emit(events);
  }
}
