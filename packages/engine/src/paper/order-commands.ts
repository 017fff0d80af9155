/** Modifying and canceling orders. */
import { OrderStatus, OrderType, ParentType, isFinalStatus, mulFixed } from '@trading-pro/contracts';
import type { CancelOrders, Fixed, ModifyOrder } from '@trading-pro/contracts';
import { fixedToString } from '@trading-pro/contracts';
import { modifyChildren } from './brackets.ts';
import type { EngineCore } from './core.ts';
import { advanceClock, marketPrice, matchBook } from './matching.ts';
import { exposureWith } from './open-exposure.ts';
import { insufficientMargin, marginShortfall, openLossOf, reserveGrowth } from './placement.ts';
import type { OrderRecord } from './records.ts';
import { checkBracketSides, checkPrice, checkQty, checkStopSide, invalid, validateModify } from './validation.ts';

type Brackets = { takeProfit?: Fixed | null; stopLoss?: Fixed | null };

export function modifyOrder(core: EngineCore, orderId: string, changes: ModifyOrder, now: number): void {
  validateModify(changes);
  advanceClock(core, now);
  const order = core.requireLiveOrder(orderId);
  const instrument = core.requireInstrument(order.symbol);
  const updates: { -readonly [K in keyof OrderRecord]?: OrderRecord[K] } = {};
  if (changes.qty !== undefined) {
    if (order.bracketRole !== undefined && order.parentType === 2) throw invalid('qty', "a position bracket's qty follows the position");
    if (order.reduceOnly === true || order.reverse === true) throw invalid('qty', "the quantity of a close or reverse follows the position; close or reverse again instead");
    const qty = checkQty(changes.qty, instrument);
    if (qty <= order.filledQty) throw invalid('qty', `qty must exceed the filled ${fixedToString(order.filledQty)}`);
    updates.qty = qty;
  }
  if (changes.limitPrice !== undefined) {
    if (order.type !== OrderType.Limit && order.type !== OrderType.StopLimit) throw invalid('limitPrice', 'limitPrice applies only to Limit and StopLimit orders');
    updates.limitPrice = checkPrice(changes.limitPrice, instrument, 'limitPrice');
  }
  if (changes.stopPrice !== undefined) {
    if (order.type !== OrderType.Stop && order.type !== OrderType.StopLimit) throw invalid('stopPrice', 'stopPrice applies only to Stop and StopLimit orders');
    if (order.triggered) throw invalid('stopPrice', 'the stop has already triggered');
    updates.stopPrice = checkPrice(changes.stopPrice, instrument, 'stopPrice');
  }
  checkLegSides(core, order, updates);
  const brackets: Brackets = {};
  if (changes.takeProfit !== undefined || changes.stopLoss !== undefined) {
    if (order.bracketRole !== undefined) throw invalid('takeProfit', 'a bracket order has no brackets of its own');
    if (changes.takeProfit !== undefined) brackets.takeProfit = changes.takeProfit === null ? null : checkPrice(changes.takeProfit, instrument, 'takeProfit');
    if (changes.stopLoss !== undefined) brackets.stopLoss = changes.stopLoss === null ? null : checkPrice(changes.stopLoss, instrument, 'stopLoss');
    const quote = core.state.books.get(order.symbol)?.quote;
    const reference =
      updates.limitPrice ?? order.limitPrice ?? updates.stopPrice ?? order.stopPrice ?? (quote === undefined ? undefined : marketPrice(core, instrument, quote, order.side, order.qty));
    if (reference !== undefined) checkBracketSides(order.side, reference, brackets.takeProfit ?? undefined, brackets.stopLoss ?? undefined);
    if (brackets.takeProfit !== undefined) updates.takeProfit = brackets.takeProfit ?? undefined;
    if (brackets.stopLoss !== undefined) updates.stopLoss = brackets.stopLoss ?? undefined;
  }
  checkModifiedMargin(core, order, { ...order, ...updates });
  const clock = core.state.clock;
  const updated = core.update(order, updates, clock);
  if (brackets.takeProfit !== undefined || brackets.stopLoss !== undefined) modifyChildren(core, updated, brackets, clock);
  if (core.state.isResting(updated)) matchBook(core, core.state.book(updated.symbol), clock);
}

