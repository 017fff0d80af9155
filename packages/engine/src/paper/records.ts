/** The engine's internal records (exact `Fixed` values) and the events that carry full snapshots of them. */
import type { Fixed, OrderStatus, OrderType, ParentType, Side, TimeInForce } from '@trading-pro/contracts';

export type BracketRole = 'takeProfit' | 'stopLoss';

export interface OrderRecord {
  readonly id: string;
  /** Creation counter: ids and time priority derive from it. */
  readonly seq: number;
  readonly clientOrderId?: string;
  /** Canonical body of the request, to tell a retried `clientOrderId` from a reused one. */
  readonly requestKey?: string;
  readonly symbol: string;
  readonly type: OrderType;
  readonly side: Side;
  readonly qty: Fixed;
  readonly status: OrderStatus;
  readonly limitPrice?: Fixed;
  readonly stopPrice?: Fixed;
  readonly filledQty: Fixed;
  /** Σ fill qty × price, for an exact volume-weighted average. */
  readonly filledNotional: Fixed;
  readonly takeProfit?: Fixed;
  readonly stopLoss?: Fixed;
  /** Trailing distance in ticks (stop-loss brackets only). */
  readonly trailingStopPips?: number;
  readonly parentId?: string;
  readonly parentType?: ParentType;
  readonly bracketRole?: BracketRole;
  readonly duration: TimeInForce;
  /** Works in pre- and post-market too (Limit, DAY). */
  readonly extendedHours?: boolean;
  readonly rejectReason?: string;
  /** Error code of a business rejection, so a retried request can answer with the same error. */
  readonly rejectCode?: string;
  readonly commission: Fixed;
  readonly createTime: number;
  readonly updateTime: number;
  /** Stop and StopLimit orders: the stop has been touched. */
  readonly triggered: boolean;
  /** Earliest fill time (acceptance + latency). */
  readonly activeAt: number;
  /** DAY orders: when they expire. */
  readonly expireAt?: number;
  /** Market orders: the price margin is held at while they work (the expected fill price at acceptance). */
  readonly reservePrice?: Fixed;
  /** Closes only: never fills beyond the position it closes, never opens the other side. */
  readonly reduceOnly?: boolean;
  /** Placed by a position reverse (one at a time per symbol). */
  readonly reverse?: boolean;
  /** Placed by the engine to liquidate a position below maintenance margin. */
  readonly liquidation?: boolean;
}

export interface ExecutionRecord {
  readonly id: string;
  readonly seq: number;
  readonly orderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly price: Fixed;
  readonly qty: Fixed;
  readonly commission: Fixed;
  readonly time: number;
}

/** Net position of one symbol; `qty` is signed (short < 0) and 0 once closed. */
export interface PositionRecord {
  readonly symbol: string;
  readonly qty: Fixed;
  /** Direction; a closed position keeps the side it had. */
  readonly side: Side;
  readonly avgPrice: Fixed;
  readonly updateTime: number;
}

export interface BalanceRecord {
  readonly balance: Fixed;
  readonly realizedPL: Fixed;
  readonly commissionPaid: Fixed;
  readonly time: number;
}

export interface LeverageRecord {
  readonly symbol: string;
  readonly leverage: number;
  readonly time: number;
}

/** Immutable facts; the engine's state is a fold over them. */
export type EngineEvent =
  | { readonly type: 'order'; readonly order: OrderRecord }
  | { readonly type: 'execution'; readonly execution: ExecutionRecord }
  | { readonly type: 'position'; readonly position: PositionRecord }
  | { readonly type: 'balance'; readonly balance: BalanceRecord }
  | { readonly type: 'leverage'; readonly leverage: LeverageRecord };
