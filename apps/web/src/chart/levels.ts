/** Price levels drawn on the chart: working orders, bracket take-profit/stop-loss levels and the position's average price. */
import { OrderType, ParentType, Side, type Order, type Position } from '@trading-pro/sdk';
import { isActiveOrder, sideLabel } from '../lib/labels.ts';

export type LevelKind = 'buy' | 'sell' | 'take-profit' | 'stop-loss' | 'position';

export interface ChartLevel {
  readonly key: string;
  readonly price: number;
  readonly kind: LevelKind;
  readonly title: string;
  /** Dashed for levels that are not resting orders (position average, pending brackets). */
  readonly dashed: boolean;
}

export const LEVEL_COLORS: Record<LevelKind, string> = {
  buy: '#3d8bfd',
  sell: '#f06292',
  'take-profit': '#26a69a',
  'stop-loss': '#f0b429',
  position: '#d6dbe3',
};

function orderLevels(order: Order, qtyText: (qty: number) => string): ChartLevel[] {
  const levels: ChartLevel[] = [];
  const isChild = order.parentId !== undefined;
  if (isChild) {
    // A bracket child: the limit one takes profit, the stop one stops the loss.
    const price = order.type === OrderType.Limit ? order.limitPrice : order.stopPrice;
    const kind: LevelKind = order.type === OrderType.Limit ? 'take-profit' : 'stop-loss';
    if (price !== undefined) {
      levels.push({ key: `${kind}:${price}`, price, kind, title: kind === 'take-profit' ? 'TP' : 'SL', dashed: order.parentType === ParentType.Order });
    }
    return levels;
  }
  const kind: LevelKind = order.side === Side.Buy ? 'buy' : 'sell';
  const label = `${sideLabel(order.side)} ${qtyText(order.qty - order.filledQty)}`;
  if (order.stopPrice !== undefined) levels.push({ key: `order:${order.id}:stop`, price: order.stopPrice, kind, title: `${label} STP`, dashed: false });
  if (order.limitPrice !== undefined) levels.push({ key: `order:${order.id}:limit`, price: order.limitPrice, kind, title: `${label} LMT`, dashed: false });
  // Brackets of a working parent exist as children once accepted; the parent's own fields cover brokers that keep them inline.
  if (order.takeProfit !== undefined) levels.push({ key: `take-profit:${order.takeProfit}`, price: order.takeProfit, kind: 'take-profit', title: 'TP', dashed: true });
  if (order.stopLoss !== undefined) levels.push({ key: `stop-loss:${order.stopLoss}`, price: order.stopLoss, kind: 'stop-loss', title: 'SL', dashed: true });
  return levels;
}

/** The levels for one symbol, each price and kind once. */
export function chartLevels(symbol: string, orders: readonly Order[], position: Position | undefined, qtyText: (qty: number) => string = String): ChartLevel[] {
  const byKey = new Map<string, ChartLevel>();
  const add = (level: ChartLevel) => {
    if (!byKey.has(level.key)) byKey.set(level.key, level);
  };
  for (const order of orders) if (order.symbol === symbol && isActiveOrder(order)) orderLevels(order, qtyText).forEach(add);
  if (position !== undefined && position.symbol === symbol && position.qty > 0) {
    add({ key: 'position', price: position.avgPrice, kind: 'position', title: `${position.side === Side.Buy ? 'Long' : 'Short'} ${qtyText(position.qty)}`, dashed: true });
    if (position.takeProfit !== undefined) add({ key: `take-profit:${position.takeProfit}`, price: position.takeProfit, kind: 'take-profit', title: 'TP', dashed: false });
    if (position.stopLoss !== undefined) add({ key: `stop-loss:${position.stopLoss}`, price: position.stopLoss, kind: 'stop-loss', title: 'SL', dashed: false });
  }
  return [...byKey.values()];
}