/**
 * A moved stop must still be on the far side of the market, and a bracket leg on its side of its reference: a
 * position's stop-loss below the bid (long) or above the ask (short), its take-profit beyond them; a sleeping leg
 * of an order against the parent's price. Refusals leave the order as it was.
 */
function checkLegSides(core: EngineCore, order: OrderRecord, updates: Partial<OrderRecord>): void {
  const quote = core.state.books.get(order.symbol)?.quote;
  const stopPrice = updates.stopPrice;
  const limitPrice = updates.limitPrice;
  if (order.bracketRole === undefined) {
    if (stopPrice !== undefined && quote !== undefined) checkStopSide(order.side, stopPrice, quote);
    return;
  }
  // The leg's own side is opposite to the position it guards.
  const positionSide = order.side === 1 ? -1 : 1;
  const parent = order.parentType === ParentType.Order && order.parentId !== undefined ? core.state.orders.get(order.parentId) : undefined;
  const reference = parent !== undefined ? (parent.limitPrice ?? parent.stopPrice ?? parent.reservePrice) : quote === undefined ? undefined : positionSide === 1 ? quote.bid : quote.ask;
  if (reference === undefined) return;
  checkBracketSides(positionSide, reference, order.bracketRole === 'takeProfit' ? limitPrice : undefined, order.bracketRole === 'stopLoss' ? stopPrice : undefined);
}

/**
 * A modify is checked as if the order were new: the margin its working orders hold may grow by no more than is
 * free, commission on the added notional included. A refusal throws and leaves the order exactly as it was.
 */
function checkModifiedMargin(core: EngineCore, order: OrderRecord, next: OrderRecord): void {
  if (next.qty === order.qty && next.limitPrice === order.limitPrice && next.stopPrice === order.stopPrice) return;
  const growth = reserveGrowth(core, order.symbol, exposureWith(core.state.openExposure.get(order.symbol), order, next));
  if (growth <= 0n) return;
  const price = next.limitPrice ?? next.stopPrice ?? next.reservePrice ?? 0n;
  const notional = mulFixed(next.qty - next.filledQty, price);
  const before = mulFixed(order.qty - order.filledQty, order.limitPrice ?? order.stopPrice ?? order.reservePrice ?? 0n);
  const commission = notional > before ? core.commission.commission(notional - before, 0n, core.moneyUnit(order.symbol), next.qty - order.qty > 0n ? next.qty - order.qty : 0n) : 0n;
  const quote = core.state.books.get(order.symbol)?.quote;
  const marketable = next.type === OrderType.Limit && quote !== undefined && (next.side === 1 ? price >= quote.ask : price <= quote.bid);
  const openLoss = marketable ? openLossOf(core, order.symbol, order.side, next.qty - next.filledQty, price) : 0n;
  const short = marginShortfall(core, { required: growth + commission + openLoss, notional, commission, leverage: core.leverageOf(order.symbol) });
  if (short !== undefined) throw insufficientMargin(core, order.side, next.qty, order.symbol, short);
}

export function cancelOrder(core: EngineCore, orderId: string, now: number): void {
  advanceClock(core, now);
  core.cancel(core.requireLiveOrder(orderId), core.state.clock);
}

/** Cancels every live order matching all given filters; returns the ids canceled (children included). */
export function cancelOrders(core: EngineCore, filter: CancelOrders, now: number): string[] {
  advanceClock(core, now);
  const wanted = filter.orderIds === undefined ? undefined : new Set(filter.orderIds);
  const live = [...core.state.orders.values()].filter((o) => !isFinalStatus(o.status));
  for (const order of live) {
    if (filter.symbol !== undefined && order.symbol !== filter.symbol) continue;
    if (filter.side !== undefined && order.side !== filter.side) continue;
    if (wanted !== undefined && !wanted.has(order.id)) continue;
    const current = core.state.orders.get(order.id);
    if (current !== undefined) core.cancel(current, core.state.clock);
  }
  // Final orders leave a state without history only when the operation ends, so every cancel is still visible here.
  return live.filter((o) => core.state.orders.get(o.id)?.status === OrderStatus.Canceled).map((o) => o.id);
}
