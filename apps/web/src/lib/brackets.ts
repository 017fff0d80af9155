/**
 * A position's take-profit and stop-loss as the live bracket orders say (limit child = take-profit, stop child =
 * stop-loss), and the change a bracket form asks for: a leg the user did not untick is never removed.
 */
import { OrderType, ParentType, type Order, type Position, type PositionBrackets } from '@trading-pro/sdk';
import { isActiveOrder } from './labels.ts';

export interface BracketLegs {
  readonly takeProfit?: number;
  readonly stopLoss?: number;
  readonly takeProfitOrderId?: string;
  readonly stopLossOrderId?: string;
}

export interface BracketForm {
  takeProfitOn: boolean;
  takeProfit: number | null;
  stopLossOn: boolean;
  stopLoss: number | null;
}

/** The live legs guarding `position`; the position's own fields fill in for brokers that keep brackets inline. */
export function positionBrackets(position: Position, orders: readonly Order[]): BracketLegs {
  let legs: { -readonly [K in keyof BracketLegs]: BracketLegs[K] } = {};
  for (const order of orders) {
    if (!isActiveOrder(order) || order.parentType !== ParentType.Position || order.symbol !== position.symbol) continue;
    if (order.parentId !== undefined && order.parentId !== position.id && order.parentId !== position.symbol) continue;
    if (order.type === OrderType.Limit && order.limitPrice !== undefined) legs = { ...legs, takeProfit: order.limitPrice, takeProfitOrderId: order.id };
    else if ((order.type === OrderType.Stop || order.type === OrderType.StopLimit) && order.stopPrice !== undefined) {
      legs = { ...legs, stopLoss: order.stopPrice, stopLossOrderId: order.id };
    }
  }
  if (legs.takeProfit === undefined && position.takeProfit !== undefined) legs.takeProfit = position.takeProfit;
  if (legs.stopLoss === undefined && position.stopLoss !== undefined) legs.stopLoss = position.stopLoss;
  return legs;
}

/** The form a bracket dialog opens with. */
export function bracketForm(legs: BracketLegs): BracketForm {
  return {
    takeProfitOn: legs.takeProfit !== undefined,
    takeProfit: legs.takeProfit ?? null,
    stopLossOn: legs.stopLoss !== undefined,
    stopLoss: legs.stopLoss ?? null,
  };
}

function legChange(before: number | undefined, on: boolean, value: number | null): number | null | undefined {
  if (!on) return before === undefined ? undefined : null;
  if (value === null || value === before) return undefined;
  return value;
}

/** Only what changed: a new or moved leg carries its price, an unticked existing leg `null`, the rest is omitted. */
export function bracketChanges(before: BracketLegs, form: BracketForm): PositionBrackets {
  const takeProfit = legChange(before.takeProfit, form.takeProfitOn, form.takeProfit);
  const stopLoss = legChange(before.stopLoss, form.stopLossOn, form.stopLoss);
  return { ...(takeProfit === undefined ? {} : { takeProfit }), ...(stopLoss === undefined ? {} : { stopLoss }) };
}
