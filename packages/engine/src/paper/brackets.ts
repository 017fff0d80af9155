/**
 * Bracket orders: take-profit (Limit) and stop-loss (Stop) children that sleep (Inactive) until their
 * parent fills, then guard the whole position as an OCO pair whose size follows the position.
 */
import { ErrorCode, OrderStatus, OrderType, ParentType, TradingError, absFixed, isFinalStatus } from '@trading-pro/contracts';
import type { Fixed, PositionBrackets, Side } from '@trading-pro/contracts';
import { closingMark } from './accounting.ts';
import { orderIdOf } from './core.ts';
import type { EngineCore } from './core.ts';
import type { BracketRole, OrderRecord } from './records.ts';
import { checkBracketSides, checkPrice, validateTrailing } from './validation.ts';

const ROLES: readonly BracketRole[] = ['takeProfit', 'stopLoss'];

interface BracketSpec {
  readonly symbol: string;
  /** The bracket's own side: opposite to the position it protects. */
  readonly side: Side;
  readonly qty: Fixed;
  readonly parentId: string;
  readonly parentType: ParentType;
  readonly status: OrderStatus;
}

export function newBracket(core: EngineCore, spec: BracketSpec, role: BracketRole, price: Fixed, trailing: number | undefined, time: number): OrderRecord {
  const seq = core.state.orderSeq + 1;
  const order: OrderRecord = {
    id: orderIdOf(seq),
    seq,
    symbol: spec.symbol,
    type: role === 'takeProfit' ? OrderType.Limit : OrderType.Stop,
    side: spec.side,
    qty: spec.qty,
    status: spec.status,
    filledQty: 0n,
    filledNotional: 0n,
    parentId: spec.parentId,
    parentType: spec.parentType,
    bracketRole: role,
    duration: 'GTC',
    commission: 0n,
    createTime: time,
    updateTime: time,
    triggered: false,
    activeAt: time,
    ...(role === 'takeProfit' ? { limitPrice: price } : { stopPrice: price }),
    ...(role === 'stopLoss' && trailing !== undefined ? { trailingStopPips: trailing } : {}),
  };
  core.emit({ type: 'order', order });
  return order;
}

/** Creates the sleeping children of a just-accepted parent. */
export function createChildren(core: EngineCore, parent: OrderRecord, time: number): void {
  const spec: BracketSpec = { symbol: parent.symbol, side: parent.side === 1 ? -1 : 1, qty: parent.qty, parentId: parent.id, parentType: ParentType.Order, status: OrderStatus.Inactive };
  if (parent.takeProfit !== undefined) newBracket(core, spec, 'takeProfit', parent.takeProfit, undefined, time);
  if (parent.stopLoss !== undefined) newBracket(core, spec, 'stopLoss', parent.stopLoss, parent.trailingStopPips, time);
}

function liveChild(core: EngineCore, parentId: string, role: BracketRole): OrderRecord | undefined {
  for (const id of core.state.children.get(parentId) ?? []) {
    const child = core.state.orders.get(id);
    if (child !== undefined && child.bracketRole === role && !isFinalStatus(child.status)) return child;
  }
  return undefined;
}

/** Wakes sleeping children once the parent has opened or grown a position in its direction. */
export function wakeChildren(core: EngineCore, parent: OrderRecord, time: number): void {
  const ids = core.state.children.get(parent.id);
  if (ids === undefined) return;
  const position = core.state.positions.get(parent.symbol);
  for (const id of ids) {
    const child = core.state.orders.get(id);
    if (child === undefined || child.status !== OrderStatus.Inactive || child.bracketRole === undefined) continue;
    if (parent.filledQty > 0n && position !== undefined && position.side === parent.side) {
      const replacedId = core.state.positionBrackets.get(parent.symbol)?.[child.bracketRole];
      const replaced = replacedId === undefined ? undefined : core.state.orders.get(replacedId);
      if (replaced !== undefined) core.cancel(replaced, time, 'replaced by a newer bracket');
      const changes = { status: OrderStatus.Working, parentType: ParentType.Position, parentId: parent.symbol, qty: absFixed(position.qty), activeAt: time };
      core.update(child, changes, time);
    } else if (isFinalStatus(parent.status)) {
      core.cancel(child, time, parent.filledQty > 0n ? 'the parent order left no position to guard' : 'parent order canceled');
    }
  }
}

/** Keeps the position's brackets sized to it; cancels them when it closes or flips. */
export function syncPositionBrackets(core: EngineCore, symbol: string, time: number): void {
  const ids = core.state.positionBrackets.get(symbol);
  if (ids === undefined) return;
  const position = core.state.positions.get(symbol);
  for (const role of ROLES) {
    const id = ids[role];
    const order = id === undefined ? undefined : core.state.orders.get(id);
    if (order === undefined || isFinalStatus(order.status)) continue;
    if (position === undefined || position.side === order.side) core.cancel(order, time, 'position closed');
    else {
      const target = order.filledQty + absFixed(position.qty);
      if (order.qty !== target) core.update(order, { qty: target }, time);
    }
  }
}

