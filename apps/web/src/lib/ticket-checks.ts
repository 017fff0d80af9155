/**
 * Ticket guards beyond field validity: warnings for stops and brackets on the wrong side of the market, take-profit and
 * stop-loss prefilled as offsets from the entry, risk and reward, and the order value against the configured maximum.
 */
import { OrderType, Side } from '@trading-pro/sdk';
import { formatMoney, formatPrice } from './format.ts';
import { roundToStep } from './steps.ts';
import type { TicketDraft } from './ticket.ts';

export interface MarketSide {
  readonly bid?: number;
  readonly ask?: number;
}

/** Default distance of a prefilled take-profit and stop-loss from the entry, as a fraction of the price. */
export const TAKE_PROFIT_OFFSET = 0.01;
export const STOP_LOSS_OFFSET = 0.005;

/** Warnings that do not block sending but that a trader must see before it. */
export function ticketWarnings(draft: TicketDraft, tickSize: number, market: MarketSide): string[] {
  const warnings: string[] = [];
  const buy = draft.side === Side.Buy;
  const { bid, ask } = market;
  const stopped = draft.type === OrderType.Stop || draft.type === OrderType.StopLimit;
  if (stopped && draft.stopPrice !== null) {
    if (buy && ask !== undefined && draft.stopPrice <= ask) {
      warnings.push(`A buy stop at ${formatPrice(draft.stopPrice, tickSize)} is at or below the ask ${formatPrice(ask, tickSize)}: it triggers at once.`);
    }
    if (!buy && bid !== undefined && draft.stopPrice >= bid) {
      warnings.push(`A sell stop at ${formatPrice(draft.stopPrice, tickSize)} is at or above the bid ${formatPrice(bid, tickSize)}: it triggers at once.`);
    }
  }
  if (draft.type === OrderType.Limit && draft.limitPrice !== null) {
    if (buy && ask !== undefined && draft.limitPrice >= ask) warnings.push(`A buy limit at or above the ask ${formatPrice(ask, tickSize)} fills at once, like a market order.`);
    if (!buy && bid !== undefined && draft.limitPrice <= bid) warnings.push(`A sell limit at or below the bid ${formatPrice(bid, tickSize)} fills at once, like a market order.`);
  }
  // The closing side of the position the order opens: a long is marked at the bid, a short at the ask.
  const exitMark = buy ? bid : ask;
  if (exitMark !== undefined && draft.stopLoss !== null && (buy ? draft.stopLoss >= exitMark : draft.stopLoss <= exitMark)) {
    warnings.push(`The stop-loss ${formatPrice(draft.stopLoss, tickSize)} is already ${buy ? 'at or above the bid' : 'at or below the ask'}: it would close the position at once.`);
  }
  if (exitMark !== undefined && draft.takeProfit !== null && (buy ? draft.takeProfit <= exitMark : draft.takeProfit >= exitMark)) {
    warnings.push(`The take-profit ${formatPrice(draft.takeProfit, tickSize)} is already ${buy ? 'at or below the bid' : 'at or above the ask'}: it would close the position at once.`);
  }
  return warnings;
}

/** A take-profit or stop-loss price `offset` (fraction of the entry) away on the profitable or losing side, on the tick. */
export function bracketPrice(kind: 'takeProfit' | 'stopLoss', side: Side, entry: number, tickSize: number, offset = kind === 'takeProfit' ? TAKE_PROFIT_OFFSET : STOP_LOSS_OFFSET): number {
  const up = (kind === 'takeProfit') === (side === Side.Buy);
  const distance = Math.max(tickSize, roundToStep(entry * offset, tickSize));
  return roundToStep(up ? entry + distance : entry - distance, tickSize);
}

export interface RiskReward {
  readonly reward?: { readonly money: number; readonly percent: number };
  readonly risk?: { readonly money: number; readonly percent: number };
  /** Reward divided by risk. */
  readonly ratio?: number;
}

/** Money and price-percent between the entry and each bracket, for `qty`. */
export function riskReward(side: Side, entry: number | undefined, qty: number | null, takeProfit: number | null, stopLoss: number | null): RiskReward {
  if (entry === undefined || !(entry > 0) || qty === null || !(qty > 0)) return {};
  const sign = side === Side.Buy ? 1 : -1;
  const leg = (price: number | null) => (price === null ? undefined : { money: Math.round((price - entry) * sign * qty * 100) / 100, percent: ((price - entry) / entry) * 100 * sign });
  const reward = leg(takeProfit);
  const risk = leg(stopLoss);
  const ratio = reward !== undefined && risk !== undefined && risk.money < 0 ? reward.money / -risk.money : undefined;
  return { ...(reward ? { reward } : {}), ...(risk ? { risk } : {}), ...(ratio === undefined ? {} : { ratio }) };
}

/** A blocking error when the order's value passes the configured maximum (0 = no limit). */
export function orderValueError(notional: number | undefined, maxOrderValue: number, currency: string): string | undefined {
  if (notional === undefined || !(maxOrderValue > 0) || notional <= maxOrderValue) return undefined;
  return `Order value ${formatMoney(notional, currency)} is above your maximum of ${formatMoney(maxOrderValue, currency)} (Settings).`;
}

/** A warning when the value passes the buying power (the broker decides with leverage and margin). */
export function buyingPowerWarning(notional: number | undefined, buyingPower: number | undefined, currency: string): string | undefined {
  if (notional === undefined || buyingPower === undefined || notional <= buyingPower) return undefined;
  return `Order value ${formatMoney(notional, currency)} is above the buying power ${formatMoney(buyingPower, currency)}; it fills only with enough leverage.`;
}
