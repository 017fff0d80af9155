/**
 * Margin held for working orders. Per symbol the fold keeps the remaining quantity and notional of working buy
 * and sell orders (bracket children and reduce-only closes excluded: they only ever reduce the position); the
 * reserve is the margin of the worst-case growth of |position| if every working buy, or every working sell,
 * filled at its price. A working market order (in its latency window, or partly filled for lack of liquidity)
 * holds margin at the price it was accepted at.
 */
import { OrderStatus, OrderType, divFixed, mulFixed, type Fixed } from '@trading-pro/contracts';
import { exposureIncrease, marginFor } from './accounting.ts';
import type { OrderRecord } from './records.ts';

export interface OpenExposure {
  buyQty: Fixed;
  buyNotional: Fixed;
  sellQty: Fixed;
  sellNotional: Fixed;
  /**
   * The reserve last computed from these figures, with the position and leverage it was computed for: every order
   * placement asks for the reserve of every symbol (buying power), while only one symbol's figures changed.
   */
  reserved?: { readonly positionQty: Fixed; readonly leverage: number; readonly margin: Fixed } | undefined;
}

/** What a working order adds to its symbol's open exposure; undefined when it holds nothing. */
function contribution(order: OrderRecord): { buy: boolean; qty: Fixed; notional: Fixed } | undefined {
  if (order.status !== OrderStatus.Working || order.bracketRole !== undefined || order.reduceOnly === true) return undefined;
  const price = order.type === OrderType.Market ? order.reservePrice : (order.limitPrice ?? order.stopPrice);
  const qty = order.qty - order.filledQty;
  if (price === undefined || qty <= 0n) return undefined;
  return { buy: order.side === 1, qty, notional: mulFixed(qty, price) };
}

const EMPTY: OpenExposure = { buyQty: 0n, buyNotional: 0n, sellQty: 0n, sellNotional: 0n };

/** The four figures of `open` in a new entry (without its cached reserve, which belongs to `open` alone). */
function copyOf(open: OpenExposure): OpenExposure {
  return { buyQty: open.buyQty, buyNotional: open.buyNotional, sellQty: open.sellQty, sellNotional: open.sellNotional };
}

/** Moves `previous`'s contribution out of `entry` and `next`'s in (in place); false when neither contributes. */
function shift(entry: OpenExposure, previous: OrderRecord | undefined, next: OrderRecord | undefined): boolean {
  const removed = previous === undefined ? undefined : contribution(previous);
  const added = next === undefined ? undefined : contribution(next);
  if (removed === undefined && added === undefined) return false;
  entry.reserved = undefined;
  if (removed !== undefined) {
    if (removed.buy) {
      entry.buyQty -= removed.qty;
      entry.buyNotional -= removed.notional;
    } else {
      entry.sellQty -= removed.qty;
      entry.sellNotional -= removed.notional;
    }
  }
  if (added !== undefined) {
    if (added.buy) {
      entry.buyQty += added.qty;
      entry.buyNotional += added.notional;
    } else {
      entry.sellQty += added.qty;
      entry.sellNotional += added.notional;
    }
  }
  return true;
}

/** Replaces `previous`'s contribution by `next`'s in the per-symbol index. */
export function updateOpenExposure(index: Map<string, OpenExposure>, previous: OrderRecord | undefined, next: OrderRecord): void {
  const entry = index.get(next.symbol) ?? copyOf(EMPTY);
  if (!shift(entry, previous, next)) return;
  if (entry.buyQty === 0n && entry.sellQty === 0n) index.delete(next.symbol);
  else index.set(next.symbol, entry);
}

/** The symbol's open exposure if `previous` were replaced by `next` (either may be absent), without changing it. */
export function exposureWith(open: OpenExposure | undefined, previous: OrderRecord | undefined, next: OrderRecord | undefined): OpenExposure {
  const entry = copyOf(open ?? EMPTY);
  shift(entry, previous, next);
  return entry;
}

/**
 * The last reserve computed, with everything it was computed from: the check before an order is accepted computes
 * the reserve of the exposure with the order in it, which is the symbol's exposure once the order is applied.
 */
let lastComputed: (Omit<OpenExposure, 'reserved'> & { readonly positionQty: Fixed; readonly leverage: number; readonly minorUnit: Fixed; readonly margin: Fixed }) | undefined;

/** Margin reserved on one symbol for its working orders, given the signed position. */
export function reservedMargin(open: OpenExposure, positionQty: Fixed, leverage: number, minorUnit: Fixed): Fixed {
  const cached = open.reserved;
  if (cached !== undefined && cached.positionQty === positionQty && cached.leverage === leverage) return cached.margin;
  const last = lastComputed;
  const margin =
    last !== undefined && last.buyQty === open.buyQty && last.buyNotional === open.buyNotional && last.sellQty === open.sellQty && last.sellNotional === open.sellNotional &&
    last.positionQty === positionQty && last.leverage === leverage && last.minorUnit === minorUnit
      ? last.margin
      : computeReserve(open, positionQty, leverage, minorUnit);
  open.reserved = { positionQty, leverage, margin };
  lastComputed = { buyQty: open.buyQty, buyNotional: open.buyNotional, sellQty: open.sellQty, sellNotional: open.sellNotional, positionQty, leverage, minorUnit, margin };
  return margin;
}

function computeReserve(open: OpenExposure, positionQty: Fixed, leverage: number, minorUnit: Fixed): Fixed {
  const side = (qty: Fixed, notional: Fixed, signed: Fixed): Fixed => {
    const growth = exposureIncrease(positionQty, signed);
    if (growth === 0n || qty === 0n) return 0n;
    // The growth is priced at the side's average order price.
    return marginFor(growth, divFixed(notional, qty), leverage, minorUnit);
  };
  const buys = side(open.buyQty, open.buyNotional, open.buyQty);
  const sells = side(open.sellQty, open.sellNotional, -open.sellQty);
  return buys > sells ? buys : sells;
}

/** The symbol's open exposure with one more working order (for the check before accepting it). */
export function withOrder(open: OpenExposure | undefined, buy: boolean, qty: Fixed, price: Fixed): OpenExposure {
  const entry = copyOf(open ?? EMPTY);
  const notional = mulFixed(qty, price);
  if (buy) {
    entry.buyQty += qty;
    entry.buyNotional += notional;
  } else {
    entry.sellQty += qty;
    entry.sellNotional += notional;
  }
  return entry;
}