/** After any fill: wake children, enforce one-cancels-other, resize or drop the position's brackets. */
export function afterFill(core: EngineCore, order: OrderRecord, time: number): void {
  wakeChildren(core, order, time);
  if (order.parentType === ParentType.Position && order.status === OrderStatus.Filled && order.bracketRole !== undefined) {
    const otherRole: BracketRole = order.bracketRole === 'takeProfit' ? 'stopLoss' : 'takeProfit';
    const otherId = core.state.positionBrackets.get(order.symbol)?.[otherRole];
    const other = otherId === undefined ? undefined : core.state.orders.get(otherId);
    if (other !== undefined) core.cancel(other, time, 'one-cancels-other: the other bracket filled');
  }
  syncPositionBrackets(core, order.symbol, time);
}

/** Cancels every bracket guarding the symbol's position. */
export function cancelPositionBrackets(core: EngineCore, symbol: string, time: number, reason: string): void {
  const ids = core.state.positionBrackets.get(symbol);
  for (const role of ROLES) {
    const id = ids?.[role];
    const order = id === undefined ? undefined : core.state.orders.get(id);
    if (order !== undefined) core.cancel(order, time, reason);
  }
}

/** Sets, moves or removes (null) the position's take-profit, stop-loss and trailing distance. */
export function setPositionBrackets(core: EngineCore, symbol: string, brackets: PositionBrackets, time: number): void {
  const position = core.state.positions.get(symbol);
  if (position === undefined) throw new TradingError(ErrorCode.NOT_FOUND, `no open position in ${symbol}`);
  const instrument = core.requireInstrument(symbol);
  const takeProfit = brackets.takeProfit == null ? brackets.takeProfit : checkPrice(brackets.takeProfit, instrument, 'takeProfit');
  let stopLoss = brackets.stopLoss == null ? brackets.stopLoss : checkPrice(brackets.stopLoss, instrument, 'stopLoss');
  const trailing = brackets.trailingStopPips;
  if (trailing !== null) validateTrailing(trailing, 'trailingStopPips');
  const quote = core.state.books.get(symbol)?.quote;
  const reference = quote === undefined ? position.avgPrice : closingMark(quote, position.qty);
  checkBracketSides(position.side, reference, takeProfit ?? undefined, stopLoss ?? undefined);
  const current = core.state.positionBrackets.get(symbol) ?? {};
  if (typeof trailing === 'number' && stopLoss === undefined && current.stopLoss === undefined) {
    const distance = BigInt(trailing) * instrument.tickSize;
    stopLoss = position.side === 1 ? reference - distance : reference + distance;
    if (stopLoss <= 0n) throw new TradingError(ErrorCode.VALIDATION_ERROR, `trailingStopPips ${trailing} puts the stop at or below zero`);
  }
  const spec: BracketSpec = { symbol, side: position.side === 1 ? -1 : 1, qty: absFixed(position.qty), parentId: symbol, parentType: ParentType.Position, status: OrderStatus.Working };
  applyRole(core, spec, current.takeProfit, 'takeProfit', takeProfit, undefined, time);
  applyRole(core, spec, current.stopLoss, 'stopLoss', stopLoss, trailing, time);
}

function applyRole(
  core: EngineCore,
  spec: BracketSpec,
  existingId: string | undefined,
  role: BracketRole,
  price: Fixed | null | undefined,
  trailing: number | null | undefined,
  time: number,
): void {
  const existing = existingId === undefined ? undefined : core.state.orders.get(existingId);
  if (price === null) {
    if (existing !== undefined) core.cancel(existing, time, 'bracket removed');
    return;
  }
  const priceField = role === 'takeProfit' ? 'limitPrice' : 'stopPrice';
  const trailingChange = trailing === undefined ? {} : { trailingStopPips: trailing ?? undefined };
  if (existing !== undefined) {
    if (price !== undefined || trailing !== undefined) core.update(existing, { ...(price === undefined ? {} : { [priceField]: price }), ...trailingChange }, time);
  } else if (price !== undefined) {
    newBracket(core, spec, role, price, trailing ?? undefined, time);
  }
}

/** Applies ModifyOrder.takeProfit/stopLoss of a parent order to its children (creating or removing them). */
export function modifyChildren(core: EngineCore, parent: OrderRecord, changes: { takeProfit?: Fixed | null; stopLoss?: Fixed | null }, time: number): void {
  for (const role of ROLES) {
    const value = changes[role];
    if (value === undefined) continue;
    const child = liveChild(core, parent.id, role);
    if (value === null) {
      if (child !== undefined) core.cancel(child, time, 'bracket removed');
    } else if (child !== undefined) {
      core.update(child, role === 'takeProfit' ? { limitPrice: value } : { stopPrice: value }, time);
    } else {
      const spec: BracketSpec = { symbol: parent.symbol, side: parent.side === 1 ? -1 : 1, qty: parent.qty, parentId: parent.id, parentType: ParentType.Order, status: OrderStatus.Inactive };
      newBracket(core, spec, role, value, role === 'stopLoss' ? parent.trailingStopPips : undefined, time);
    }
  }
  const latest = core.state.orders.get(parent.id) ?? parent;
  if (latest.filledQty > 0n) wakeChildren(core, latest, time);
}
