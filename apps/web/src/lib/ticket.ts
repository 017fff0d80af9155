/** The order ticket's rules: which prices an order type needs, validation against the instrument's tick and lot, the PreOrder it makes. */
import { OrderType, Side, type PreOrder, type TimeInForce } from '@trading-pro/sdk';
import { formatPrice, formatQty } from './format.ts';
import { isOnStep } from './steps.ts';

export interface InstrumentRules {
  readonly symbol: string;
  readonly tickSize: number;
  readonly qtyStep: number;
  readonly minQty: number;
}

export interface TicketDraft {
  readonly side: Side;
  readonly type: OrderType;
  readonly qty: number | null;
  readonly limitPrice: number | null;
  readonly stopPrice: number | null;
  readonly duration: TimeInForce;
  readonly takeProfit: number | null;
  readonly stopLoss: number | null;
}

export type TicketField = 'qty' | 'limitPrice' | 'stopPrice' | 'takeProfit' | 'stopLoss';
export type TicketErrors = Partial<Record<TicketField, string>>;

export function needsLimitPrice(type: OrderType): boolean {
  return type === OrderType.Limit || type === OrderType.StopLimit;
}

export function needsStopPrice(type: OrderType): boolean {
  return type === OrderType.Stop || type === OrderType.StopLimit;
}

function checkPrice(value: number | null, tick: number, name: string): string | undefined {
  if (value === null || !Number.isFinite(value)) return `Enter a ${name}`;
  if (value <= 0) return `The ${name} must be above zero`;
  if (!isOnStep(value, tick)) return `The ${name} must be a multiple of the tick ${formatPrice(tick, tick)}`;
  return undefined;
}

function checkQty(value: number | null, rules: InstrumentRules): string | undefined {
  if (value === null || !Number.isFinite(value) || value <= 0) return 'Enter a quantity';
  if (value < rules.minQty) return `The minimum quantity is ${formatQty(rules.minQty, rules.qtyStep)}`;
  if (!isOnStep(value, rules.qtyStep)) return `The quantity must be a multiple of the lot step ${formatQty(rules.qtyStep, rules.qtyStep)}`;
  return undefined;
}

/** The price the order would enter at: its limit, its stop, or the market reference for market orders. */
export function entryPrice(draft: TicketDraft, marketPrice: number | undefined): number | undefined {
  if (needsLimitPrice(draft.type) && draft.limitPrice !== null) return draft.limitPrice;
  if (needsStopPrice(draft.type) && draft.stopPrice !== null) return draft.stopPrice;
  return marketPrice;
}

function checkBrackets(draft: TicketDraft, rules: InstrumentRules, entry: number | undefined, errors: TicketErrors): void {
  const buy = draft.side === Side.Buy;
  if (draft.takeProfit !== null) {
    const problem = checkPrice(draft.takeProfit, rules.tickSize, 'take-profit price');
    if (problem !== undefined) errors.takeProfit = problem;
    else if (entry !== undefined && (buy ? draft.takeProfit <= entry : draft.takeProfit >= entry)) {
      errors.takeProfit = `The take-profit must be ${buy ? 'above' : 'below'} the entry price ${formatPrice(entry, rules.tickSize)}`;
    }
  }
  if (draft.stopLoss !== null) {
    const problem = checkPrice(draft.stopLoss, rules.tickSize, 'stop-loss price');
    if (problem !== undefined) errors.stopLoss = problem;
    else if (entry !== undefined && (buy ? draft.stopLoss >= entry : draft.stopLoss <= entry)) {
      errors.stopLoss = `The stop-loss must be ${buy ? 'below' : 'above'} the entry price ${formatPrice(entry, rules.tickSize)}`;
    }
  }
}

/** Field errors of a draft; empty when the ticket can be sent. */
export function validateTicket(draft: TicketDraft, rules: InstrumentRules, marketPrice?: number): TicketErrors {
  const errors: TicketErrors = {};
  const qty = checkQty(draft.qty, rules);
  if (qty !== undefined) errors.qty = qty;
  if (needsLimitPrice(draft.type)) {
    const problem = checkPrice(draft.limitPrice, rules.tickSize, 'limit price');
    if (problem !== undefined) errors.limitPrice = problem;
  }
  if (needsStopPrice(draft.type)) {
    const problem = checkPrice(draft.stopPrice, rules.tickSize, 'stop price');
    if (problem !== undefined) errors.stopPrice = problem;
  }
  checkBrackets(draft, rules, entryPrice(draft, marketPrice), errors);
  return errors;
}

/** The request for a valid draft (only the prices its type uses). */
export function toPreOrder(draft: TicketDraft, rules: InstrumentRules): PreOrder {
  return {
    symbol: rules.symbol,
    type: draft.type,
    side: draft.side,
    qty: draft.qty ?? 0,
    ...(needsLimitPrice(draft.type) && draft.limitPrice !== null ? { limitPrice: draft.limitPrice } : {}),
    ...(needsStopPrice(draft.type) && draft.stopPrice !== null ? { stopPrice: draft.stopPrice } : {}),
    ...(draft.takeProfit !== null ? { takeProfit: draft.takeProfit } : {}),
    ...(draft.stopLoss !== null ? { stopLoss: draft.stopLoss } : {}),
    duration: { type: draft.duration },
  };
}
