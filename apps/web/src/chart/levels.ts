/**
 * Price levels drawn on the chart, each saying which order it belongs to and what dragging or ✕ does to it:
 * working orders (move the price), their pending brackets and a position's brackets (move or remove that leg only),
 * the position's average with its P&L, the ticket's draft order before it is sent, and price alerts.
 */
import { OrderType, ParentType, Side, type Order, type Position } from '@trading-pro/sdk';
import type { BracketLegs } from '../lib/brackets.ts';
import { isActiveOrder, sideLabel } from '../lib/labels.ts';

export type LevelKind = 'buy' | 'sell' | 'take-profit' | 'stop-loss' | 'position' | 'draft' | 'alert';

/** What a drag or ✕ acts on. */
export type LevelTarget =
  | { readonly kind: 'order'; readonly orderId: string; readonly field: 'limitPrice' | 'stopPrice' }
  | { readonly kind: 'order-bracket'; readonly orderId: string; readonly field: 'takeProfit' | 'stopLoss' }
  | { readonly kind: 'position-bracket'; readonly positionId: string; readonly field: 'takeProfit' | 'stopLoss' }
  | { readonly kind: 'position'; readonly positionId: string }
  | { readonly kind: 'alert'; readonly alertId: string }
  | { readonly kind: 'draft' };

export interface ChartLevel {
  readonly key: string;
  readonly price: number;
  readonly kind: LevelKind;
  /** Short text on the line ("Buy 0.5 LMT", "TP · Long 0.5"). */
  readonly title: string;
  /** Which order or position the line belongs to, for labels and screen readers ("order O12"). */
  readonly owner: string;
  /** Dashed for levels that are not resting orders (position average, pending brackets, drafts, alerts). */
  readonly dashed: boolean;
  readonly draggable: boolean;
  readonly target: LevelTarget;
}

export const LEVEL_COLORS: Record<LevelKind, string> = {
  buy: '#3d8bfd',
  sell: '#f06292',
  'take-profit': '#26a69a',
  'stop-loss': '#f0b429',
  position: '#8a94a3',
  draft: '#9c7cf4',
  alert: '#ff9800',
};

export interface LevelSources {
  readonly symbol: string;
  readonly orders: readonly Order[];
  readonly position: Position | undefined;
  readonly positionBrackets: BracketLegs;
  readonly qtyText: (qty: number) => string;
}

function orderLevels(order: Order, children: readonly Order[], qtyText: (qty: number) => string): ChartLevel[] {
  const levels: ChartLevel[] = [];
  const kind: LevelKind = order.side === Side.Buy ? 'buy' : 'sell';
  const label = `${sideLabel(order.side)} ${qtyText(order.qty - order.filledQty)}`;
  const owner = `order ${order.id}`;
  if (order.stopPrice !== undefined) {
    levels.push({ key: `order:${order.id}:stop`, price: order.stopPrice, kind, title: `${label} STP`, owner, dashed: false, draggable: true, target: { kind: 'order', orderId: order.id, field: 'stopPrice' } });
  }
  if (order.limitPrice !== undefined) {
    levels.push({ key: `order:${order.id}:limit`, price: order.limitPrice, kind, title: `${label} LMT`, owner, dashed: false, draggable: true, target: { kind: 'order', orderId: order.id, field: 'limitPrice' } });
  }
  // Brackets of a working parent: its waiting children when the broker made them, else the parent's own fields.
  const childPrice = (type: 'tp' | 'sl') =>
    children.find((child) => (type === 'tp' ? child.type === OrderType.Limit : child.type !== OrderType.Limit))?.[type === 'tp' ? 'limitPrice' : 'stopPrice'];
  const takeProfit = childPrice('tp') ?? order.takeProfit;
  const stopLoss = childPrice('sl') ?? order.stopLoss;
  if (takeProfit !== undefined) {
    levels.push({ key: `order:${order.id}:tp`, price: takeProfit, kind: 'take-profit', title: `TP · ${label}`, owner, dashed: true, draggable: true, target: { kind: 'order-bracket', orderId: order.id, field: 'takeProfit' } });
  }
  if (stopLoss !== undefined) {
    levels.push({ key: `order:${order.id}:sl`, price: stopLoss, kind: 'stop-loss', title: `SL · ${label}`, owner, dashed: true, draggable: true, target: { kind: 'order-bracket', orderId: order.id, field: 'stopLoss' } });
  }
  return levels;
}

/** The levels of one symbol's orders and position. */
export function chartLevels(sources: LevelSources): ChartLevel[] {
  const { symbol, orders, position, positionBrackets, qtyText } = sources;
  const mine = orders.filter((order) => order.symbol === symbol && isActiveOrder(order));
  const levels: ChartLevel[] = [];
  for (const order of mine) {
    if (order.parentId !== undefined) continue;
    const children = mine.filter((child) => child.parentId === order.id && child.parentType === ParentType.Order);
    levels.push(...orderLevels(order, children, qtyText));
  }
  if (position !== undefined && position.symbol === symbol && position.qty > 0) {
    const side = position.side === Side.Buy ? 'Long' : 'Short';
    const label = `${side} ${qtyText(position.qty)}`;
    const owner = `${symbol} position`;
    levels.push({ key: 'position', price: position.avgPrice, kind: 'position', title: label, owner, dashed: true, draggable: false, target: { kind: 'position', positionId: position.id } });
    if (positionBrackets.takeProfit !== undefined) {
      levels.push({ key: 'position:tp', price: positionBrackets.takeProfit, kind: 'take-profit', title: `TP · ${label}`, owner, dashed: false, draggable: true, target: { kind: 'position-bracket', positionId: position.id, field: 'takeProfit' } });
    }
    if (positionBrackets.stopLoss !== undefined) {
      levels.push({ key: 'position:sl', price: positionBrackets.stopLoss, kind: 'stop-loss', title: `SL · ${label}`, owner, dashed: false, draggable: true, target: { kind: 'position-bracket', positionId: position.id, field: 'stopLoss' } });
    }
  }
  return levels;
}

export interface DraftLevelInput {
  readonly side: Side;
  readonly type: OrderType;
  readonly qtyText: string;
  readonly limitPrice: number | null;
  readonly stopPrice: number | null;
  readonly takeProfit: number | null;
  readonly stopLoss: number | null;
}

/** The ticket's order before it is sent, drawn dashed so the trader sees where it would rest. */
export function draftLevels(draft: DraftLevelInput): ChartLevel[] {
  const label = `Draft ${sideLabel(draft.side)} ${draft.qtyText}`;
  const base = { kind: 'draft' as const, owner: 'the order ticket', dashed: true, draggable: false, target: { kind: 'draft' as const } };
  const levels: ChartLevel[] = [];
  if ((draft.type === OrderType.Stop || draft.type === OrderType.StopLimit) && draft.stopPrice !== null) levels.push({ ...base, key: 'draft:stop', price: draft.stopPrice, title: `${label} STP` });
  if ((draft.type === OrderType.Limit || draft.type === OrderType.StopLimit) && draft.limitPrice !== null) levels.push({ ...base, key: 'draft:limit', price: draft.limitPrice, title: `${label} LMT` });
  if (draft.takeProfit !== null) levels.push({ ...base, key: 'draft:tp', price: draft.takeProfit, title: `${label} TP` });
  if (draft.stopLoss !== null) levels.push({ ...base, key: 'draft:sl', price: draft.stopLoss, title: `${label} SL` });
  return levels;
}
